// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Logging
import Metrics
import SMPPCore
import SMPPNIO
public import ServiceLifecycle
import Synchronization

/// Delivers the ESME outbox: each pending row goes, as one or more deliver_sm, to a bound receiver or
/// transceiver of its system_id, and is marked delivered only when every part was answered ESME_ROK.
///
/// `ESME_RX_T_APPN`, `ESME_RMSGQFUL`, any other error status, no answer in time, or the session closing: the row
/// is tried again after a backoff (``Configuration``), on whichever session of the system_id is bound then,
/// including after a reconnect or a restart of mogate (the row is in the store). `ESME_RX_P_APPN` is permanent:
/// the row becomes dead. Rows of a system_id with no session bound wait, still pending.
public final class ESMEDeliveryService: Service, Sendable {
    public struct Configuration: Sendable {
        /// How often the outbox is checked when nothing wakes the service.
        public var pollInterval: Duration = .milliseconds(250)
        /// Backoff before try n+1: `retryBase × 2ⁿ`, at most `retryMaximum`.
        public var retryBase: Duration = .seconds(1)
        public var retryMaximum: Duration = .seconds(60)
        /// Rows read per pass.
        public var batch = 256
        /// How long delivered rows stay in the outbox (the gateway sets its `retention`); nil keeps them.
        public var retention: Duration? = .seconds(7 * 86_400)

        public init() {}
    }

    let configuration: Configuration
    let store: SQLiteMessageStore
    public let sessions: ESMESessions
    let logger: Logger
    private let wakeups: AsyncStream<Void>
    private let wakeupContinuation: AsyncStream<Void>.Continuation
    /// Rows being delivered, and rows whose outcome was recorded while the current pass read the outbox: its
    /// snapshot may still show them pending, and they must not go out twice.
    private struct Tracking {
        var inFlight: Set<Int64> = []
        var finished: [Int64: UInt64] = [:]
        var pass: UInt64 = 0

        /// Starts a pass: outcomes recorded before now are in the snapshot it is about to read.
        mutating func beginPass() {
            self.pass += 1
            let pass = self.pass
            self.finished = self.finished.filter { $0.value >= pass }
        }

        func isBusy(_ id: Int64) -> Bool { self.inFlight.contains(id) || self.finished[id] != nil }

        mutating func finish(_ id: Int64) {
            self.inFlight.remove(id)
            self.finished[id] = self.pass
        }
    }

    private let tracking = Mutex(Tracking())
    private let reference = Mutex<UInt16>(UInt16.random(in: 0...UInt16.max))
    private let stopped = Atomic<Bool>(false)

    public init(configuration: Configuration, store: SQLiteMessageStore, sessions: ESMESessions, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.sessions = sessions
        self.logger = logger
        (self.wakeups, self.wakeupContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Makes the service look at the outbox now: after a row was queued, or a session bound.
    public func wake() {
        self.wakeupContinuation.yield()
    }

    public func run() async {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.tick() }
                for await _ in self.wakeups {
                    await self.pass(group: &group)
                }
            }
        } onGracefulShutdown: {
            self.stopped.store(true, ordering: .relaxed)
            self.wakeupContinuation.finish()
        }
    }

    private func tick() async {
        var lastPurge = ContinuousClock.now
        // Cancellation (another service failed) ends it too: a cancelled sleep returns at once.
        while !self.stopped.load(ordering: .relaxed), !Task.isCancelled {
            try? await Task.sleep(for: self.configuration.pollInterval)
            self.wake()
            if let retention = self.configuration.retention, ContinuousClock.now - lastPurge > .seconds(60) {
                lastPurge = ContinuousClock.now
                let cutoff = Date().addingTimeInterval(-retention.webhookTimeInterval)
                _ = try? await self.store.purgeESMEDeliveries(deliveredBefore: cutoff)
            }
        }
    }

    private func pass(group: inout DiscardingTaskGroup) async {
        self.tracking.withLock { $0.beginPass() }
        let bound = self.sessions.boundSystemIDs
        let due: [ESMEDelivery]
        do {
            due =
                bound.isEmpty
                ? []
                : try await self.store.dueESMEDeliveries(
                    now: Date(),
                    limit: self.configuration.batch,
                    systemIDs: bound
                )
        } catch {
            self.logger.warning("ESME outbox read failed", metadata: ["error": "\(error)"])
            return
        }
        for delivery in due {
            guard !self.tracking.withLock({ $0.isBusy(delivery.id) }),
                let session = self.sessions.acquire(systemID: delivery.systemID)
            else { continue }
            self.tracking.withLock { _ = $0.inFlight.insert(delivery.id) }
            group.addTask {
                let next = await self.deliver(delivery, on: session)
                self.sessions.release(session)
                do {
                    try await self.store.recordESMEAttempt(id: delivery.id, next: next)
                } catch {
                    self.logger.warning("ESME outbox write failed", metadata: ["error": "\(error)"])
                }
                self.tracking.withLock { $0.finish(delivery.id) }
                self.wake()
            }
        }
        if let pending = try? await self.store.pendingESMEDeliveries() {
            Gauge(label: "mogate_esme_pending").record(pending)
        }
    }

    /// Sends every part in order on one session and decides what follows.
    func deliver(_ delivery: ESMEDelivery, on session: SMPPSession) async -> ESMEDeliveryNext {
        let kind = delivery.message.kind.rawValue
        let reference = self.reference.withLock { value in
            value &+= 1
            return value
        }
        var failure: String?
        var permanent = false
        for pdu in delivery.message.deliverSMs(reference: reference) {
            do {
                let response = try await session.send(.deliverSM(pdu))
                if response.commandStatus == .ok { continue }
                failure = "\(response.commandStatus)"
                permanent = response.commandStatus == .permanentAppError
            } catch {
                failure = "\(error)"
            }
            break
        }
        guard let failure else {
            Counter(label: "mogate_esme_delivered_total", dimensions: [("kind", kind)]).increment()
            self.logger.debug(
                "deliver_sm delivered",
                metadata: ["esme.message_id": "\(delivery.messageID)", "smpp.system_id": "\(delivery.systemID)"]
            )
            return .delivered
        }
        if permanent {
            Counter(label: "mogate_esme_dead_total", dimensions: [("kind", kind)]).increment()
            self.logger.notice(
                "deliver_sm refused permanently",
                metadata: ["esme.message_id": "\(delivery.messageID)", "smpp.system_id": "\(delivery.systemID)"]
            )
            return .dead(reason: failure)
        }
        Counter(label: "mogate_esme_retries_total", dimensions: [("kind", kind)]).increment()
        let delay = self.backoff(attempts: delivery.attempts)
        self.logger.info(
            "deliver_sm not accepted; will retry",
            metadata: [
                "esme.message_id": "\(delivery.messageID)", "smpp.system_id": "\(delivery.systemID)",
                "error": "\(failure)", "retry_in": "\(delay)",
            ]
        )
        return .retry(at: Date().addingTimeInterval(delay.webhookTimeInterval), error: failure)
    }

    func backoff(attempts: Int) -> Duration {
        let factor = Double(1 << min(attempts, 20))
        return min(self.configuration.retryBase * factor, self.configuration.retryMaximum)
    }
}
