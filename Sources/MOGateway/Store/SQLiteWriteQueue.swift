// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB
import Synchronization

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
    /// Runs inside the batch's transaction (in a savepoint of its own) and returns how to resume the caller once
    /// that transaction has committed: callers never hear of success before the commit.
    let apply: @Sendable (Database, inout SQLiteBatchContext) throws -> @Sendable () -> Void
    /// Resumes the caller with an error: its own, or the batch's when the commit failed.
    let fail: @Sendable (any Error) -> Void
}

/// The queue between the callers and the single writer. Writes that arrive while a transaction is being
/// committed pile up here, and the next transaction takes them all: that is the group commit.
final class SQLiteWriteQueue: Sendable {
    private struct State {
        var pending: [SQLitePendingWrite] = []
        var writer: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Queues a write. Returns false, and queues nothing, once the queue is finished.
    func enqueue(_ write: SQLitePendingWrite) -> Bool {
        let (accepted, writer) = self.state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            if state.finished { return (false, nil) }
            state.pending.append(write)
            defer { state.writer = nil }
            return (true, state.writer)
        }
        writer?.resume()
        return accepted
    }

    /// Refuses new writes and wakes the writer, which still drains what is queued.
    func finish() {
        let writer = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.writer = nil }
            return state.writer
        }
        writer?.resume()
    }

    /// The next batch, oldest first, waiting for one if none is queued. Empty once finished and drained.
    func next(maximum: Int) async -> [SQLitePendingWrite] {
        while true {
            let batch = self.state.withLock { state -> [SQLitePendingWrite]? in
                if state.pending.count <= maximum, !state.pending.isEmpty || state.finished {
                    defer { state.pending = [] }
                    return state.pending
                }
                if state.pending.count > maximum {
                    defer { state.pending.removeFirst(maximum) }
                    return Array(state.pending.prefix(maximum))
                }
                return nil
            }
            if let batch { return batch }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = self.state.withLock { state in
                    if !state.pending.isEmpty || state.finished { return true }
                    state.writer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
