// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB

/// What one batch's writes share while they run inside its transaction.
struct SQLiteBatchContext: Sendable {
    /// Undelivered records as of this point in the transaction. The writer copies it back to the store's
    /// counter only once the transaction committed.
    var backlog: Int
    let backlogLimit: Int?
    /// One clock reading per batch: every write of a transaction has the same `queued_at`.
    let now: Date

    /// Throws `backlogFull` when one more record would go over the limit.
    func admit() throws {
        if let limit = self.backlogLimit, self.backlog >= limit {
            throw MessageStoreError(code: .backlogFull)
        }
    }
}

/// One caller's write, waiting for the writer.
struct SQLitePendingWrite: Sendable {
    /// Runs inside the batch's transaction and returns how to resume the caller once that transaction has
    /// committed: callers never hear of success before the commit. It must touch nothing but the database and
    /// the context: when another write of the batch fails, the writer rolls back and runs it again.
    let apply: @Sendable (Database, inout SQLiteBatchContext) throws -> @Sendable () -> Void
    /// Resumes the caller with an error: its own, or the batch's when the commit failed.
    let fail: @Sendable (any Error) -> Void
    /// Whether the commit must reach the disk before the caller hears of it (fsync durability). Only the record of
    /// a delivery attempt need not: lost in a power failure, it makes the record go out again, never lost.
    var durable = true
}

/// The queue between the callers and the single writer. Writes that arrive while a transaction is being
/// committed pile up here, and the next transaction takes them all: that is the group commit.
///
/// The writer is a thread of its own that blocks here: a caller's write wakes that one thread, which commits
/// through GRDB's synchronous API on itself. An async writer task cost two more thread hops a commit (the task's
/// wake-up and GRDB's dispatch queue), each a context switch, and at a few hundred MO/s those dominated.
final class SQLiteWriteQueue: @unchecked Sendable {
    // @unchecked: every stored property is read and written with `condition` locked.
    private let condition = NSCondition()
    private var pending: [SQLitePendingWrite] = []
    private var finished = false

    /// Queues a write. Returns false, and queues nothing, once the queue is finished.
    func enqueue(_ write: SQLitePendingWrite) -> Bool {
        self.condition.lock()
        defer { self.condition.unlock() }
        if self.finished { return false }
        self.pending.append(write)
        if self.pending.count == 1 { self.condition.signal() }
        return true
    }

    /// Refuses new writes and wakes the writer, which still drains what is queued.
    func finish() {
        self.condition.lock()
        self.finished = true
        self.condition.signal()
        self.condition.unlock()
    }

    /// The next batch, oldest first, blocking the calling thread until one is queued. Empty once finished and
    /// drained.
    func next(maximum: Int) -> [SQLitePendingWrite] {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.pending.isEmpty && !self.finished { self.condition.wait() }
        if self.pending.count <= maximum {
            defer { self.pending = [] }
            return self.pending
        }
        defer { self.pending.removeFirst(maximum) }
        return Array(self.pending.prefix(maximum))
    }
}
