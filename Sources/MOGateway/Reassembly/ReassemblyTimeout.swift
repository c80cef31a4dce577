// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Logging
public import SMPPCore
public import ServiceLifecycle

/// Forwards long messages whose parts stopped arriving: after the timeout (default 5 minutes) what arrived is
/// delivered, marked `incomplete` with the part numbers. Nothing is silently dropped.
public struct ReassemblyTimeout: Service {
    let store: any MessageStore
    let timeout: Duration
    let checkEvery: Duration
    let defaultAlphabet: DefaultAlphabet
    let logger: Logger
    let recordQueued: @Sendable (String) -> Void

    public init(
        store: any MessageStore,
        timeout: Duration = .seconds(300),
        checkEvery: Duration? = nil,
        defaultAlphabet: DefaultAlphabet = .gsm7Unpacked,
        logger: Logger,
        recordQueued: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.store = store
        self.timeout = timeout
        self.checkEvery = checkEvery ?? min(.seconds(5), timeout / 4)
        self.defaultAlphabet = defaultAlphabet
        self.logger = logger
        self.recordQueued = recordQueued
    }

    public func run() async throws {
        let timeoutSeconds = StoreHousekeeping.seconds(self.timeout)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await self.flush(now: Date(), timeoutSeconds: timeoutSeconds)
            } catch {
                self.logger.error("reassembly timeout check failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.checkEvery) }
        }
    }

    /// Forwards the groups older than the timeout now (the loop calls it; tests call it directly).
    public func flush(now: Date, timeoutSeconds: Double) async throws {
        let alphabet = self.defaultAlphabet
        let records = try await self.store.flushIncompleteParts(olderThan: now.addingTimeInterval(-timeoutSeconds)) {
            parts in
            MOAssembler.assemble(parts, defaultAlphabet: alphabet)
        }
        for record in records {
            self.logger.notice(
                "incomplete MO forwarded after the reassembly timeout",
                metadata: ["mo.id": "\(record.id)", "mo.received_parts": "\(record.receivedParts ?? [])"]
            )
            self.recordQueued(record.id)
        }
    }
}
