// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOGateway
import ServiceLifecycle

/// Records, parts and a running store on a real SQLite file, for the store's tests.
enum StoreFixtures {
    static let logger = Logger(label: "test.store")

    /// A fresh directory under the system's temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-store-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func configuration(
        _ directory: URL,
        durability: SQLiteMessageStore.Durability = .fsync,
        backlogLimit: Int? = nil
    ) -> SQLiteMessageStore.Configuration {
        SQLiteMessageStore.Configuration(
            dataDirectory: directory.path,
            durability: durability,
            backlogLimit: backlogLimit
        )
    }

    /// Whole seconds: `received_at` keeps milliseconds, so these survive the JSON v1 round trip exactly.
    static func date(_ offset: Int = 0) -> Date {
        Date(timeIntervalSince1970: 1_790_000_000 + Double(offset))
    }

    static func record(id: String, text: String = "Verify 483920", receivedAt: Date = date()) -> MORecord {
        MORecord(
            id: id,
            type: .mo,
            from: "+447700900123",
            fromRaw: .init(addr: "07700900123", ton: 2, npi: 1),
            fromValid: true,
            to: "+447860000000",
            toRaw: .init(addr: "447860000000", ton: 1, npi: 1),
            toValid: true,
            text: text,
            encoding: "gsm7",
            dataCoding: 0,
            bodyHex: text.utf8.map { String($0, radix: 16) }.joined(),
            receivedAt: receivedAt,
            smpp: .init(command: "deliver_sm", systemID: "carrier1", sequenceNumbers: [7])
        )
    }

    static func key(reference: Int, total: Int) -> MOPart.Key {
        MOPart.Key(
            systemID: "carrier1",
            source: "447700900123",
            destination: "447860000000",
            scheme: "udh8",
            reference: reference,
            total: total
        )
    }

    static func part(reference: Int, sequence: Int, total: Int, text: String, receivedAt: Date = date()) -> MOPart {
        MOPart(
            key: key(reference: reference, total: total),
            sequence: sequence,
            record: record(id: "part-\(reference)-\(sequence)", text: "", receivedAt: receivedAt),
            payload: Array(text.utf8)
        )
    }

    /// Joins the payloads in the order given, as reassembly would, and marks a short set incomplete.
    static let assemble: @Sendable ([MOPart]) -> MORecord = { parts in
        let first = parts[0]
        let text = String(decoding: parts.flatMap(\.payload), as: UTF8.self)
        var record = StoreFixtures.record(id: "msg-\(first.key.reference)", text: text, receivedAt: first.receivedAt)
        record.parts = first.key.total
        record.concat = .init(ref: first.key.reference, total: first.key.total, scheme: first.key.scheme)
        if parts.count < first.key.total {
            record.incomplete = true
            record.receivedParts = parts.map(\.sequence)
        }
        return record
    }

    /// Opens the store, runs it in a `ServiceGroup` around `body`, then shuts it down gracefully (drain, close).
    static func withStore<T>(
        _ configuration: SQLiteMessageStore.Configuration,
        _ body: (SQLiteMessageStore) async throws -> T
    ) async throws -> T {
        let store = try SQLiteMessageStore(configuration: configuration, logger: logger)
        let group = ServiceGroup(services: [store], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(store))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
