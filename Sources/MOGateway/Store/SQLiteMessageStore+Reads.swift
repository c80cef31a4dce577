// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB

/// Reads go to a pool reader: they see every committed batch and never wait for the writer.
extension SQLiteMessageStore {
    /// Pending records whose next attempt is due, the longest overdue first (for a record never tried, that is
    /// the oldest). Records being delivered stay pending until `recordAttempt`, so the dispatcher must skip those
    /// it already has in flight.
    public func dueForDelivery(now: Date, limit: Int) async throws -> [OutboxEntry] {
        try await self.database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT payload, attempts, queued_at FROM outbox
                    WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, queued_at LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, limit]
            )
            let decoder = JSONDecoder()
            return try rows.map { row in
                OutboxEntry(
                    record: try Self.record(row, decoder),
                    attempts: row["attempts"],
                    queuedAt: Self.date(row["queued_at"]) ?? .distantPast
                )
            }
        }
    }

    /// The dispatcher's read, about once per MO: rows in flight (still pending, and first in due order) are
    /// skipped by id, and the payload is handed over as stored, undecoded.
    public func dueForDelivery(now: Date, limit: Int, excluding: Set<String>) async throws -> [PendingDelivery] {
        try await self.database.read { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT id, type, payload, attempts, queued_at FROM outbox
                        WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, queued_at LIMIT ?
                        """
                ),
                arguments: [now.timeIntervalSince1970, limit + excluding.count]
            )
            var due: [PendingDelivery] = []
            while due.count < limit, let row = try rows.next() {
                let id: String = row["id"]
                if excluding.contains(id) { continue }
                let typeName: String = row["type"]
                guard let type = MORecord.Kind(rawValue: typeName) else {
                    throw MessageStoreError(code: .unavailable, detail: "unknown record type '\(typeName)'")
                }
                let payload: String = row["payload"]
                due.append(
                    PendingDelivery(
                        id: id,
                        type: type,
                        attempts: row["attempts"],
                        queuedAt: Self.date(row["queued_at"]) ?? .distantPast,
                        jsonV1: Array(payload.utf8)
                    )
                )
            }
            return due
        }
    }

    public func status(id: String) async throws -> MessageStatus? {
        try await self.database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else {
                return nil
            }
            return try Self.status(row, db, JSONDecoder())
        }
    }

    public func deadLetters(limit: Int) async throws -> [MessageStatus] {
        try await self.database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM outbox WHERE state = 'dead' ORDER BY dead_at DESC, queued_at DESC LIMIT ?",
                arguments: [limit]
            )
            let decoder = JSONDecoder()
            return try rows.map { try Self.status($0, db, decoder) }
        }
    }

    private static func status(_ row: Row, _ db: Database, _ decoder: JSONDecoder) throws -> MessageStatus {
        let id: String = row["id"]
        var attempts = try Row.fetchAll(
            db,
            sql: "SELECT * FROM attempts WHERE message_id = ? ORDER BY at, rowid",
            arguments: [id]
        ).map { attempt in
            DeliveryAttempt(
                id: id,
                at: Self.date(attempt["at"]) ?? .distantPast,
                httpStatus: attempt["http_status"],
                error: attempt["error"],
                durationMilliseconds: attempt["duration_ms"]
            )
        }
        // The delivering attempt, kept on the row since migration v5, in its place by time (a late result may
        // come after it).
        if let duration: Int = row["delivered_duration_ms"], let deliveredAt = Self.date(row["delivered_at"]) {
            let delivering = DeliveryAttempt(
                id: id,
                at: deliveredAt,
                httpStatus: row["delivered_status"],
                error: nil,
                durationMilliseconds: duration
            )
            let index = attempts.firstIndex { $0.at > deliveredAt } ?? attempts.endIndex
            attempts.insert(delivering, at: index)
        }
        let record = try Self.record(row, decoder)
        let stateName: String = row["state"]
        guard let state = MessageStatus.State(rawValue: stateName) else {
            throw MessageStoreError(code: .unavailable, detail: "unknown outbox state '\(stateName)'")
        }
        return MessageStatus(
            id: id,
            type: record.type,
            state: state,
            queuedAt: Self.date(row["queued_at"]) ?? .distantPast,
            nextAttemptAt: Self.date(row["next_attempt_at"]),
            deliveredAt: Self.date(row["delivered_at"]),
            lastError: row["last_error"],
            attempts: attempts,
            record: record
        )
    }

    private static func record(_ row: Row, _ decoder: JSONDecoder) throws -> MORecord {
        let payload: String = row["payload"]
        return try decoder.decode(MORecord.self, from: Data(payload.utf8))
    }

    private static func date(_ seconds: Double?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: $0) }
    }
}
