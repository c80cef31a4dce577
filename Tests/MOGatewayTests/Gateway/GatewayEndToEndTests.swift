// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import ServiceLifecycle
import Synchronization
import Testing

/// SMPP in, SQLite store, signed webhook out, over real loopback sockets and a real HTTP receiver.
@Suite struct GatewayEndToEndTests {
    static let logger = Logger(label: "test.gateway", factory: { _ in SwiftLogNoOpLogHandler() })
    static let secret = "whsec-test"

    /// Runs a gateway delivering to `webhookPort`, with a bound ESME, around `body`.
    func withGateway<T: Sendable>(
        webhookPort: Int,
        ack: MOIngestHandler.AckMode = .stored,
        adminToken: String? = nil,
        _ body: @escaping @Sendable (Gateway, SMPPSession, Int) async throws -> T
    ) async throws -> T {
        var configuration = GatewayConfiguration()
        configuration.smpp.host = "127.0.0.1"
        configuration.smpp.port = 0
        configuration.httpHost = "127.0.0.1"
        configuration.httpPort = 0
        configuration.store = SQLiteMessageStore.Configuration(dataDirectory: try StoreFixtures.directory().path)
        configuration.webhook = WebhookConfiguration(
            url: "http://127.0.0.1:\(webhookPort)/mo",
            secret: Self.secret,
            backoff: WebhookBackoff(base: .milliseconds(20), cap: .milliseconds(200)),
            pollInterval: .milliseconds(50)
        )
        configuration.ackMode = ack
        configuration.adminToken = adminToken
        return try await GatewayRunner.run(configuration, logger: Self.logger) { gateway, smppPort, httpPort in
            var client = SMPPClient.Configuration(
                host: "127.0.0.1",
                port: smppPort,
                bindType: .transceiver,
                systemID: "carrier1",
                password: "pw"
            )
            // Longer than the 10 s default: with --ack webhook an answer waits for the webhook, and a loaded CI
            // machine can stall that for seconds. These tests do not test the client's timeout.
            client.session.responseTimeout = .seconds(60)
            let session = try await SMPPClient.connect(client, logger: Self.logger)
            let result: Result<T, any Error>
            do { result = .success(try await body(gateway, session, httpPort)) } catch { result = .failure(error) }
            try? await session.unbind()
            return try result.get()
        }
    }

    static func deliver(_ short: [UInt8], esmClass: UInt8 = 0, dataCoding: UInt8 = 0) -> PDU.Body {
        .deliverSM(
            SubmitSM(
                sourceAddressTON: 2,
                sourceAddressNPI: 1,
                sourceAddress: "07700900123",
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: "447860000000",
                esmClass: esmClass,
                dataCoding: dataCoding,
                shortMessage: ByteBuffer(bytes: short)
            )
        )
    }

    /// A long UCS-2 text as three UDH parts.
    static func threeParts(_ text: String, reference: UInt8) -> [PDU.Body] {
        let units = UCS2.encode(text)
        let third: Int = (units.count + 5) / 6 * 2
        return (0..<3).map { index in
            let chunk = Array(units[(index * third)..<min(units.count, (index + 1) * third)])
            return Self.deliver([5, 0x00, 0x03, reference, 3, UInt8(index + 1)] + chunk, esmClass: 0x40, dataCoding: 8)
        }
    }

    static func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("GSM 03.38, UCS-2 emoji and a 3-part message sent out of order arrive signed, exact and in E.164")
    func endToEnd() async throws {
        let long = "Your code is 483920 😀. This message is long enough to need three UCS-2 parts on the air, for sure."
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await self.withGateway(webhookPort: webhookPort) { _, session, _ in
                #expect(
                    try await session.send(Self.deliver(GSM7.encodeUnpacked("Verify 483920 @£")!)).commandStatus == .ok
                )
                #expect(
                    try await session.send(Self.deliver(UCS2.encode("Код 771122 😀"), dataCoding: 8)).commandStatus
                        == .ok
                )
                let parts = Self.threeParts(long, reference: 0x77)
                for index in [2, 0, 1] {
                    #expect(try await session.send(parts[index]).commandStatus == .ok)
                }
                try await Self.eventually("three webhooks") { log.requests.count >= 3 }
            }
            var texts: Set<String> = []
            for request in log.requests {
                let signature = try #require(request.headers["x-mogate-signature"])
                #expect(WebhookSignature.verify(header: signature, secret: Self.secret, body: request.body))
                #expect(request.headers["content-type"] == "application/json")
                let record = try JSONDecoder().decode(MORecord.self, from: Data(request.body))
                #expect(request.headers["idempotency-key"] == record.id)
                #expect(record.from == "+447700900123")
                #expect(record.fromValid)
                #expect(record.to == "+447860000000")
                texts.insert(record.text ?? "")
                if record.parts == 3 {
                    #expect(record.concat == MORecord.Concat(ref: 0x77, total: 3, scheme: "udh8"))
                }
            }
            #expect(texts == ["Verify 483920 @£", "Код 771122 😀", long])
        }
    }

    @Test("a webhook outage (503) delays delivery; afterwards every MO arrives, deduplicable by id")
    func outage() async throws {
        let failures = Atomic<Int>(0)
        let replies = Replies { _ in
            failures.add(1, ordering: .relaxed).newValue <= 6 ? Reply(status: 503) : Reply(status: 200)
        }
        try await withReceiver(replies) { webhookPort, log in
            let ids = try await self.withGateway(webhookPort: webhookPort) { gateway, session, _ -> [String] in
                var ids: [String] = []
                for index in 0..<4 {
                    let response = try await session.send(Self.deliver(Array("Verify 10000\(index)".utf8)))
                    #expect(response.commandStatus == .ok)
                    guard case .deliverSMResponse = response.body else { continue }
                }
                try await Self.eventually("every MO delivered") {
                    Set(log.requests.filter { $0.index >= 6 }.compactMap { $0.headers["idempotency-key"] }).count == 4
                }
                for request in log.requests {
                    if let id = request.headers["idempotency-key"] { ids.append(id) }
                }
                // The receiver sees a delivery a moment before the store records it.
                let deadline = ContinuousClock.now + .seconds(10)
                while try await gateway.store.backlog() > 0, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(try await gateway.store.backlog() == 0)
                return ids
            }
            let unique = Set(ids)
            #expect(unique.count == 4)
            #expect(ids.count >= 10, "six 503s and four deliveries")
        }
    }

    @Test("with an admin token, /v1 wants it exactly; health and metrics stay open")
    func adminToken() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, _ in
            try await self.withGateway(webhookPort: webhookPort, adminToken: "tok-123") { _, _, httpPort in
                let path = "/v1/deadletters"
                #expect(try await HTTPProbe.get(port: httpPort, path: path).status == 401)
                for wrong in ["Bearer tok-124", "Bearer tok-12", "Bearer tok-1234", "bearer tok-123", "tok-123"] {
                    let reply = try await HTTPProbe.get(port: httpPort, path: path, headers: [("Authorization", wrong)])
                    #expect(reply.status == 401, "\(wrong)")
                }
                let right = try await HTTPProbe.get(
                    port: httpPort,
                    path: path,
                    headers: [("Authorization", "Bearer tok-123")]
                )
                #expect(right.status == 200)
                #expect(try await HTTPProbe.get(port: httpPort, path: "/healthz").status == 200)
                #expect(try await HTTPProbe.get(port: httpPort, path: "/metrics").status == 200)
            }
        }
    }

    @Test("POST /v1/mo takes the same path as SMPP MO, and bad bodies get problem+json")
    func injection() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await self.withGateway(webhookPort: webhookPort) { gateway, _, httpPort in
                let good = try await HTTPProbe.post(
                    port: httpPort,
                    path: "/v1/mo",
                    body: #"{"from": "+447700900123", "to": "+447860000000", "text": "Verify 424242"}"#
                )
                #expect(good.status == 202)
                let id = try #require(
                    (try JSONSerialization.jsonObject(with: good.body) as? [String: Any])?["id"] as? String
                )
                try await Self.eventually("the injected MO delivered") { log.requests.count == 1 }
                let record = try JSONDecoder().decode(MORecord.self, from: Data(try #require(log.requests.first).body))
                #expect(record.id == id)
                #expect(record.text == "Verify 424242")
                #expect(record.smpp.systemID == "http")
                let status = try await HTTPProbe.get(port: httpPort, path: "/v1/messages/\(id)")
                #expect(status.status == 200)
                let bad = try await HTTPProbe.post(port: httpPort, path: "/v1/mo", body: #"{"from": "+447700900123"}"#)
                #expect(bad.status == 400)
                #expect(bad.contentType == "application/problem+json")
                #expect(String(decoding: bad.body, as: UTF8.self).contains("missing field"))
                #expect(try await HTTPProbe.get(port: httpPort, path: "/healthz").status == 200)
                #expect(try await HTTPProbe.get(port: httpPort, path: "/v1/messages/nope").status == 404)
                _ = gateway
            }
        }
    }

    @Test("--ack webhook answers ESME_ROK only after the webhook's 2xx, and ESME_RX_T_APPN when it never comes")
    func ackWebhook() async throws {
        let gate = Gate()
        let replies = Replies { request in
            let text = (try? JSONDecoder().decode(MORecord.self, from: Data(request.body)))?.text ?? ""
            if text.hasSuffix("held") { await gate.wait() }
            return text.hasSuffix("refused") ? Reply(status: 400) : Reply(status: 200)
        }
        try await withReceiver(replies) { webhookPort, log in
            try await self.withGateway(webhookPort: webhookPort, ack: .webhook) { _, session, _ in
                let promise = session.channel.eventLoop.makePromise(of: PDU.self)
                let answered = Atomic<Bool>(false)
                promise.futureResult.whenComplete { _ in answered.store(true, ordering: .relaxed) }
                session.send(Self.deliver(Array("Verify held".utf8)), promise: promise)
                try await Self.eventually("the webhook to be called") { log.requests.count == 1 }
                try await Task.sleep(for: .milliseconds(300))
                let answeredEarly = answered.load(ordering: .relaxed)
                #expect(!answeredEarly, "answered before the webhook returned")
                gate.open()
                #expect(try await promise.futureResult.get().commandStatus == .ok)
                let refused = try await session.send(Self.deliver(Array("Verify refused".utf8)))
                #expect(refused.commandStatus == .temporaryAppError)
            }
        }
    }

}
