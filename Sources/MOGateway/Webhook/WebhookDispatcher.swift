// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
import Foundation
import HeapModule
public import Logging
public import ServiceLifecycle
import Synchronization

/// Delivers the outbox: a ServiceLifecycle `Service` that takes due records from the store, sends them through a
/// ``WebhookTransport`` in the configured ``WebhookFormat``, and records every attempt and what follows it.
///
/// - It only reads the store and records attempts, so it never blocks ingestion: a slow or dead target only
///   grows the backlog.
/// - At most ``WebhookConfiguration/maxConcurrency`` attempts are in flight, and a record is never in flight twice.
/// - It looks at the outbox every ``WebhookConfiguration/pollInterval``, when a retry it scheduled falls due, when a
///   slot frees up, and at once when ``wake()`` is called (ingestion calls it after an append).
/// - On graceful shutdown it takes no new records, lets the attempts in flight finish (each is bounded by the
///   timeout), then shuts the transport down.
public final class WebhookDispatcher: Service {
    let configuration: WebhookConfiguration
    let store: any MessageStore
    let transport: any WebhookTransport
    let logger: Logger
    let policy: WebhookRetryPolicy
    let metrics = WebhookMetrics()
    let state = Mutex(DispatcherState())

    /// A dispatcher with its own ``AsyncHTTPClientTransport``, pooled to the concurrency.
    public convenience init(configuration: WebhookConfiguration, store: any MessageStore, logger: Logger) {
        let transport = AsyncHTTPClientTransport(
            configuration: .init(maximumConnectionsPerHost: configuration.maxConcurrency)
        )
        self.init(configuration: configuration, store: store, transport: transport, logger: logger)
    }

    /// A dispatcher over `transport`, which it owns: `run()` shuts it down when it returns.
    public init(
        configuration: WebhookConfiguration,
        store: any MessageStore,
        transport: any WebhookTransport,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.transport = transport
        self.logger = logger
        self.policy = WebhookRetryPolicy(configuration)
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            if let executor = self.transport.preferredExecutor {
                // The loop and its delivery tasks (children inherit the preference) run where the transport's
                // connections do.
                await withTaskExecutorPreference(executor) { await self.dispatchUntilStopped() }
            } else {
                await self.dispatchUntilStopped()
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.wake()
        }
        self.resolveAllWaiters(false)
        try await self.transport.shutdown()
    }

    /// Looks at the outbox now instead of at the next poll: call it after appending a record.
    public func wake() {
        self.wake(lookInOutbox: true)
    }

    /// Takes a record that was just stored, to send without reading it back from the outbox. When too many are
    /// waiting already it is left to the outbox, which is read soon after.
    public func offer(_ entry: PendingDelivery) {
        let sleeper = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.inFlight.contains(entry.id) {
                // An outbox read took it first.
            } else if state.ready.count < self.configuration.readyCapacity {
                state.ready.append(entry)
                state.readyIDs.insert(entry.id)
            } else {
                state.lookInOutbox = true
            }
            return state.takeSleeper()
        }
        sleeper?.resume()
    }

    /// Wakes the loop; with `lookInOutbox` false (a slot freed), it reads the outbox only if it may hold more due
    /// records than were taken.
    func wake(lookInOutbox: Bool) {
        let sleeper = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            if lookInOutbox { state.lookInOutbox = true }
            return state.takeSleeper()
        }
        sleeper?.resume()
    }

    private func dispatchUntilStopped() async {
        // One task polls every pollInterval, so that an ordinary sleep is a bare continuation: a sleep with its own
        // timeout cost two child tasks and a timer each time round, about twice per MO at a steady rate.
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.configuration.pollInterval)
                self.wake()
            }
        }
        defer { ticker.cancel() }
        await withTaskCancellationHandler {
            await self.dispatchLoop()
            await self.drain()
        } onCancel: {
            // A failure after this leaves its record pending, and run() stops waiting for attempts in flight.
            let drained = self.state.withLock { state in
                state.cancelled = true
                defer { state.drained = nil }
                return state.drained
            }
            drained?.resume()
            self.wake()
        }
    }

    /// Until stopped or cancelled, hands due records to `deliver`, which runs each without a task of its own.
    private func dispatchLoop() async {
        while !Task.isCancelled && !self.state.withLock({ $0.stopping }) {
            let now = Date()
            // Offered records first: they need no read of the outbox.
            let (offered, free, inFlight, look) = self.state.withLock { state in
                var free = self.configuration.maxConcurrency - state.inFlight.count
                var offered: [PendingDelivery] = []
                while free > 0, !state.ready.isEmpty {
                    let entry = state.ready.removeFirst()
                    state.readyIDs.remove(entry.id)
                    guard state.inFlight.insert(entry.id).inserted else { continue }
                    offered.append(entry)
                    free -= 1
                }
                if let due = state.retryTimes.min, due <= now {
                    while let due = state.retryTimes.min, due <= now { state.retryTimes.removeMin() }
                    state.lookInOutbox = true
                }
                let look = free > 0 && state.lookInOutbox
                if look {
                    state.lookInOutbox = false
                    state.finishedDuringQuery = []
                    state.querying = true
                }
                return (offered, free, state.inFlight, look)
            }
            for entry in offered {
                self.deliver(entry)
            }
            var moreDue = false
            if look {
                let wanted = min(free, self.configuration.batchSize)
                do {
                    // In-flight records are still pending in the store: it skips them unread.
                    let due = try await self.store.dueForDelivery(now: now, limit: wanted, excluding: inFlight)
                    let claimed = self.state.withLock { state in
                        defer {
                            state.querying = false
                            state.finishedDuringQuery = []
                        }
                        // A full answer means more may be due: read again when a slot frees up.
                        if due.count >= wanted { state.lookInOutbox = true }
                        var claimed: [PendingDelivery] = []
                        // A record whose attempt finished while the query ran may be read as still pending:
                        // sending it again would duplicate a delivered record or skip its backoff. One offered
                        // meanwhile is sent from the offer.
                        for entry in due
                        where claimed.count < wanted && !state.inFlight.contains(entry.id)
                            && !state.finishedDuringQuery.contains(entry.id) && !state.readyIDs.contains(entry.id)
                        {
                            state.inFlight.insert(entry.id)
                            claimed.append(entry)
                        }
                        return claimed
                    }
                    for entry in claimed {
                        self.deliver(entry)
                    }
                    moreDue = claimed.count == wanted && wanted < free
                } catch {
                    self.state.withLock {
                        $0.querying = false
                        $0.lookInOutbox = true
                    }
                    self.logger.error("webhook: cannot read the outbox", metadata: ["error": "\(error)"])
                }
            }
            if !moreDue {
                await self.sleepUntilWoken(timeout: self.nextLookDelay())
            }
        }
    }

    /// Waits for the attempts in flight to finish (each is bounded by the timeout), unless cancelled: a cancelled
    /// dispatcher returns at once.
    private func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = self.state.withLock { state in
                if state.inFlight.isEmpty || state.cancelled { return true }
                state.drained = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Until the next poll, or the earliest retry this dispatcher scheduled, whichever is sooner.
    private func nextLookDelay() -> Duration {
        let due = self.state.withLock { $0.retryTimes.min }
        guard let due else { return self.configuration.pollInterval }
        let untilDue = Duration.milliseconds(max(0, Int64((due.timeIntervalSinceNow * 1000).rounded(.up))))
        return min(self.configuration.pollInterval, untilDue)
    }

    private func sleepUntilWoken(timeout: Duration) async {
        let pending = self.state.withLock { state in
            defer { state.wakePending = false }
            return state.wakePending || !state.ready.isEmpty && state.inFlight.count < self.configuration.maxConcurrency
        }
        if pending { return }
        // The ticker wakes the loop at the poll interval; only a sooner retry needs a timer of its own.
        if timeout >= self.configuration.pollInterval {
            await self.waitForWake()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForWake() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForWake() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state in
                    if state.wakePending || Task.isCancelled {
                        state.wakePending = false
                        return true
                    }
                    state.sleeper = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = self.state.withLock { state in
                defer { state.sleeper = nil }
                return state.sleeper
            }
            sleeper?.resume()
        }
    }
}

/// The dispatcher's mutable state, behind one lock.
struct DispatcherState {
    /// Ids being attempted now.
    var inFlight: Set<String> = []
    /// Whether the loop is reading due records from the store now, and the ids whose attempt finished meanwhile.
    var querying = false
    var finishedDuringQuery: Set<String> = []
    /// Set by `wake()` when the loop is not asleep: the next sleep returns at once.
    var wakePending = false
    /// Records handed over by `offer(_:)`, oldest first, and their ids.
    var ready: Deque<PendingDelivery> = []
    var readyIDs: Set<String> = []
    /// Whether the next look should read the outbox: at start, on `wake()`, after a full answer, when a retry
    /// falls due, or when an offer did not fit.
    var lookInOutbox = true
    var sleeper: CheckedContinuation<Void, Never>?
    /// The retries this dispatcher scheduled and has not looked for yet, earliest first: each due time wakes the
    /// loop, not only the earliest.
    var retryTimes = Heap<Date>()
    var stopping = false
    /// Set when the dispatcher's task is cancelled: a failure after that leaves its record pending.
    var cancelled = false
    /// Attempts concluded and not yet handed to the store, which takes them together.
    var concluded: [RecordedAttempt] = []
    /// `run()` waiting, on stop, for the last attempt in flight.
    var drained: CheckedContinuation<Void, Never>?
    /// `waitForDelivery` callers, by record id, then by ticket.
    var waiters: [String: [Int: DeliveryWaiter]] = [:]
    var nextTicket = 0
}

extension DispatcherState {
    /// The sleeping loop, to resume outside the lock; or, when it is not asleep, a note that it should not sleep.
    mutating func takeSleeper() -> CheckedContinuation<Void, Never>? {
        guard let sleeper = self.sleeper else {
            self.wakePending = true
            return nil
        }
        self.sleeper = nil
        return sleeper
    }
}

enum DeliveryWaiter {
    /// Registered, not suspended yet.
    case registered
    case waiting(CheckedContinuation<Bool, Never>)
    /// The outcome arrived before the caller suspended.
    case resolved(Bool)
}
