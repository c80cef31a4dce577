// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
import GRDB
import Synchronization

/// Where an MO goes besides (or instead of) the webhook: the system_ids of the ESMEs it is routed to.
public struct ESMERouteDecision: Hashable, Sendable {
    public var systemIDs: [String]
    /// Whether the webhook gets it too.
    public var webhook: Bool

    public init(systemIDs: [String], webhook: Bool) {
        self.systemIDs = systemIDs
        self.webhook = webhook
    }
}

/// Decides, inside the transaction that stores an MO, which ESMEs it goes to; nil when none.
public typealias ESMERouting = @Sendable (MORecord) -> ESMERouteDecision?

/// The routing closure in a class: read from the store's `Mutex` as a reference, not re-abstracted through the
/// generic lock on every append. A release build of serve overflowed its stack in nested closure thunks there
/// after some thousands of MO.
final class ESMERoutingBox: Sendable {
    let routing: ESMERouting

    init(routing: @escaping ESMERouting) {
        self.routing = routing
    }
}

/// A row of the ESME outbox.
public struct ESMEDelivery: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        case pending
        case delivered
        case dead
    }

    public var id: Int64
    /// The MO record's id, or the MT message id a receipt or loopback belongs to.
    public var messageID: String
    public var systemID: String
    public var message: ESMEMessage
    public var state: State
    public var attempts: Int
    public var queuedAt: Date
    public var lastError: String?
}

/// What happens to an ESME delivery after an attempt.
public enum ESMEDeliveryNext: Hashable, Sendable {
    case delivered
    case retry(at: Date, error: String)
    case dead(reason: String)
}

extension SQLiteMessageStore {
    /// Sets how stored MO are routed to ESMEs. Applies to MO stored from then on, in the same transaction.
    public func setESMERouting(_ routing: @escaping ESMERouting) {
        self.esmeRouting.withLock { $0 = ESMERoutingBox(routing: routing) }
    }

    var currentESMERouting: ESMERouting? { self.esmeRouting.withLock { $0 }?.routing }

    /// Queues the ESME deliveries `routing` decides for a record that just joined the outbox, in its transaction;
    /// an MO for ESMEs only leaves the webhook outbox at once (delivered), so the backlog does not count it.
    /// - Returns: whether the record stays pending for the webhook (false when it goes to ESMEs only).
    @discardableResult
    static func route(
        _ record: MORecord,
        with routing: ESMERouting?,
        _ db: Database,
        _ context: inout SQLiteBatchContext
    ) throws -> Bool {
        guard record.type == .mo, let routing, let decision = routing(record), !decision.systemIDs.isEmpty else {
            return true
        }
        let message = ESMEMessage(record: record)
        for systemID in decision.systemIDs {
            try Self.insertESME(messageID: record.id, systemID: systemID, message: message, db, context.now)
        }
        guard !decision.webhook else { return true }
        try db.execute(
            sql: "UPDATE outbox SET state = 'delivered', delivered_at = ? WHERE id = ? AND state = 'pending'",
            arguments: [context.now.timeIntervalSince1970, record.id]
        )
        if db.changesCount > 0 { context.backlog -= 1 }
        return false
    }

    static func insertESME(
        messageID: String,
        systemID: String,
        message: ESMEMessage,
        _ db: Database,
        _ now: Date
    ) throws {
        let payload = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        let time = now.timeIntervalSince1970
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO esme_outbox
                    (message_id, system_id, kind, payload, state, queued_at, next_attempt_at, attempts)
                VALUES (?, ?, ?, ?, 'pending', ?, ?, 0)
                """,
            arguments: [messageID, systemID, message.kind.rawValue, payload, time, time]
        )
    }

    /// Queues one deliver_sm for `systemID` (a loopback or a receipt), durably: returns once committed.
    /// The same (messageID, systemID) twice is queued once.
    public func enqueueESME(messageID: String, systemID: String, message: ESMEMessage) async throws {
        try await self.write { db, context in
            try Self.insertESME(messageID: messageID, systemID: systemID, message: message, db, context.now)
        }
    }

    /// Pending ESME deliveries due now, the longest overdue first; only for `systemIDs` when given (the bound
    /// ones, so that rows waiting for an absent ESME do not crowd out the rest).
    public func dueESMEDeliveries(now: Date, limit: Int, systemIDs: Set<String>? = nil) async throws -> [ESMEDelivery] {
        var arguments: StatementArguments = [now.timeIntervalSince1970]
        var filter = ""
        if let systemIDs {
            filter = " AND system_id IN (" + systemIDs.map { _ in "?" }.joined(separator: ", ") + ")"
            arguments += StatementArguments(systemIDs.sorted())
        }
        arguments += [limit]
        return try await self.database.read { [filter, arguments] db in
            try Self.esmeDeliveries(
                db,
                where: "state = 'pending' AND next_attempt_at <= ?" + filter + " ORDER BY next_attempt_at, id LIMIT ?",
                arguments
            )
        }
    }

    /// Every ESME delivery of one message, by system_id.
    public func esmeDeliveries(messageID: String) async throws -> [ESMEDelivery] {
        try await self.database.read { db in
            try Self.esmeDeliveries(db, where: "message_id = ? ORDER BY system_id", [messageID])
        }
    }

    /// ESME deliveries not yet delivered (nor dead).
    public func pendingESMEDeliveries() async throws -> Int {
        try await self.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM esme_outbox WHERE state = 'pending'") ?? 0
        }
    }

    /// Records an attempt's outcome; only a pending row moves.
    public func recordESMEAttempt(id: Int64, next: ESMEDeliveryNext) async throws {
        try await self.write { db, context in
            let now = context.now.timeIntervalSince1970
            switch next {
            case .delivered:
                try db.execute(
                    sql: """
                        UPDATE esme_outbox SET state = 'delivered', delivered_at = ?, next_attempt_at = NULL,
                            attempts = attempts + 1
                        WHERE id = ? AND state = 'pending'
                        """,
                    arguments: [now, id]
                )
            case .retry(let at, let error):
                try db.execute(
                    sql: """
                        UPDATE esme_outbox SET next_attempt_at = ?, attempts = attempts + 1, last_error = ?
                        WHERE id = ? AND state = 'pending'
                        """,
                    arguments: [at.timeIntervalSince1970, error, id]
                )
            case .dead(let reason):
                try db.execute(
                    sql: """
                        UPDATE esme_outbox SET state = 'dead', next_attempt_at = NULL, attempts = attempts + 1,
                            last_error = ?
                        WHERE id = ? AND state = 'pending'
                        """,
                    arguments: [reason, id]
                )
            }
        }
    }

    /// Forgets ESME deliveries delivered before `cutoff`; pending and dead rows stay.
    /// - Returns: how many rows were removed.
    @discardableResult
    public func purgeESMEDeliveries(deliveredBefore cutoff: Date) async throws -> Int {
        try await self.write { db, _ in
            try db.execute(
                sql: "DELETE FROM esme_outbox WHERE state = 'delivered' AND delivered_at < ?",
                arguments: [cutoff.timeIntervalSince1970]
            )
            return db.changesCount
        }
    }

    private static func esmeDeliveries(
        _ db: Database,
        where clause: String,
        _ arguments: StatementArguments
    ) throws -> [ESMEDelivery] {
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: "SELECT * FROM esme_outbox WHERE " + clause, arguments: arguments).map {
            row in
            let payload: String = row["payload"]
            let stateName: String = row["state"]
            return ESMEDelivery(
                id: row["id"],
                messageID: row["message_id"],
                systemID: row["system_id"],
                message: try decoder.decode(ESMEMessage.self, from: Data(payload.utf8)),
                state: ESMEDelivery.State(rawValue: stateName) ?? .pending,
                attempts: row["attempts"],
                queuedAt: Date(timeIntervalSince1970: row["queued_at"]),
                lastError: row["last_error"]
            )
        }
    }
}
