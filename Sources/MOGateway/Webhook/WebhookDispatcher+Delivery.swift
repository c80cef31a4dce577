// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HeapModule
import Logging
import Synchronization

extension WebhookDispatcher {
    /// One attempt at `entry`, which the caller marked in flight: send, classify, record, then release it.
    ///
    /// Callbacks from start to end, with no task and no continuation: the transport calls back with the response,
    /// the store once the attempt is written. With ``NIOHTTPTransport`` the exchange starts in place, on the
    /// loop the dispatcher runs on.
    func deliver(_ entry: PendingDelivery) {
        let startedAt = Date()
        let start = ContinuousClock.now
        var request: WebhookRequest
        do {
            request = try self.configuration.format.request(
                for: entry,
                configuration: self.configuration,
                now: startedAt
            )
        } catch let error as EncodingError {
            // A record that cannot be encoded will never be: a dead letter, for a person to look at.
            let reason = "cannot encode the record: \(error)"
            self.conclude(entry, .refused(status: 400, reason: reason, retryAfter: nil), startedAt, start)
            return
        } catch let error as DecodingError {
            // Likewise a stored record that cannot be read back.
            let reason = "cannot decode the stored record: \(error)"
            self.conclude(entry, .refused(status: 400, reason: reason, retryAfter: nil), startedAt, start)
            return
        } catch {
            let failure = WebhookTransportError(code: .invalidRequest, detail: "\(error)")
            self.conclude(entry, .failed(failure), startedAt, start)
            return
        }
        request.mayPipeline = entry.attempts == 0
        self.transport.post(request) { response in
            switch response {
            case .success(let response):
                self.conclude(entry, self.classify(response), startedAt, start)
            case .failure(let error):
                if self.state.withLock({ $0.cancelled }) {
                    // Cancelled: the record stays pending, as if this attempt never started.
                    self.finish(id: entry.id, next: nil)
                    return
                }
                let failure =
                    error as? WebhookTransportError ?? WebhookTransportError(code: .connection, detail: "\(error)")
                self.conclude(entry, .failed(failure), startedAt, start)
            }
        }
    }

    private func classify(_ response: WebhookResponse) -> WebhookAttemptResult {
        if self.configuration.format.acknowledges(response) {
            return .acknowledged(status: response.status)
        }
        let reason =
            (200..<300).contains(response.status)
            ? "HTTP \(response.status) without \(JasminForm.acknowledgement)"
            : "HTTP \(response.status)"
        let retryAfter = response.header("Retry-After").flatMap { RetryAfter.date($0, now: Date()) }
        return .refused(status: response.status, reason: reason, retryAfter: retryAfter)
    }

    /// What follows `result`: metrics, the log, the attempt in the store, then the record's release.
    private func conclude(
        _ entry: PendingDelivery,
        _ result: WebhookAttemptResult,
        _ startedAt: Date,
        _ start: ContinuousClock.Instant
    ) {
        let elapsed = ContinuousClock.now - start
        let (next, error) = self.policy.next(
            after: result,
            attempts: entry.attempts,
            queuedAt: entry.queuedAt,
            now: Date()
        )
        let attempt = DeliveryAttempt(
            id: entry.id,
            at: startedAt,
            httpStatus: result.httpStatus,
            error: error,
            durationMilliseconds: Int(elapsed.webhookTimeInterval * 1000)
        )
        self.metrics.record(result, next: next, elapsed: elapsed)
        self.log(attempt: attempt, next: next, number: entry.attempts + 1)
        let first = self.state.withLock { state in
            state.concluded.append(RecordedAttempt(attempt, next: next))
            return state.concluded.count == 1
        }
        guard first else { return }
        if let executor = self.transport.preferredExecutor {
            // Queued behind the work already on the transport's executor (the rest of a read burst's responses),
            // so that they share the write: one task a burst, not one a response.
            Task(executorPreference: executor) { self.recordConcluded() }
        } else {
            self.recordConcluded()
        }
    }

    /// Stores the attempts concluded so far in one write, then releases their records together: one write, one
    /// lock and one wake of the loop for a burst of responses, not one each.
    private func recordConcluded() {
        let attempts = self.state.withLock { state in
            defer { state.concluded = [] }
            return state.concluded
        }
        guard !attempts.isEmpty else { return }
        self.store.recordAttempts(attempts) { stored in
            if case .failure(let error) = stored {
                // The records stay pending in the store and will be tried again: at least once, never lost.
                self.logger.error(
                    "webhook: cannot record attempts",
                    metadata: [
                        "ids": "\(attempts.map(\.attempt.id).joined(separator: ","))", "error": "\(error)",
                    ]
                )
            }
            self.finish(attempts.map { ($0.attempt.id, $0.next) })
        }
    }

    /// Releases `id` after an attempt that was never made (cancelled).
    private func finish(id: String, next: DeliveryNext?) {
        self.finish([(id, next)])
    }

    /// Releases the records, tells their waiters, and wakes the loop: slots are free. The last release of a
    /// stopping dispatcher lets `run()` go on.
    private func finish(_ finished: [(id: String, next: DeliveryNext?)]) {
        var drained: CheckedContinuation<Void, Never>?
        var resumed: [(CheckedContinuation<Bool, Never>, Bool)] = []
        self.state.withLock { state in
            for (id, next) in finished {
                state.inFlight.remove(id)
                if state.querying { state.finishedDuringQuery.insert(id) }
                // An offer of the same record that an outbox read beat to it must not send it again.
                if state.readyIDs.remove(id) != nil { state.ready.removeAll { $0.id == id } }
                switch next {
                case .retry(let at):
                    state.retryTimes.insert(at)
                case .delivered:
                    resumed += state.resolveWaiters(id: id, outcome: true).map { ($0, true) }
                case .deadLetter:
                    resumed += state.resolveWaiters(id: id, outcome: false).map { ($0, false) }
                case nil:
                    break
                }
            }
            if state.inFlight.isEmpty {
                drained = state.drained
                state.drained = nil
            }
        }
        for (waiter, outcome) in resumed {
            waiter.resume(returning: outcome)
        }
        drained?.resume()
        // Slots are free: the loop takes offered records, or reads the outbox only if it may hold more.
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
