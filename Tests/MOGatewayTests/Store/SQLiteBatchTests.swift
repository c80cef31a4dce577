// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import MOGateway

/// One transaction holds a whole batch of writes; a write that throws must leave no trace, and the others of its
/// batch must commit. The writes are queued before the writer starts, so that they are one batch.
@Suite struct SQLiteBatchTests {
    struct Planned: Error {}

    @Test("a failing write in a batch leaves no row; the other writes of its batch commit", arguments: [1, 2, 7])
    func failingWriteIsolated(failEvery: Int) async throws {
        let directory = try StoreFixtures.directory()
        let store = try SQLiteMessageStore(
            configuration: StoreFixtures.configuration(directory),
            logger: StoreFixtures.logger
        )
        let count = 20
        let outcomes = Mutex<[Int: Bool]>([:])
        let done = AsyncStream<Void>.makeStream()
        for index in 0..<count {
            let id = "mo-\(index)"
            store.write(
                { db, context in
                    // A row first, then the error: the row must go with it.
                    _ = try SQLiteMessageStore.insert(id: id, type: .mo, json: "{}".utf8, db, &context)
                    if index % failEvery == failEvery - 1 { throw Planned() }
                },
                completion: { result in
                    let finished = outcomes.withLock {
                        $0[index] = (try? result.get()) != nil
                        return $0.count
                    }
                    if finished == count { done.continuation.finish() }
                }
            )
        }
        let group = ServiceGroup(services: [store], gracefulShutdownSignals: [], logger: StoreFixtures.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for await _ in done.stream {}
            let stored = try await store.database.read { db in
                try String.fetchAll(db, sql: "SELECT id FROM outbox ORDER BY id")
            }
            let succeeded = outcomes.withLock { $0 }.filter(\.value).map { "mo-\($0.key)" }.sorted()
            let expected = (0..<count).filter { $0 % failEvery != failEvery - 1 }.map { "mo-\($0)" }.sorted()
            #expect(succeeded == expected)
            #expect(stored == expected)
            #expect(store.commitCount == 1, "the writes were queued as one batch")
            #expect(try await store.backlog() == expected.count)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
