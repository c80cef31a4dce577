// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB
import Testing

@testable import MOGateway

/// Migration v5: the attempt that delivers a record is kept on its outbox row, not as a row of `attempts`.
@Suite struct SQLiteMessageStoreAttemptRowTests {
    private func attempt(_ id: String, status: Int?, at seconds: Double, error: String? = nil) -> DeliveryAttempt {
        DeliveryAttempt(
            id: id,
            at: Date(timeIntervalSince1970: seconds),
            httpStatus: status,
            error: error,
            durationMilliseconds: Int(seconds) % 1_000
        )
    }

    private func attemptRows(_ store: SQLiteMessageStore, _ id: String) async throws -> Int {
        try await store.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM attempts WHERE message_id = ?", arguments: [id]) ?? -1
        }
    }

    @Test("a delivering attempt is on the row: no attempts row, and status lists it after the failures, in time order")
    func deliveringAttemptOnTheRow() async throws {
        let configuration = StoreFixtures.configuration(try StoreFixtures.directory())
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            try await store.append(StoreFixtures.record(id: "first"))
            try await store.recordAttempt(self.attempt("first", status: 200, at: 1_000_017), next: .delivered)
            #expect(try await self.attemptRows(store, "first") == 0)
            var status = try #require(try await store.status(id: "first"))
            #expect(status.state == .delivered)
            #expect(status.attempts == [self.attempt("first", status: 200, at: 1_000_017)])

            try await store.append(StoreFixtures.record(id: "third"))
            let retry = Date(timeIntervalSince1970: 1_000_100)
            try await store.recordAttempt(
                self.attempt("third", status: 503, at: 1_000_005, error: "HTTP 503"),
                next: .retry(at: retry)
            )
            try await store.recordAttempt(
                self.attempt("third", status: nil, at: 1_000_006, error: "timeout"),
                next: .retry(at: retry)
            )
            try await store.recordAttempt(self.attempt("third", status: 202, at: 1_000_009), next: .delivered)
            // A late result of an attempt started before the delivering one, and one after: both kept, in order.
            try await store.recordAttempt(
                self.attempt("third", status: 500, at: 1_000_007, error: "HTTP 500"),
                next: .deadLetter(reason: "late")
            )
            try await store.recordAttempt(self.attempt("third", status: 200, at: 1_000_011), next: .delivered)
            #expect(try await self.attemptRows(store, "third") == 4)
            status = try #require(try await store.status(id: "third"))
            #expect(status.state == .delivered)
            #expect(status.attempts.map(\.httpStatus) == [503, nil, 500, 202, 200])
            #expect(status.attempts.map(\.durationMilliseconds) == [5, 6, 7, 9, 11])
            #expect(status.attempts.map(\.error) == ["HTTP 503", "timeout", "HTTP 500", nil, nil])
            #expect(try await store.backlog() == 0)
        }
    }

    @Test("a record delivered before migration v5 keeps its attempt from the attempts table, listed once")
    func deliveredBeforeTheMigration() async throws {
        let directory = try StoreFixtures.directory()
        let configuration = StoreFixtures.configuration(directory)
        // A file as a release before v5 left it: the delivering attempt is a row of `attempts`.
        let queue = try DatabaseQueue(path: configuration.path)
        try SQLiteMessageStore.migrator.migrate(queue, upTo: "v4")
        let json = String(decoding: StoreFixtures.record(id: "old").jsonV1Bytes(), as: UTF8.self)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO outbox (id, type, payload, state, queued_at, delivered_at, attempts)
                    VALUES ('old', 'mo', ?, 'delivered', 1000000, 1000003, 1);
                    INSERT INTO attempts (message_id, at, http_status, error, duration_ms)
                    VALUES ('old', 1000003, 200, NULL, 3);
                    """,
                arguments: [json]
            )
        }
        try queue.close()
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            let status = try #require(try await store.status(id: "old"))
            #expect(status.state == .delivered)
            #expect(status.attempts == [self.attempt("old", status: 200, at: 1_000_003)])
            #expect(status.record == StoreFixtures.record(id: "old"))
        }
    }
}
