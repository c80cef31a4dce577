// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

@Suite struct SQLiteMessageStoreDeliveryTests {
    private func attempt(_ id: String, status: Int?, error: String? = nil, at: Date = Date()) -> DeliveryAttempt {
        DeliveryAttempt(id: id, at: at, httpStatus: status, error: error, durationMilliseconds: 12)
    }

    @Test("retry, dead letter, replay and delivery move a record through its states, with its attempts")
    func roundTrip() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            try await store.append(StoreFixtures.record(id: "mo-1"))
            #expect(try await store.status(id: "nope") == nil)

            // A 503: not due again until the retry time.
            let retryAt = Date(timeIntervalSinceNow: 60)
            try await store.recordAttempt(
                self.attempt("mo-1", status: 503, error: "HTTP 503"),
                next: .retry(at: retryAt)
            )
            #expect(try await store.dueForDelivery(now: Date(), limit: 10).isEmpty)
            let later = try await store.dueForDelivery(now: retryAt.addingTimeInterval(1), limit: 10)
            #expect(later.map(\.record.id) == ["mo-1"])
            #expect(later.first?.attempts == 1)
            var status = try #require(try await store.status(id: "mo-1"))
            #expect(status.state == .pending)
            #expect(status.lastError == "HTTP 503")
            #expect(abs((status.nextAttemptAt?.timeIntervalSince(retryAt) ?? 99)) < 0.001)

            // A connection error, then a dead letter.
            try await store.recordAttempt(
                self.attempt("mo-1", status: nil, error: "connection refused"),
                next: .retry(at: retryAt)
            )
            try await store.recordAttempt(self.attempt("mo-1", status: 400), next: .deadLetter(reason: "HTTP 400"))
            status = try #require(try await store.status(id: "mo-1"))
            #expect(status.state == .dead)
            #expect(status.lastError == "HTTP 400")
            #expect(status.attempts.map(\.httpStatus) == [503, nil, 400])
            #expect(status.attempts.map(\.error) == ["HTTP 503", "connection refused", nil])
            #expect(status.record == StoreFixtures.record(id: "mo-1"))
            #expect(try await store.deadLetters(limit: 10).map(\.id) == ["mo-1"])
            #expect(try await store.backlog() == 0)
            #expect(try await store.dueForDelivery(now: .distantFuture, limit: 10).isEmpty)

            // Replay: due now, with a fresh attempt count; only a dead letter can be replayed.
            #expect(try await store.replay(id: "mo-1"))
            #expect(try await store.replay(id: "mo-1") == false)
            #expect(try await store.replay(id: "nope") == false)
            let replayed = try await store.dueForDelivery(now: Date(), limit: 10)
            #expect(replayed.map(\.record.id) == ["mo-1"])
            #expect(replayed.first?.attempts == 0)
            #expect(try await store.deadLetters(limit: 10).isEmpty)
            #expect(try await store.backlog() == 1)

            let deliveredAt = Date()
            try await store.recordAttempt(self.attempt("mo-1", status: 200, at: deliveredAt), next: .delivered)
            status = try #require(try await store.status(id: "mo-1"))
            #expect(status.state == .delivered)
            #expect(abs((status.deliveredAt?.timeIntervalSince(deliveredAt) ?? 99)) < 0.001)
            #expect(status.attempts.count == 4)
            #expect(try await store.backlog() == 0)
            #expect(store.currentBacklog == 0)

            // A late result for a delivered record changes nothing.
            try await store.recordAttempt(self.attempt("mo-1", status: 500), next: .deadLetter(reason: "late"))
            #expect(try await store.status(id: "mo-1")?.state == .delivered)
            #expect(try await store.backlog() == 0)
        }
    }

    @Test("dead letters come newest first, up to the limit")
    func deadLetterOrder() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            for index in 0..<3 {
                try await store.append(StoreFixtures.record(id: "mo-\(index)"))
                // One batch per dead letter, so each has its own dead_at.
                try await store.recordAttempt(
                    self.attempt("mo-\(index)", status: 410),
                    next: .deadLetter(reason: "gone")
                )
            }
            #expect(try await store.deadLetters(limit: 2).map(\.id) == ["mo-2", "mo-1"])
        }
    }
}
