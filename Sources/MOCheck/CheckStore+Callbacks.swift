// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
import GRDB

extension CheckStore {
    /// One queued callback: the check resource as it was when the check completed or expired.
    public struct Callback: Hashable, Sendable {
        public var id: Int64
        public var checkID: String
        public var url: String
        public var body: [UInt8]
        /// Failed attempts so far.
        public var attempts: Int
    }

    /// Where a callback stands: for tests and the admin view.
    public struct CallbackState: Hashable, Sendable {
        /// `pending`, `delivered` or `failed` (attempts ran out).
        public var state: String
        public var attempts: Int
        public var lastError: String?
    }

    /// Queues the callback of `check`, if it has a `callback_url`, inside the caller's transaction.
    static func queueCallback(for check: Check, db: Database, now: Date) throws {
        guard let url = check.callbackURL else { return }
        let body = try CheckResource(check).json()
        try db.execute(
            sql: """
                INSERT INTO callbacks (check_id, url, body, attempts, next_attempt_at, state)
                VALUES (?, ?, ?, 0, ?, 'pending')
                """,
            arguments: [check.checkID, url, body, now.milliseconds]
        )
    }

    /// Callbacks whose next attempt is due at `now`, oldest first, without taking them.
    public func dueCallbacks(now: Date = Date(), limit: Int = 64) async throws -> [Callback] {
        try await self.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, check_id, url, body, attempts FROM callbacks
                    WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                    """,
                arguments: [now.milliseconds, limit]
            ).map(Callback.init(row:))
        }
    }

    /// Takes the callbacks due at `now` for sending: each one's next attempt moves to `now + lease`, so that no other
    /// look at the outbox takes it again while it is in flight, and a crash mid-attempt only delays it.
    public func claimDueCallbacks(now: Date = Date(), lease: Duration, limit: Int = 64) async throws -> [Callback] {
        let (seconds, attoseconds) = lease.components
        let leaseEnd = now.milliseconds + seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return try await self.database.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, check_id, url, body, attempts FROM callbacks
                    WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                    """,
                arguments: [now.milliseconds, limit]
            )
            for row in rows {
                try db.execute(
                    sql: "UPDATE callbacks SET next_attempt_at = ? WHERE id = ?",
                    arguments: [leaseEnd, row["id"] as Int64]
                )
            }
            return rows.map(Callback.init(row:))
        }
    }

    /// The earliest time a pending callback is due, if any is pending.
    public func nextCallbackDue() async throws -> Date? {
        try await self.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM callbacks WHERE state = 'pending'")
                .map(Date.init(milliseconds:))
        }
    }

    /// Records that callback `id` was acknowledged.
    public func callbackDelivered(id: Int64) async throws {
        try await self.database.write { db in
            try db.execute(sql: "UPDATE callbacks SET state = 'delivered' WHERE id = ?", arguments: [id])
        }
    }

    /// Records a failed attempt: retry at `retryAt`, or give up when it is nil.
    public func callbackFailed(id: Int64, error: String, retryAt: Date?) async throws {
        try await self.database.write { db in
            try db.execute(
                sql: """
                    UPDATE callbacks SET attempts = attempts + 1, last_error = ?,
                        state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
                        next_attempt_at = COALESCE(?, next_attempt_at)
                    WHERE id = ?
                    """,
                arguments: [error, retryAt?.milliseconds, retryAt?.milliseconds, id]
            )
        }
    }

    /// The callbacks of `checkID`, oldest first.
    public func callbacks(checkID: String) async throws -> [CallbackState] {
        try await self.database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT state, attempts, last_error FROM callbacks WHERE check_id = ? ORDER BY id",
                arguments: [checkID]
            ).map { CallbackState(state: $0["state"], attempts: $0["attempts"], lastError: $0["last_error"]) }
        }
    }
}

extension CheckStore.Callback {
    init(row: Row) {
        self.init(
            id: row["id"],
            checkID: row["check_id"],
            url: row["url"],
            body: Array((row["body"] as Data?) ?? Data()),
            attempts: row["attempts"]
        )
    }
}
