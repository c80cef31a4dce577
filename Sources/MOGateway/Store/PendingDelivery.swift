// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// A record due for delivery as the dispatcher takes it: what it needs to send and to decide what follows, with
/// the record's fields decoded only when the webhook format needs them.
///
/// The JSON webhook body is the record's JSON v1 (`MORecord.jsonV1()`), which is exactly what the store keeps, so
/// the JSON format sends the stored bytes: no decode and no re-encode per attempt.
public struct PendingDelivery: Hashable, Sendable {
    public var id: String
    public var type: MORecord.Kind
    /// Attempts made so far.
    public var attempts: Int
    /// When the record joined the outbox (for the maximum age).
    public var queuedAt: Date
    /// The record's JSON v1 body as stored, when the store keeps one.
    public var jsonV1: [UInt8]?
    /// The record, when the store had it decoded already.
    public var record: MORecord?

    public init(
        id: String,
        type: MORecord.Kind,
        attempts: Int,
        queuedAt: Date,
        jsonV1: [UInt8]? = nil,
        record: MORecord? = nil
    ) {
        self.id = id
        self.type = type
        self.attempts = attempts
        self.queuedAt = queuedAt
        self.jsonV1 = jsonV1
        self.record = record
    }

    /// An outbox entry as `MessageStore.dueForDelivery(now:limit:)` returns it.
    public init(_ entry: OutboxEntry) {
        self.init(
            id: entry.record.id,
            type: entry.record.type,
            attempts: entry.attempts,
            queuedAt: entry.queuedAt,
            record: entry.record
        )
    }

    /// The record: as given, or decoded from its stored JSON.
    /// - Throws: `DecodingError` when the stored JSON is not a record.
    public func decodedRecord() throws -> MORecord {
        if let record { return record }
        return try JSONDecoder().decode(MORecord.self, from: Data(self.jsonV1 ?? []))
    }

    /// The JSON v1 body: as stored, or encoded from the record.
    public func jsonBody() throws -> [UInt8] {
        if let jsonV1 { return jsonV1 }
        return try self.decodedRecord().jsonV1Bytes()
    }
}

extension MessageStore {
    /// The due records as `dueForDelivery(now:limit:)` returns them, without those whose id is in `excluding`:
    /// asks for that many more and filters. A store that can skip them unread, or keeps the JSON, does better.
    public func dueForDelivery(now: Date, limit: Int, excluding: Set<String>) async throws -> [PendingDelivery] {
        let due = try await self.dueForDelivery(now: now, limit: limit + excluding.count)
        return due.filter { !excluding.contains($0.record.id) }.prefix(limit).map(PendingDelivery.init)
    }
}
