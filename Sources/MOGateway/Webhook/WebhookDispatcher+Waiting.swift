// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

extension WebhookDispatcher {
    /// Waits until the record `id` is delivered: for `ack: webhook`, which answers the PDU only after a 2xx.
    ///
    /// It also wakes the dispatcher, so the record is tried at once.
    /// - Returns: true once it is delivered (or already was); false when it became a dead letter, on timeout, on
    ///   cancellation, or when the dispatcher stopped.
    public func waitForDelivery(id: String, timeout: Duration) async -> Bool {
        let ticket = self.state.withLock { state in
            state.nextTicket += 1
            let ticket = state.nextTicket
            state.waiters[id, default: [:]][ticket] = .registered
            return ticket
        }
        defer { self.state.withLock { $0.removeWaiter(id: id, ticket: ticket) } }
        // Registered first, then the store: an outcome cannot fall between the two.
        if let status = try? await self.store.status(id: id) {
            switch status.state {
            case .delivered: return true
            case .dead: return false
            case .pending: break
            }
        }
        self.wake()
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.suspend(id: id, ticket: ticket) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Tells every waiter `outcome` (false when the dispatcher stops).
    func resolveAllWaiters(_ outcome: Bool) {
        let continuations = self.state.withLock { state in
            let ids = Array(state.waiters.keys)
            return ids.flatMap { state.resolveWaiters(id: $0, outcome: outcome) }
        }
        for continuation in continuations {
            continuation.resume(returning: outcome)
        }
    }

    private func suspend(id: String, ticket: Int) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = self.state.withLock { state in
                    switch state.waiters[id]?[ticket] {
                    case .resolved(let outcome):
                        state.removeWaiter(id: id, ticket: ticket)
                        return outcome
                    case .registered where !Task.isCancelled:
                        state.waiters[id]?[ticket] = .waiting(continuation)
                        return nil
                    case .registered, .waiting, nil:
                        state.removeWaiter(id: id, ticket: ticket)
                        return false
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let continuation = self.state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard case .waiting(let continuation) = state.waiters[id]?[ticket] else { return nil }
                state.removeWaiter(id: id, ticket: ticket)
                return continuation
            }
            continuation?.resume(returning: false)
        }
    }
}

extension DispatcherState {
    /// Marks the waiters of `id` resolved and returns the suspended ones, for the caller to resume outside the lock.
    mutating func resolveWaiters(id: String, outcome: Bool) -> [CheckedContinuation<Bool, Never>] {
        guard var tickets = self.waiters[id] else { return [] }
        var continuations: [CheckedContinuation<Bool, Never>] = []
        for (ticket, waiter) in tickets {
            switch waiter {
            case .registered:
                tickets[ticket] = .resolved(outcome)
            case .waiting(let continuation):
                continuations.append(continuation)
                tickets[ticket] = nil
            case .resolved:
                continue
            }
        }
        self.waiters[id] = tickets.isEmpty ? nil : tickets
        return continuations
    }

    mutating func removeWaiter(id: String, ticket: Int) {
        self.waiters[id]?[ticket] = nil
        if self.waiters[id]?.isEmpty == true { self.waiters[id] = nil }
    }
}
