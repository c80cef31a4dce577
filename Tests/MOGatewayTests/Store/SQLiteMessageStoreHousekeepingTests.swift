// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

/// What the store remembers after a message went out, and what it forgets: resent parts, and purging.
@Suite struct SQLiteMessageStoreHousekeepingTests {
    /// Assembles like ``StoreFixtures/assemble`` but with a fresh id each time, as ingestion's ULIDs are.
    static let assemble: @Sendable ([MOPart]) -> MORecord = { parts in
        var record = StoreFixtures.assemble(parts)
        record.id = "msg-\(UUID())"
        return record
    }

    private func part(_ sequence: Int, text: String? = nil, at offset: Int = 0) -> MOPart {
        StoreFixtures.part(
            reference: 42,
            sequence: sequence,
            total: 2,
            text: text ?? ["", "Your code ", "is 483920"][sequence],
            receivedAt: StoreFixtures.date(offset)
        )
    }

    @Test("a part resent after its message completed is a duplicate, not the start of a new message")
    func resentAfterCompletion() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            _ = try await store.appendPart(self.part(1), assemble: Self.assemble)
            let outcome = try await store.appendPart(self.part(2), assemble: Self.assemble)
            guard case .completed = outcome else {
                Issue.record("expected completion, got \(outcome)")
                return
            }
            // The SMSC missed our deliver_sm_resp and sends part 2 again, then part 1.
            #expect(try await store.appendPart(self.part(2), assemble: Self.assemble) == .duplicate)
            #expect(try await store.appendPart(self.part(1), assemble: Self.assemble) == .duplicate)
            let flushed = try await store.flushIncompleteParts(olderThan: .distantFuture, assemble: Self.assemble)
            #expect(flushed.isEmpty)
            #expect(try await store.backlog() == 1)
        }
    }

    @Test("a part resent after an incomplete flush is a duplicate; the missing part still gets through")
    func resentAfterFlush() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            _ = try await store.appendPart(self.part(1), assemble: Self.assemble)
            let flushed = try await store.flushIncompleteParts(olderThan: .distantFuture, assemble: Self.assemble)
            #expect(flushed.map(\.receivedParts) == [[1]])
            #expect(try await store.appendPart(self.part(1), assemble: Self.assemble) == .duplicate)
            // The late part 2 is not dropped: it waits, and is forwarded in its turn.
            #expect(try await store.appendPart(self.part(2), assemble: Self.assemble) == .stored(received: 1))
            let late = try await store.flushIncompleteParts(olderThan: .distantFuture, assemble: Self.assemble)
            #expect(late.map(\.receivedParts) == [[2]])
            #expect(try await store.backlog() == 2)
        }
    }

    @Test("a different part under a completed message's key starts a new message (the reference wrapped)")
    func referenceReused() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            _ = try await store.appendPart(self.part(1), assemble: Self.assemble)
            _ = try await store.appendPart(self.part(2), assemble: Self.assemble)
            #expect(
                try await store.appendPart(self.part(2, text: "is 771204"), assemble: Self.assemble)
                    == .stored(received: 1)
            )
            // Once the new message has started, the old part 1 is not recognised any more: it joins the new one.
            let outcome = try await store.appendPart(self.part(1), assemble: Self.assemble)
            guard case .completed(let record) = outcome else {
                Issue.record("expected completion, got \(outcome)")
                return
            }
            #expect(record.text == "Your code is 771204")
            #expect(try await store.backlog() == 2)
        }
    }

    @Test("purge forgets delivered records and their attempts, never pending ones or dead letters")
    func purgeDelivered() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            for id in ["old", "new", "pending", "dead"] {
                try await store.append(StoreFixtures.record(id: id))
            }
            try await store.recordAttempt(self.attempt("old", at: 100), next: .delivered)
            try await store.recordAttempt(self.attempt("new", at: 300), next: .delivered)
            try await store.recordAttempt(self.attempt("dead", at: 100), next: .deadLetter(reason: "HTTP 400"))
            let purged = try await store.purge(
                deliveredBefore: StoreFixtures.date(200),
                completedPartsBefore: .distantPast
            )
            #expect(purged == MessageStorePurge(deliveredRecords: 1, completedParts: 0))
            #expect(try await store.status(id: "old") == nil)
            #expect(try await store.status(id: "new")?.state == .delivered)
            #expect(try await store.status(id: "new")?.attempts.count == 1)
            #expect(try await store.status(id: "pending")?.state == .pending)
            #expect(try await store.deadLetters(limit: 10).map(\.id) == ["dead"])
        }
    }

    @Test("purge forgets forwarded parts after their time: a resent part is then a new message")
    func purgeCompletedParts() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            _ = try await store.appendPart(self.part(1), assemble: Self.assemble)
            _ = try await store.appendPart(self.part(2), assemble: Self.assemble)
            let kept = try await store.purge(deliveredBefore: .distantPast, completedPartsBefore: .distantPast)
            #expect(kept.completedParts == 0)
            #expect(try await store.appendPart(self.part(1), assemble: Self.assemble) == .duplicate)
            let purged = try await store.purge(deliveredBefore: .distantPast, completedPartsBefore: .distantFuture)
            #expect(purged.completedParts == 2)
            #expect(try await store.appendPart(self.part(1), assemble: Self.assemble) == .stored(received: 1))
        }
    }

    @Test("purge works through more rows than one chunk")
    func purgeInChunks() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory, durability: .os)) {
            (store) async throws -> Void in
            let count = 2_500
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await store.append(StoreFixtures.record(id: "mo-\(index)"))
                        try await store.recordAttempt(self.attempt("mo-\(index)", at: 10), next: .delivered)
                    }
                }
                try await group.waitForAll()
            }
            let purged = try await store.purge(deliveredBefore: .distantFuture, completedPartsBefore: .distantPast)
            #expect(purged.deliveredRecords == count)
            #expect(try await store.status(id: "mo-0") == nil)
        }
    }

    @Test("housekeeping purges records delivered longer ago than the retention")
    func housekeepingRetention() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            try await store.append(StoreFixtures.record(id: "a"))
            try await store.append(StoreFixtures.record(id: "b"))
            try await store.recordAttempt(self.attempt("a", at: 0), next: .delivered)
            try await store.recordAttempt(self.attempt("b", at: 3_000), next: .delivered)
            let housekeeping = StoreHousekeeping(
                store: store,
                retention: .seconds(3_600),
                partsRetention: .seconds(300),
                logger: StoreFixtures.logger
            )
            let purged = try await housekeeping.purge(now: StoreFixtures.date(3_601))
            #expect(purged.deliveredRecords == 1)
            #expect(try await store.status(id: "a") == nil)
            #expect(try await store.status(id: "b") != nil)
        }
    }

    private func attempt(_ id: String, at offset: Int) -> DeliveryAttempt {
        DeliveryAttempt(
            id: id,
            at: StoreFixtures.date(offset),
            httpStatus: 200,
            error: nil,
            durationMilliseconds: 3
        )
    }
}
