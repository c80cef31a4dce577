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

    /// Runs `batch` in one transaction, each write in a savepoint so that one write's error (a full backlog, a
    /// bad row) rolls back that write alone. Callers are resumed only after the commit.
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
        var resume: (@Sendable () -> Void)?
        do {
            try db.inSavepoint {
                resume = try write.apply(db, &attempt)
                return .commit
            }
        } catch let error as MessageStoreError {
            return .failed(error)
        } catch {
            return .failed(MessageStoreError(code: .unavailable, detail: "\(error)"))
        }
        context = attempt
        guard let resume else { preconditionFailure("a committed savepoint always sets its resume") }
        return .done(resume)
    }
}
