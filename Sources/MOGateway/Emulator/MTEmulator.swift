// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Logging
import Metrics
public import SMPPCore
public import ServiceLifecycle

/// Moves held MT messages to their final state when due and queues the receipts their registered_delivery asks
/// for in the ESME outbox, which ``ESMEDeliveryService`` delivers to the submitter's receivers and transceivers.
public final class MTEmulator: Service, Sendable {
    public let messages: MTMessageStore
    let store: SQLiteMessageStore
    let delivery: ESMEDeliveryService
    let interval: Duration
    let intermediateState: MessageState
    let logger: Logger

    public init(
        messages: MTMessageStore,
        store: SQLiteMessageStore,
        delivery: ESMEDeliveryService,
        interval: Duration = .milliseconds(20),
        intermediateState: MessageState = .enroute,
        logger: Logger
    ) {
        self.messages = messages
        self.store = store
        self.delivery = delivery
        self.interval = interval
        self.intermediateState = intermediateState
        self.logger = logger
    }

    public func run() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await self.generateReceipts(now: Date())
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }

    /// Queues the receipts that became due by `now`.
    func generateReceipts(now: Date) async {
        var queued = false
        for event in self.messages.due(now: now) {
            let receipt: ESMEMessage
            let key: String
            switch event {
            case .intermediate(let message):
                receipt = .receipt(for: message, intermediate: self.intermediateState, at: now)
                key = message.id + "/intermediate"
            case .final(let message):
                Counter(label: "mogate_mt_final_total", dimensions: [("stat", "\(message.state)")]).increment()
                guard message.wantsFinalReceipt(message.state) else { continue }
                receipt = .receipt(for: message, intermediate: nil, at: now)
                key = message.id + "/final"
            }
            let systemID: String
            switch event {
            case .intermediate(let message), .final(let message): systemID = message.systemID
            }
            do {
                try await self.store.enqueueESME(messageID: key, systemID: systemID, message: receipt)
                queued = true
            } catch {
                self.logger.error("receipt could not be queued", metadata: ["mt.id": "\(key)", "error": "\(error)"])
            }
        }
        if queued { self.delivery.wake() }
    }
}
