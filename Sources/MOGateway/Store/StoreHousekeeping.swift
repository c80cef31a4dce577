// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import Logging
public import ServiceLifecycle

/// Keeps the store from growing without bound: delivered records leave after `retention` (until then
/// `GET /v1/messages/{id}` shows them), and the memory of forwarded parts after `partsRetention`. Pending records
/// and dead letters stay until they are delivered or replayed.
public struct StoreHousekeeping: Service {
    let store: any MessageStore
    let retention: Duration
    let partsRetention: Duration
    let interval: Duration
    let logger: Logger

    public init(
        store: any MessageStore,
        retention: Duration,
        partsRetention: Duration,
        interval: Duration = .seconds(60),
        logger: Logger
    ) {
        self.store = store
        self.retention = retention
        self.partsRetention = partsRetention
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await self.purge(now: Date())
            } catch {
                self.logger.error("store purge failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }

    /// One pass now (the loop calls it; tests call it directly).
    @discardableResult
    public func purge(now: Date) async throws -> MessageStorePurge {
        let purged = try await self.store.purge(
            deliveredBefore: now.addingTimeInterval(-Self.seconds(self.retention)),
            completedPartsBefore: now.addingTimeInterval(-Self.seconds(self.partsRetention))
        )
        if purged != MessageStorePurge() {
            self.logger.info(
                "store purged",
                metadata: [
                    "purged.delivered": "\(purged.deliveredRecords)", "purged.parts": "\(purged.completedParts)",
                ]
            )
        }
        return purged
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
