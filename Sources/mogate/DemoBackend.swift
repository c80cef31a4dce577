// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MOCheck
import ServiceLifecycle
import Synchronization

/// The team's backend in `mogate demo`: it receives the verifier's callbacks and checks their signature.
///
/// It answers the first callback of each check with 503, so that the demo shows the verifier retrying.
final class DemoBackend: Sendable {
    struct Callback: Sendable {
        var checkID: String
        var status: String
        var match: Bool?
        var signatureValid: Bool
        /// 1 for the first POST of this check's callback.
        var attempt: Int
    }

    let secret: String
    let callbacks = Inbox<Callback>()
    private let attempts = Mutex([String: Int]())

    init(secret: String) { self.secret = secret }

    func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void) -> some Service {
        let router = Router()
        router.post("callbacks") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: 1 << 16).readableBytesView)
            let signature = request.headers[HTTPField.Name(MOSignature.headerName)!] ?? ""
            let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
            let checkID = object["check_id"] as? String ?? "?"
            let attempt = self.attempts.withLock { attempts in
                attempts[checkID, default: 0] += 1
                return attempts[checkID]!
            }
            if attempt == 1 { return Response(status: .serviceUnavailable) }
            await self.callbacks.put(
                Callback(
                    checkID: checkID,
                    status: object["status"] as? String ?? "?",
                    match: object["match"] as? Bool,
                    signatureValid: MOSignature.isValid(
                        header: signature,
                        secret: self.secret,
                        body: body,
                        tolerance: 60
                    ),
                    attempt: attempt
                )
            )
            return Response(status: .ok)
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}

/// Values handed from one task to another, taken with a deadline (the demo must never hang).
actor Inbox<Element: Sendable> {
    private var items: [Element] = []

    func put(_ item: Element) { self.items.append(item) }

    /// The first item that satisfies `predicate`, or nil after `timeout`.
    func take(timeout: Duration, where predicate: @Sendable (Element) -> Bool = { _ in true }) async -> Element? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let index = self.items.firstIndex(where: predicate) { return self.items.remove(at: index) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}
