// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization

extension SQLiteMessageStore {
    /// Runs the writer thread until graceful shutdown or cancellation, then commits what is queued and closes the
    /// file.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let writer = Thread {
                        self.writeLoop()
                        continuation.resume()
                    }
                    writer.start()
                }
            } onGracefulShutdown: {
                self.queue.finish()
            }
        } onCancel: {
            self.queue.finish()
        }
        try self.database.close()
        self.logger.info("store closed", metadata: ["commits": "\(self.commitCount)"])
    }

    /// The writer thread's loop: one batch, one transaction, one fsync, until the queue is finished and drained.
    private func writeLoop() {
        // Set from the thread itself, the name reaches the kernel (15 characters): top -H, perf and /proc show it.
        Thread.current.name = "mogate-store"
        // The connection's `synchronous` setting as the writer last left it (FULL for fsync, from `init`).
        var syncsEveryCommit = self.configuration.durability == .fsync
        while true {
            let batch = self.queue.next(maximum: self.configuration.maxBatch)
            if batch.isEmpty { return }
            self.commit(batch, syncsEveryCommit: &syncsEveryCommit)
        }
    }

    private enum Outcome: Sendable {
        case done(@Sendable () -> Void)
        case failed(any Error)
    }

    /// Runs `batch` in one transaction, so that one write's error (a full backlog, a bad row) rolls back that
    /// write alone: together first (`applyTogether`), else each write in a savepoint. Callers are resumed only
    /// after the commit.
    ///
    /// With fsync durability, a batch of writes that need not be durable (delivery attempts only) commits with
    /// `synchronous = NORMAL`: no fsync. WAL frames are written in order, so the next FULL commit's fsync makes
    /// them durable too; a power failure before it can only forget attempts, and their records go out again.
    private func commit(_ batch: [SQLitePendingWrite], syncsEveryCommit: inout Bool) {
        let wantsSync = self.configuration.durability == .fsync && batch.contains { $0.durable }
        let start = SQLiteBatchContext(
            backlog: self.currentBacklog,
            backlogLimit: self.configuration.backlogLimit,
            now: Date()
        )
        do {
            let (outcomes, backlog) = try self.database.writeWithoutTransaction { db in
                if self.configuration.durability == .fsync, wantsSync != syncsEveryCommit {
                    try db.execute(sql: wantsSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                    syncsEveryCommit = wantsSync
                }
                if let together = try Self.applyTogether(batch, db, start) { return together }
                var context = start
                var outcomes: [Outcome] = []
                outcomes.reserveCapacity(batch.count)
                try db.inTransaction(.immediate) {
                    for write in batch {
                        outcomes.append(Self.apply(write, db, &context))
                    }
                    return .commit
                }
                return (outcomes, context.backlog)
            }
            self.counters.withLock {
                $0.backlog = backlog
                $0.commits += 1
                $0.writes += batch.count
            }
            for (write, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .done(let resume): resume()
                case .failed(let error): write.fail(error)
                }
            }
        } catch {
            // The transaction did not commit: nothing of the batch is stored, and every caller hears so.
            self.logger.error("store commit failed", metadata: ["error": "\(error)", "writes": "\(batch.count)"])
            let failure = MessageStoreError(code: .unavailable, detail: "\(error)")
            for write in batch { write.fail(failure) }
        }
    }

    /// The batch in one transaction without savepoints, which cost two statements a write: writes rarely fail.
    /// When one does, the transaction rolls back and this returns nil, and `commit` runs the batch again, each
    /// write in its savepoint. That is sound because a write touches nothing but the database and its context
    /// (`SQLitePendingWrite.apply`). A batch of one needs no second run: its error is its outcome.
    private static func applyTogether(
        _ batch: [SQLitePendingWrite],
        _ db: Database,
        _ start: SQLiteBatchContext
    ) throws -> ([Outcome], Int)? {
        var context = start
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(batch.count)
        var failure: (any Error)?
        try db.inTransaction(.immediate) {
            for write in batch {
                do {
                    outcomes.append(.done(try write.apply(db, &context)))
                } catch {
                    failure = error
                    return .rollback
                }
            }
            return .commit
        }
        guard let failure else { return (outcomes, context.backlog) }
        guard batch.count == 1 else { return nil }
        return ([.failed(Self.storeError(failure))], start.backlog)
    }

    private static func storeError(_ error: any Error) -> MessageStoreError {
        error as? MessageStoreError ?? MessageStoreError(code: .unavailable, detail: "\(error)")
    }

    private static func apply(
        _ write: SQLitePendingWrite,
        _ db: Database,
        _ context: inout SQLiteBatchContext
    ) -> Outcome {
        // An error SQLite itself rolled the transaction back for (disk full, I/O) leaves nothing to build on.
        guard db.isInsideTransaction else {
            return .failed(MessageStoreError(code: .unavailable, detail: "the batch's transaction was rolled back"))
        }
        var attempt = context
        do {
            // Savepoint statements from the connection's cache: GRDB's inSavepoint compiles both anew each time.
            try db.cachedStatement(sql: "SAVEPOINT write").execute()
            let resume: @Sendable () -> Void
            do {
                resume = try write.apply(db, &attempt)
            } catch {
                if db.isInsideTransaction {
                    try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT write").execute()
                    try db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
                }
                throw error
            }
            try db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
            context = attempt
            return .done(resume)
        } catch {
            return .failed(Self.storeError(error))
        }
    }
}
