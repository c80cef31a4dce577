// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Posts queued callbacks to the backend, signed like mogate's webhooks, and records each attempt.
///
/// A 2xx acknowledges; anything else, or no answer, is retried by ``CallbackPolicy`` until its attempts run out.
final class CallbackSender: Sendable {
    let store: CheckStore
    let policy: CallbackPolicy
    let secret: String?
    let logger: Logger

    init(store: CheckStore, policy: CallbackPolicy, secret: String?, logger: Logger) {
        self.store = store
        self.policy = policy
        self.secret = secret
        self.logger = logger
    }

    /// One attempt; then `done`, so that the loop looks again.
    func deliver(_ callback: CheckStore.Callback, done: @Sendable () -> Void) async {
        defer { done() }
        let failure: String?
        do {
            var request = HTTPClientRequest(url: callback.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "mogate-verifier")
            if let secret = self.secret {
                request.headers.add(
                    name: MOSignature.headerName,
                    value: MOSignature.header(secret: secret, body: callback.body)
                )
            }
            request.body = .bytes(ByteBuffer(bytes: callback.body))
            let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(self.policy.timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            failure = (200..<300).contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            failure = "\(error)"
        }
        do {
            guard let failure else {
                try await self.store.callbackDelivered(id: callback.id)
                self.logger.info("callback delivered", metadata: ["check_id": "\(callback.checkID)"])
                return
            }
            let attempt = callback.attempts + 1
            let retryAt =
                attempt >= self.policy.maxAttempts
                ? nil : Date().addingTimeInterval(Self.seconds(self.policy.delay(afterAttempt: attempt)))
            try await self.store.callbackFailed(id: callback.id, error: failure, retryAt: retryAt)
            self.logger.warning(
                retryAt == nil ? "callback failed; no attempts left" : "callback failed; will retry",
                metadata: ["check_id": "\(callback.checkID)", "attempt": "\(attempt)", "error": "\(failure)"]
            )
        } catch {
            self.logger.error("verifier: cannot record a callback attempt", metadata: ["error": "\(error)"])
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// Set once, read by the loop.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { self.flag.withLock { $0 } }
    func set() { self.flag.withLock { $0 = true } }
}
