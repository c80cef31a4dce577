// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway

/// A `MessageStore` in memory, for the dispatcher's tests: the outbox and its attempts, plus ways to wait for
/// them (callbacks, not sleeps).
actor InMemoryStore: MessageStore {
    struct Row {
        var record: MORecord
        var state: MessageStatus.State = .pending
        var queuedAt: Date
        var nextAttemptAt: Date?
        var deliveredAt: Date?
        var lastError: String?
        var attempts: [DeliveryAttempt] = []
    }

    private var rows: [String: Row] = [:]
    private var order: [String] = []
    private var parts: [String: [MOPart]] = [:]
    private var watchers:
        [(predicate: @Sendable (Row) -> Bool, id: String, continuation: CheckedContinuation<Row, Never>)] = []

    /// Puts `record` in the outbox, queued at `queuedAt` and due now.
    func add(_ record: MORecord, queuedAt: Date = Date()) {
        if self.rows[record.id] == nil { self.order.append(record.id) }
        self.rows[record.id] = Row(record: record, queuedAt: queuedAt, nextAttemptAt: queuedAt)
    }

    func row(_ id: String) -> Row? { self.rows[id] }

    /// Waits until the row of `id` satisfies `predicate`.
    func waitUntil(_ id: String, _ predicate: @escaping @Sendable (Row) -> Bool) async -> Row {
        if let row = self.rows[id], predicate(row) { return row }
        return await withCheckedContinuation { self.watchers.append((predicate, id, $0)) }
    }

    /// Waits for `count` attempts at `id`.
    func waitForAttempts(_ id: String, count: Int) async -> [DeliveryAttempt] {
        await self.waitUntil(id) { $0.attempts.count >= count }.attempts
    }

    private func notify(_ id: String) {
        guard let row = self.rows[id] else { return }
        var remaining:
            [(predicate: @Sendable (Row) -> Bool, id: String, continuation: CheckedContinuation<Row, Never>)] = []
        for watcher in self.watchers {
            if watcher.id == id && watcher.predicate(row) {
                watcher.continuation.resume(returning: row)
            } else {
                remaining.append(watcher)
            }
        }
        self.watchers = remaining
    }

    // MARK: MessageStore

    func append(_ record: MORecord) async throws { self.add(record) }

    func appendPart(_ part: MOPart, assemble: @escaping @Sendable ([MOPart]) -> MORecord) async throws -> MOPartOutcome
    {
        let key = part.key.description
        var stored = self.parts[key, default: []]
        if stored.contains(where: { $0.sequence == part.sequence }) { return .duplicate }
        stored.append(part)
        stored.sort { $0.sequence < $1.sequence }
        if stored.count == part.key.total {
            self.parts[key] = nil
            let record = assemble(stored)
            self.add(record)
            return .completed(record)
        }
        self.parts[key] = stored
        return .stored(received: stored.count)
    }

    func flushIncompleteParts(
        olderThan cutoff: Date,
        assemble: @escaping @Sendable ([MOPart]) -> MORecord
    ) async throws -> [MORecord] {
        var flushed: [MORecord] = []
        for (key, stored) in self.parts where (stored.map(\.receivedAt).min() ?? cutoff) < cutoff {
            self.parts[key] = nil
            let record = assemble(stored)
            self.add(record)
            flushed.append(record)
        }
        return flushed
    }

    /// How many times the outbox was read for due records.
    private(set) var dueReads = 0

    func dueForDelivery(now: Date, limit: Int) async throws -> [OutboxEntry] {
        self.dueReads += 1
        let due = self.order.compactMap { self.rows[$0] }.filter {
            $0.state == .pending && ($0.nextAttemptAt ?? $0.queuedAt) <= now
        }
        return due.prefix(limit).map {
            OutboxEntry(record: $0.record, attempts: $0.attempts.count, queuedAt: $0.queuedAt)
        }
    }

    func recordAttempt(_ attempt: DeliveryAttempt, next: DeliveryNext) async throws {
        guard var row = self.rows[attempt.id] else { return }
        row.attempts.append(attempt)
        row.lastError = attempt.error
        switch next {
        case .delivered:
            row.state = .delivered
            row.deliveredAt = attempt.at
            row.nextAttemptAt = nil
        case .retry(let at):
            row.nextAttemptAt = at
        case .deadLetter(let reason):
            row.state = .dead
            row.lastError = reason
            row.nextAttemptAt = nil
        }
        self.rows[attempt.id] = row
        self.notify(attempt.id)
    }

    func status(id: String) async throws -> MessageStatus? {
        guard let row = self.rows[id] else { return nil }
        return MessageStatus(
            id: id,
            type: row.record.type,
            state: row.state,
            queuedAt: row.queuedAt,
            nextAttemptAt: row.nextAttemptAt,
            deliveredAt: row.deliveredAt,
            lastError: row.lastError,
            attempts: row.attempts,
            record: row.record
        )
    }

    func deadLetters(limit: Int) async throws -> [MessageStatus] {
        var out: [MessageStatus] = []
        for id in self.order.reversed() where self.rows[id]?.state == .dead {
            if let status = try await self.status(id: id) { out.append(status) }
        }
        return Array(out.prefix(limit))
    }

    func replay(id: String) async throws -> Bool {
        guard self.rows[id]?.state == .dead else { return false }
        self.rows[id]?.state = .pending
        self.rows[id]?.nextAttemptAt = Date()
        return true
    }

    func backlog() async throws -> Int {
        self.rows.values.filter { $0.state == .pending }.count
    }

    func purge(deliveredBefore: Date, completedPartsBefore: Date) async throws -> MessageStorePurge {
        let purged = self.rows.filter { $0.value.state == .delivered && $0.value.deliveredAt! < deliveredBefore }
        for id in purged.keys { self.rows[id] = nil }
        self.order.removeAll { purged[$0] != nil }
        return MessageStorePurge(deliveredRecords: purged.count)
    }
}
