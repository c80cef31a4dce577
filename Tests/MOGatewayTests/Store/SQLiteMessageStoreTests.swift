// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB
import Testing

@testable import MOGateway

@Suite struct SQLiteMessageStoreTests {
    @Test("an appended record is due for delivery at once, and counts in the backlog")
    func appendThenDue() async throws {
        let directory = try StoreFixtures.directory()
        let record = StoreFixtures.record(id: "mo-1")
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            try await store.append(record)
            let due = try await store.dueForDelivery(now: Date(), limit: 10)
            #expect(due.map(\.record) == [record])
            #expect(due.first?.attempts == 0)
            #expect(try await store.backlog() == 1)
            #expect(try await store.dueForDelivery(now: Date(timeIntervalSinceNow: -3600), limit: 10).isEmpty)
        }
    }

    @Test("500 concurrent appends all commit, in far fewer transactions than appends (group commit)")
    func groupCommit() async throws {
        let directory = try StoreFixtures.directory()
        let count = 500
        let (commits, writes, due) = try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) {
            store in
            let before = store.commitCount
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask { try await store.append(StoreFixtures.record(id: "mo-\(index)")) }
                }
                try await group.waitForAll()
            }
            let due = try await store.dueForDelivery(now: Date(), limit: count * 2)
            return (store.commitCount - before, store.writesCommitted, due)
        }
        #expect(Set(due.map(\.record.id)).count == count)
        #expect(writes == count)
        // One fsync per append would be `count` commits; batching must do at least 4× better.
        #expect(commits <= count / 4, "\(commits) transactions for \(count) appends")
        print("group commit: \(count) appends in \(commits) transactions (\(count / max(commits, 1)) per commit)")
    }

    @Test("a window of 50 sessions, each appending 20 in turn, shares commits (fsync)")
    func groupCommitWindow() async throws {
        let directory = try StoreFixtures.directory()
        let (sessions, each) = (50, 20)
        let (commits, backlog) = try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) {
            store in
            let before = store.commitCount
            // Like SMPP sessions with one PDU outstanding each: the next append waits for the previous commit.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for session in 0..<sessions {
                    group.addTask {
                        for index in 0..<each {
                            try await store.append(StoreFixtures.record(id: "mo-\(session)-\(index)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            return (store.commitCount - before, try await store.backlog())
        }
        #expect(backlog == sessions * each)
        // Each session's appends are sequential, so at least `each` commits; one per append would be 1000.
        #expect(commits < sessions * each / 4, "\(commits) transactions for \(sessions * each) appends")
        print("group commit (window \(sessions)): \(sessions * each) appends in \(commits) transactions")
    }

    @Test("each durability level sets up SQLite as documented", arguments: SQLiteMessageStore.Durability.allCases)
    func durability(_ durability: SQLiteMessageStore.Durability) async throws {
        let directory = try StoreFixtures.directory()
        let configuration = StoreFixtures.configuration(directory, durability: durability)
        let (synchronous, journal) = try await StoreFixtures.withStore(configuration) { store in
            try await store.append(StoreFixtures.record(id: "mo-1"))
            #expect(try await store.dueForDelivery(now: Date(), limit: 10).count == 1)
            // synchronous is per connection: read it on the writer's, the one that commits.
            return try await store.database.writeWithoutTransaction { db in
                (
                    try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                    try String.fetchOne(db, sql: "PRAGMA journal_mode")
                )
            }
        }
        let fileExists = FileManager.default.fileExists(atPath: configuration.path)
        switch durability {
        case .fsync:
            #expect(synchronous == 2)  // FULL
            #expect(journal == "wal")
            #expect(fileExists)
        case .os:
            #expect(synchronous == 1)  // NORMAL
            #expect(journal == "wal")
            #expect(fileExists)
        case .memory:
            #expect(journal == "memory")
            #expect(!fileExists)
        }
    }

    @Test("with fsync, a commit of delivery attempts alone skips the sync; one with a record syncs again")
    func attemptsSkipTheSync() async throws {
        let configuration = StoreFixtures.configuration(try StoreFixtures.directory(), durability: .fsync)
        let synchronous = try await StoreFixtures.withStore(configuration) { store in
            // The writer's connection: `synchronous` is what the last commit ran with.
            func current() async throws -> Int? {
                try await store.database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
            }
            var seen: [Int?] = []
            try await store.append(StoreFixtures.record(id: "mo-1"))
            seen.append(try await current())
            let attempt = DeliveryAttempt(id: "mo-1", at: Date(), httpStatus: 200, error: nil, durationMilliseconds: 3)
            try await store.recordAttempt(attempt, next: .delivered)
            seen.append(try await current())
            try await store.append(StoreFixtures.record(id: "mo-2"))
            seen.append(try await current())
            #expect(try await store.status(id: "mo-1")?.state == .delivered)
            return seen
        }
        #expect(synchronous == [2, 1, 2])  // FULL, NORMAL for the attempt alone, FULL again
    }

    @Test("at the backlog limit append throws backlogFull, and delivering one makes room")
    func backlogLimit() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory, backlogLimit: 3)) {
            (store) async throws -> Void in
            for index in 0..<3 { try await store.append(StoreFixtures.record(id: "mo-\(index)")) }
            await #expect(throws: MessageStoreError(code: .backlogFull)) {
                try await store.append(StoreFixtures.record(id: "mo-3"))
            }
            await #expect(throws: MessageStoreError(code: .backlogFull)) {
                try await store.appendPart(
                    StoreFixtures.part(reference: 1, sequence: 1, total: 2, text: "a"),
                    assemble: StoreFixtures.assemble
                )
            }
            #expect(try await store.backlog() == 3)
            let attempt = DeliveryAttempt(id: "mo-0", at: Date(), httpStatus: 200, error: nil, durationMilliseconds: 3)
            try await store.recordAttempt(attempt, next: .delivered)
            try await store.append(StoreFixtures.record(id: "mo-3"))
            #expect(try await store.backlog() == 3)
        }
    }

    @Test("a duplicate append leaves one row and one backlog entry")
    func duplicateAppend() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            try await store.append(StoreFixtures.record(id: "mo-1"))
            try await store.append(StoreFixtures.record(id: "mo-1", text: "retried"))
            let due = try await store.dueForDelivery(now: Date(), limit: 10)
            #expect(due.map(\.record.id) == ["mo-1"])
            #expect(due.first?.record.text == "Verify 483920")
            #expect(store.currentBacklog == 1)
            #expect(try await store.backlog() == 1)
        }
    }

    @Test("reopening the file keeps records, states and the backlog count")
    func reopen() async throws {
        let directory = try StoreFixtures.directory()
        let configuration = StoreFixtures.configuration(directory)
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            for index in 0..<3 { try await store.append(StoreFixtures.record(id: "mo-\(index)")) }
            let failed = DeliveryAttempt(id: "mo-2", at: Date(), httpStatus: 404, error: nil, durationMilliseconds: 9)
            try await store.recordAttempt(failed, next: .deadLetter(reason: "HTTP 404"))
        }
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            #expect(store.currentBacklog == 2)  // initialised from the file, before any write
            let due = try await store.dueForDelivery(now: Date(), limit: 10)
            #expect(due.map(\.record) == [StoreFixtures.record(id: "mo-0"), StoreFixtures.record(id: "mo-1")])
            let dead = try await store.deadLetters(limit: 10)
            #expect(dead.map(\.id) == ["mo-2"])
            #expect(dead.first?.attempts.map(\.httpStatus) == [404])
        }
    }

    @Test("once append returns, the record is in the file: another connection reads it while the store runs")
    func durableOnReturn() async throws {
        let directory = try StoreFixtures.directory()
        let configuration = StoreFixtures.configuration(directory)
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            try await store.append(StoreFixtures.record(id: "mo-1"))
            // Not the store's pool: a connection of our own, as a restarted process would open.
            let other = try DatabaseQueue(path: configuration.path)
            let ids = try await other.read { try String.fetchAll($0, sql: "SELECT id FROM outbox") }
            #expect(ids == ["mo-1"])
            try other.close()
        }
    }

    @Test("each state has its own partial index, and the due query walks it in order without sorting")
    func partialIndexes() async throws {
        let directory = try StoreFixtures.directory()
        let configuration = StoreFixtures.configuration(directory)
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            try await store.append(StoreFixtures.record(id: "mo-1"))
            try await store.append(StoreFixtures.record(id: "mo-2"))
            let attempt = DeliveryAttempt(id: "mo-1", at: Date(), httpStatus: 200, error: nil, durationMilliseconds: 3)
            try await store.recordAttempt(attempt, next: .delivered)
            let (counts, plan) = try await store.database.read { db in
                let counts = try [
                    ("outbox_due", "pending"), ("outbox_delivered", "delivered"), ("outbox_dead", "dead"),
                ]
                .map { index, state in
                    // INDEXED BY fails unless SQLite can use the index for the state named.
                    try Int.fetchOne(
                        db,
                        sql: "SELECT COUNT(*) FROM outbox INDEXED BY \(index) WHERE state = '\(state)'"
                    ) ?? -1
                }
                let plan = try Row.fetchAll(
                    db,
                    sql: """
                        EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, queued_at LIMIT 5
                        """,
                    arguments: [Date().timeIntervalSince1970]
                ).map { row -> String in row["detail"] }.joined(separator: "; ")
                return (counts, plan)
            }
            #expect(counts == [1, 1, 0])
            #expect(plan.contains("USING INDEX outbox_due"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        }
    }

    @Test("writes after shutdown fail with unavailable instead of waiting forever")
    func writeAfterShutdown() async throws {
        let directory = try StoreFixtures.directory()
        let store = try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { $0 }
        await #expect(throws: MessageStoreError(code: .unavailable)) {
            try await store.append(StoreFixtures.record(id: "mo-late"))
        }
    }
}
