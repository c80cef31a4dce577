// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MOCheck
import ServiceLifecycle
import Synchronization

/// A backend that receives the verifier's callbacks over real HTTP: it refuses the first `failures` attempts of
/// each check with 500, then accepts, and records every attempt.
final class CallbackReceiver: Sendable {
    struct Attempt: Sendable {
        var checkID: String
        var body: [String: String]
        var match: Bool?
        var signatureValid: Bool
        var accepted: Bool
        var at: ContinuousClock.Instant
    }

    let secret: String
    let failures: Int
    private let log = Mutex([Attempt]())

    init(secret: String, failures: Int) {
        self.secret = secret
        self.failures = failures
    }

    var attempts: [Attempt] { self.log.withLock { $0 } }

    func attempts(checkID: String) -> [Attempt] { self.attempts.filter { $0.checkID == checkID } }

    /// Waits until an attempt for `checkID` was accepted.
    func waitForAccepted(checkID: String, timeout: Duration = .seconds(15)) async throws -> Attempt? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let done = self.attempts(checkID: checkID).first(where: \.accepted) { return done }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    func application(onServerRunning: @escaping @Sendable (Int) async -> Void) -> some Service {
        let router = Router()
        router.post("callback") { request, _ -> Response in
            let bytes = Array(try await request.body.collect(upTo: 1 << 16).readableBytesView)
            let header = request.headers[HTTPField.Name("X-MOGate-Signature")!] ?? ""
            let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            let checkID = object["check_id"] as? String ?? ""
            let accepted = self.log.withLock { log in
                let accepted = log.filter { $0.checkID == checkID }.count >= self.failures
                log.append(
                    Attempt(
                        checkID: checkID,
                        body: object.compactMapValues { $0 as? String },
                        match: object["match"] as? Bool,
                        signatureValid: MOSignature.isValid(
                            header: header,
                            secret: self.secret,
                            body: bytes,
                            tolerance: 60
                        ),
                        accepted: accepted,
                        at: .now
                    )
                )
                return accepted
            }
            return Response(status: accepted ? .ok : .internalServerError)
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) },
            logger: VerifierHarness.logger
        )
    }
}
