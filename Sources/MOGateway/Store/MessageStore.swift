// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The durable side of the pipeline: the outbox of records to deliver, the pending parts of long messages, and
/// the delivery attempts. Kept small so that a shared PostgreSQL store can follow the SQLite one.
///
/// Every method that takes data returns only once it is durable at the configured level: a PDU is answered
/// ESME_ROK after `append` or `appendPart` returns, never before.
public protocol MessageStore: Sendable {
    /// Adds a whole message to the outbox.
    /// - Throws: ``MessageStoreError`` `backlogFull` when the undelivered backlog is at its limit (answer
    ///   ESME_RMSGQFUL), or another error when the store cannot take it (answer ESME_RX_T_APPN).
    func append(_ record: MORecord) async throws

    /// `append(_:)` without a task: `completion` is called, on any thread, once the record is durable or refused.
    /// For callers on an event loop, which would otherwise start a task per message. On success it gives the
    /// record as the dispatcher takes it, or nil when it has none to offer (a duplicate id, a record routed to
    /// ESMEs only, or a store without this path): the dispatcher then looks in the outbox.
    func append(_ record: MORecord, completion: @escaping @Sendable (Result<PendingDelivery?, any Error>) -> Void)

    /// Stores one part. If it completes its message, the parts are replaced, in the same transaction, by the record
    /// `assemble` makes of them (given in part order), which joins the outbox. A part already stored is a duplicate.
    func appendPart(
        _ part: MOPart,
        assemble: @escaping @Sendable ([MOPart]) -> MORecord
    ) async throws
        -> MOPartOutcome

    /// Replaces every group of parts whose first part arrived before `cutoff` by the record `assemble` makes of
    /// what arrived (marked incomplete), and returns those records.
    func flushIncompleteParts(
        olderThan cutoff: Date,
        assemble: @escaping @Sendable ([MOPart]) -> MORecord
    ) async throws -> [MORecord]

    /// Records due for delivery now (pending, next attempt at or before `now`), oldest first.
    func dueForDelivery(now: Date, limit: Int) async throws -> [OutboxEntry]

    /// At most `limit` of the records `dueForDelivery(now:limit:)` returns, leaving out those whose id is in
    /// `excluding` (the dispatcher's records in flight, still pending in the store), as the dispatcher takes them.
    func dueForDelivery(now: Date, limit: Int, excluding: Set<String>) async throws -> [PendingDelivery]

    /// Records one delivery attempt and what follows it.
    func recordAttempt(_ attempt: DeliveryAttempt, next: DeliveryNext) async throws

    /// Records several attempts together, without a task: the dispatcher's path, one write for the attempts that
    /// ended in the same tick. `completion` is called once, on any thread, when all are stored, or with the error
    /// when none is.
    func recordAttempts(
        _ attempts: [RecordedAttempt],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    )

    /// A message's state and attempts, by id.
    func status(id: String) async throws -> MessageStatus?

    /// The dead letters, newest first.
    func deadLetters(limit: Int) async throws -> [MessageStatus]

    /// Puts a dead letter back in the outbox, due now. Returns false if there is no dead letter with this id.
    func replay(id: String) async throws -> Bool

    /// The number of records not yet delivered (pending, not dead).
    func backlog() async throws -> Int

    /// Forgets delivered records (with their attempts) delivered before `deliveredBefore`, and the parts of
    /// forwarded messages (kept to recognise a resent part) forwarded before `completedPartsBefore`. Pending
    /// records and dead letters are never purged.
    func purge(deliveredBefore: Date, completedPartsBefore: Date) async throws -> MessageStorePurge
}

/// What a ``MessageStore/purge(deliveredBefore:completedPartsBefore:)`` removed.
public struct MessageStorePurge: Hashable, Sendable {
    public var deliveredRecords = 0
    public var completedParts = 0

    public init(deliveredRecords: Int = 0, completedParts: Int = 0) {
        self.deliveredRecords = deliveredRecords
        self.completedParts = completedParts
    }
}

public enum MOPartOutcome: Hashable, Sendable {
    /// Stored; `received` parts of the message are in.
    case stored(received: Int)
    /// This part was stored before; nothing changed.
    case duplicate
    /// The message is whole and in the outbox.
    case completed(MORecord)
}

public struct MessageStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        fileprivate let name: String
        /// The backlog limit is reached: answer ESME_RMSGQFUL.
        public static let backlogFull = Code(name: "backlog full")
        /// The store cannot write now: answer ESME_RX_T_APPN.
        public static let unavailable = Code(name: "store unavailable")
    }

    public var code: Code
    public var detail: String?

    public init(code: Code, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
    public var description: String { self.code.name + (self.detail.map { ": \($0)" } ?? "") }
}

/// A record waiting in the outbox.
public struct OutboxEntry: Hashable, Sendable {
    public var record: MORecord
    /// Attempts made so far.
    public var attempts: Int
    /// When the record joined the outbox (for the maximum age).
    public var queuedAt: Date

    public init(record: MORecord, attempts: Int, queuedAt: Date) {
        self.record = record
        self.attempts = attempts
        self.queuedAt = queuedAt
    }
}

/// One try at delivering a record.
public struct DeliveryAttempt: Codable, Hashable, Sendable {
    public var id: String
    public var at: Date
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// Why it failed, when it did: connection error, timeout, or the status line.
    public var error: String?
    public var durationMilliseconds: Int

    public init(id: String, at: Date, httpStatus: Int?, error: String?, durationMilliseconds: Int) {
        self.id = id
        self.at = at
        self.httpStatus = httpStatus
        self.error = error
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case id, at
        case httpStatus = "http_status"
        case error
        case durationMilliseconds = "duration_ms"
    }
}

/// An attempt and what follows it, as ``MessageStore/recordAttempts(_:completion:)`` takes them.
public struct RecordedAttempt: Hashable, Sendable {
    public var attempt: DeliveryAttempt
    public var next: DeliveryNext

    public init(_ attempt: DeliveryAttempt, next: DeliveryNext) {
        self.attempt = attempt
        self.next = next
    }
}

/// What happens to a record after an attempt.
public enum DeliveryNext: Hashable, Sendable {
    case delivered
    case retry(at: Date)
    case deadLetter(reason: String)
}

/// A record's delivery state: `GET /v1/messages/{id}` and the dead-letter list.
public struct MessageStatus: Codable, Hashable, Sendable {
    public enum State: String, Codable, Hashable, Sendable {
        case pending
        case delivered
        case dead
    }

    public var id: String
    public var type: MORecord.Kind
    public var state: State
    public var queuedAt: Date
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    public var lastError: String?
    public var attempts: [DeliveryAttempt]
    public var record: MORecord
    /// Where the carrier emulator routed the MO to bound ESMEs (nil: not routed, or a store without them).
    public var esmeDeliveries: [ESMEDeliveryStatus]?

    public init(
        id: String,
        type: MORecord.Kind,
        state: State,
        queuedAt: Date,
        nextAttemptAt: Date?,
        deliveredAt: Date?,
        lastError: String?,
        attempts: [DeliveryAttempt],
        record: MORecord
    ) {
        self.id = id
        self.type = type
        self.state = state
        self.queuedAt = queuedAt
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
        self.attempts = attempts
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case id, type, state
        case queuedAt = "queued_at"
        case nextAttemptAt = "next_attempt_at"
        case deliveredAt = "delivered_at"
        case lastError = "last_error"
        case attempts, record
        case esmeDeliveries = "esme_deliveries"
    }
}

/// One ESME's copy of a routed MO, as `GET /v1/messages/{id}` shows it.
public struct ESMEDeliveryStatus: Codable, Hashable, Sendable {
    public var systemID: String
    public var state: String
    public var attempts: Int
    public var queuedAt: Date
    public var lastError: String?

    public init(_ delivery: ESMEDelivery) {
        self.systemID = delivery.systemID
        self.state = delivery.state.rawValue
        self.attempts = delivery.attempts
        self.queuedAt = delivery.queuedAt
        self.lastError = delivery.lastError
    }

    enum CodingKeys: String, CodingKey {
        case systemID = "system_id"
        case state, attempts
        case queuedAt = "queued_at"
        case lastError = "last_error"
    }
}

extension MessageStore {
    /// Runs the async `append(_:)` in a task: stores without a native callback path get this. It offers no
    /// delivery (nil), so the dispatcher finds the record in the outbox.
    public func append(
        _ record: MORecord,
        completion: @escaping @Sendable (Result<PendingDelivery?, any Error>) -> Void
    ) {
        Task {
            do {
                try await self.append(record)
                completion(.success(nil))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// Runs the async `recordAttempt(_:next:)` for each, in a task, for stores without a path of their own.
    public func recordAttempts(
        _ attempts: [RecordedAttempt],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        Task {
            do {
                for recorded in attempts { try await self.recordAttempt(recorded.attempt, next: recorded.next) }
                completion(.success(()))
            } catch {
                completion(.failure(error))
            }
        }
    }
}
