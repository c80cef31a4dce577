// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Synchronization

extension WebhookDispatcher {
    /// One attempt at `entry`, which the caller marked in flight: send, classify, record, then release it.
    func deliver(_ entry: PendingDelivery) async {
        let id = entry.id
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let result: WebhookAttemptResult
        do {
            var request = try self.configuration.format.request(
                for: entry,
                configuration: self.configuration,
                now: startedAt
            )
            request.mayPipeline = entry.attempts == 0
            let response = try await self.transport.post(request)
            if self.configuration.format.acknowledges(response) {
                result = .acknowledged(status: response.status)
            } else {
                let reason =
                    (200..<300).contains(response.status)
                    ? "HTTP \(response.status) without \(JasminForm.acknowledgement)"
                    : "HTTP \(response.status)"
                let retryAfter = response.header("Retry-After").flatMap { RetryAfter.date($0, now: Date()) }
                result = .refused(status: response.status, reason: reason, retryAfter: retryAfter)
            }
        } catch let error as EncodingError {
            // A record that cannot be encoded will never be: a dead letter, for a person to look at.
            result = .refused(status: 400, reason: "cannot encode the record: \(error)", retryAfter: nil)
        } catch let error as DecodingError {
            // Likewise a stored record that cannot be read back.
            result = .refused(status: 400, reason: "cannot decode the stored record: \(error)", retryAfter: nil)
        } catch {
            if Task.isCancelled {
                // Stopping: the record stays pending, as if this attempt never started.
                self.finish(id: id, next: nil)
                return
            }
            result = .failed(
                error as? WebhookTransportError ?? WebhookTransportError(code: .connection, detail: "\(error)")
            )
        }
        let elapsed = clock.now - start
        let (next, error) = self.policy.next(
            after: result,
            attempts: entry.attempts,
            queuedAt: entry.queuedAt,
            now: Date()
        )
        let attempt = DeliveryAttempt(
            id: id,
            at: startedAt,
            httpStatus: result.httpStatus,
            error: error,
            durationMilliseconds: Int(elapsed.webhookTimeInterval * 1000)
        )
        self.metrics.record(result, next: next, elapsed: elapsed)
        self.log(attempt: attempt, next: next, number: entry.attempts + 1)
        do {
            try await self.store.recordAttempt(attempt, next: next)
        } catch {
            // The record stays pending in the store and will be tried again: at least once, never lost.
            self.logger.error(
                "webhook: cannot record an attempt",
                metadata: ["id": "\(id)", "error": "\(error)"]
            )
        }
        self.finish(id: id, next: next)
    }

    /// Releases `id`, tells its waiters, and wakes the loop: a slot is free.
    private func finish(id: String, next: DeliveryNext?) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.inFlight.remove(id)
            if state.querying { state.finishedDuringQuery.insert(id) }
            // An offer of the same record that an outbox read beat to it must not send it again.
            if state.readyIDs.remove(id) != nil { state.ready.removeAll { $0.id == id } }
            switch next {
            case .retry(let at):
                state.nextDue = min(state.nextDue ?? at, at)
                return []
            case .delivered:
                return state.resolveWaiters(id: id, outcome: true)
            case .deadLetter:
                return state.resolveWaiters(id: id, outcome: false)
            case nil:
                return []
            }
        }
        for waiter in waiters {
            waiter.resume(returning: next == .delivered)
        }
        // A slot is free: the loop takes an offered record, or reads the outbox only if it may hold more.
        self.wake(lookInOutbox: false)
    }

    private func log(attempt: DeliveryAttempt, next: DeliveryNext, number: Int) {
        let level: Logger.Level =
            switch next {
            case .delivered: .debug
            case .retry: .info
            case .deadLetter: .warning
            }
        // The metadata costs a dictionary and four strings: not for every delivered MO at the default level.
        guard self.logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "id": "\(attempt.id)",
            "attempt": "\(number)",
            "duration_ms": "\(attempt.durationMilliseconds)",
        ]
        if let status = attempt.httpStatus { metadata["http_status"] = "\(status)" }
        if let error = attempt.error { metadata["error"] = "\(error)" }
        switch next {
        case .delivered:
            self.logger.debug("webhook: delivered", metadata: metadata)
        case .retry(let at):
            metadata["retry_in_ms"] = "\(Int(at.timeIntervalSinceNow * 1000))"
            self.logger.info("webhook: attempt failed, will retry", metadata: metadata)
        case .deadLetter(let reason):
            metadata["reason"] = "\(reason)"
            self.logger.warning("webhook: dead letter", metadata: metadata)
        }
    }
}
