// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB

extension SQLiteMessageStore {
    public func append(_ record: MORecord) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            self.append(record) { continuation.resume(with: $0.map { _ in () }) }
        }
    }

    /// The writer calls `completion` itself, after the commit: the caller needs no task and no continuation. The
    /// delivery it passes carries the stored JSON, so that the dispatcher can send it without reading the outbox.
    public func append(
        _ record: MORecord,
        completion: @escaping @Sendable (Result<PendingDelivery?, any Error>) -> Void
    ) {
        do {
            try self.checkBacklog()
        } catch {
            completion(.failure(error))
            return
        }
        // Encode here, on the caller's thread, to keep the writer's transaction short: the octets go to the
        // dispatcher as they are, the text to the outbox.
        let body = record.jsonV1Bytes()
        let id = record.id
        let type = record.type
        let routing = self.currentESMERouting
        self.write(
            { db, context -> PendingDelivery? in
                try context.admit()
                guard try Self.insert(id: id, type: type, json: body, db, &context),
                    try Self.route(record, with: routing, db, &context)
                else { return nil }
                return PendingDelivery(id: id, type: type, attempts: 0, queuedAt: context.now, jsonV1: body)
            },
            completion: completion
        )
    }

    public func appendPart(
        _ part: MOPart,
        assemble: @escaping @Sendable ([MOPart]) -> MORecord
    ) async throws -> MOPartOutcome {
        try self.checkBacklog()
        let json = String(decoding: try JSONEncoder().encode(part), as: UTF8.self)
        let key = part.key.description
        let sequence = part.sequence
        let total = part.key.total
        let receivedAt = part.receivedAt.timeIntervalSince1970
        let data = Data(part.payload)
        let routing = self.currentESMERouting
        return try await self.write { db, context in
            try context.admit()
            if try Self.isResent(key: key, sequence: sequence, data: data, db) { return .duplicate }
            try db.execute(
                sql: "INSERT OR IGNORE INTO parts (key, seq, received_at, payload) VALUES (?, ?, ?, ?)",
                arguments: [key, sequence, receivedAt, json]
            )
            guard db.changesCount > 0 else { return .duplicate }
            // Only numbers 1...total count, so that a stray part number cannot complete a message early.
            let received =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM parts WHERE key = ? AND seq BETWEEN 1 AND ?",
                    arguments: [key, total]
                ) ?? 0
            guard received >= total else { return .stored(received: received) }
            let parts = try Self.parts(key: key, db)
            let record = assemble(parts)
            try Self.replaceParts(key: key, parts: parts, with: record, routing: routing, db, &context)
            return .completed(record)
        }
    }

    public func flushIncompleteParts(
        olderThan cutoff: Date,
        assemble: @escaping @Sendable ([MOPart]) -> MORecord
    ) async throws -> [MORecord] {
        let cutoff = cutoff.timeIntervalSince1970
        let routing = self.currentESMERouting
        return try await self.write { db, context in
            let keys = try String.fetchAll(
                db,
                sql: "SELECT key FROM parts GROUP BY key HAVING MIN(received_at) < ? ORDER BY MIN(received_at)",
                arguments: [cutoff]
            )
            // Not held back by the backlog limit: these parts were acknowledged and must reach the outbox.
            return try keys.map { key in
                let parts = try Self.parts(key: key, db)
                let record = assemble(parts)
                try Self.replaceParts(key: key, parts: parts, with: record, routing: routing, db, &context)
                return record
            }
        }
    }

    /// A message's stored parts, in part order.
    static func parts(key: String, _ db: Database) throws -> [MOPart] {
        let payloads = try String.fetchAll(
            db,
            sql: "SELECT payload FROM parts WHERE key = ? ORDER BY seq",
            arguments: [key]
        )
        let decoder = JSONDecoder()
        return try payloads.map { try decoder.decode(MOPart.self, from: Data($0.utf8)) }
    }

    /// Whether this part belongs to a message already forwarded: the same key, number and user data. A part that
    /// differs starts a new message that reuses the reference (a handset's 8-bit references wrap quickly), so
    /// the old message's parts are forgotten.
    private static func isResent(key: String, sequence: Int, data: Data, _ db: Database) throws -> Bool {
        guard
            let stored = try Data.fetchOne(
                db,
                sql: "SELECT data FROM completed_parts WHERE key = ? AND seq = ?",
                arguments: [key, sequence]
            )
        else { return false }
        if stored == data { return true }
        try db.execute(sql: "DELETE FROM completed_parts WHERE key = ?", arguments: [key])
        return false
    }

    /// Moves a message's parts out of `parts` into `completed_parts`, and its record into the outbox.
    private static func replaceParts(
        key: String,
        parts: [MOPart],
        with record: MORecord,
        routing: ESMERouting?,
        _ db: Database,
        _ context: inout SQLiteBatchContext
    ) throws {
        try db.execute(sql: "DELETE FROM parts WHERE key = ?", arguments: [key])
        try db.execute(sql: "DELETE FROM completed_parts WHERE key = ?", arguments: [key])
        let now = context.now.timeIntervalSince1970
        for part in parts {
            try db.execute(
                sql: "INSERT INTO completed_parts (key, seq, data, completed_at, message_id) VALUES (?, ?, ?, ?, ?)",
                arguments: [key, part.sequence, Data(part.payload), now, record.id]
            )
        }
        if try Self.insert(id: record.id, type: record.type, json: record.jsonV1Bytes(), db, &context) {
            try Self.route(record, with: routing, db, &context)
        }
    }

    public func recordAttempt(_ attempt: DeliveryAttempt, next: DeliveryNext) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            self.recordAttempts([RecordedAttempt(attempt, next: next)]) { continuation.resume(with: $0) }
        }
    }

    /// One write for all of them; the writer calls `completion` itself, after the commit. Not durable on its own
    /// (`SQLitePendingWrite.durable`): a commit of attempts alone skips the fsync, and the next durable commit
    /// syncs it with everything before it in the WAL.
    public func recordAttempts(
        _ attempts: [RecordedAttempt],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        self.write(
            durable: false,
            { db, context in
                for recorded in attempts { try Self.record(recorded.attempt, next: recorded.next, db, &context) }
            },
            completion: completion
        )
    }

    private static func record(
        _ attempt: DeliveryAttempt,
        next: DeliveryNext,
        _ db: Database,
        _ context: inout SQLiteBatchContext
    ) throws {
        // Statements from the connection's cache: compiled once, not once per attempt. Only a pending record
        // moves: a late result for one already delivered or dead changes nothing but the history.
        switch next {
        case .delivered:
            // The delivering attempt stays on the row (migration v5); `status(id:)` lists it after the others.
            var statement = BoundStatement(
                try db.cachedStatement(
                    sql: """
                        UPDATE outbox SET state = 'delivered', delivered_at = ?, delivered_status = ?,
                            delivered_duration_ms = ?, next_attempt_at = NULL, attempts = attempts + 1
                        WHERE id = ? AND state = 'pending'
                        """
                )
            )
            statement.bind(attempt.at.timeIntervalSince1970)
            statement.bind(attempt.httpStatus)
            statement.bind(attempt.durationMilliseconds)
            statement.bind(attempt.id)
            try statement.execute()
            guard db.changesCount > 0 else { return try Self.insertAttempt(attempt, db) }
            context.backlog -= 1
        case .retry(let at):
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1, last_error = ?
                    WHERE id = ? AND state = 'pending'
                    """
            ).execute(arguments: [at.timeIntervalSince1970, Self.describe(attempt), attempt.id])
            try Self.insertAttempt(attempt, db)
        case .deadLetter(let reason):
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'dead', dead_at = ?, next_attempt_at = NULL,
                        attempts = attempts + 1, last_error = ?
                    WHERE id = ? AND state = 'pending'
                    """
            ).execute(arguments: [context.now.timeIntervalSince1970, reason, attempt.id])
            if db.changesCount > 0 { context.backlog -= 1 }
            try Self.insertAttempt(attempt, db)
        }
    }

    private static func insertAttempt(_ attempt: DeliveryAttempt, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO attempts (message_id, at, http_status, error, duration_ms) VALUES (?, ?, ?, ?, ?)"
        ).execute(
            arguments: [
                attempt.id, attempt.at.timeIntervalSince1970, attempt.httpStatus, attempt.error,
                attempt.durationMilliseconds,
            ]
        )
    }

    private static func describe(_ attempt: DeliveryAttempt) -> String? {
        attempt.error ?? attempt.httpStatus.map { "HTTP \($0)" }
    }

    /// Puts a dead letter back, due now, as if it had just been queued: its attempt count and age start again,
    /// so that the dispatcher's maximum attempts and maximum age give it a full new run. The earlier attempts
    /// stay in its history (`status(id:)`).
    public func replay(id: String) async throws -> Bool {
        try await self.write { db, context in
            let now = context.now.timeIntervalSince1970
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'pending', queued_at = ?, next_attempt_at = ?, dead_at = NULL,
                        attempts = 0
                    WHERE id = ? AND state = 'dead'
                    """,
                arguments: [now, now, id]
            )
            guard db.changesCount > 0 else { return false }
            context.backlog += 1
            return true
        }
    }

    /// Counts from the file, through the writer, and resets the writer's counter to it: this corrects the
    /// counter after another process (`mogate deadletters replay`) changed the file.
    public func backlog() async throws -> Int {
        try await self.write { db, context in
            context.backlog = try Self.countBacklog(db)
            return context.backlog
        }
    }
}
