// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOCheck
import MOGateway
import NIOHTTP1
import ServiceLifecycle
import Testing

/// The verification API over a real loopback HTTP server.
@Suite struct MOCheckHTTPTests {
    static let base = MOCheckService.basePath

    @Test("POST /checks answers 201 with the tru.ID-shaped resource; GET returns it; numbers with and without +")
    func createAndGet() async throws {
        try await VerifierHarness.with(try VerifierHarness.configuration()) { _, port in
            let url = "http://127.0.0.1:\(port)\(Self.base)/checks"
            for number in ["447700900123", "+447700900123"] {
                let created = try await HTTP.send(
                    .POST,
                    url,
                    body: try HTTP.json(["phone_number": number, "reference_id": "order-42"])
                )
                #expect(created.status == 201)
                #expect(created.headers["content-type"] == "application/json")
                let json = created.json
                let checkID = try #require(json["check_id"] as? String)
                #expect(json["status"] as? String == "ACCEPTED")
                #expect(json["mo_receiver"] as? String == "+447860000000")
                let body = try #require(json["mo_body"] as? String)
                #expect(body.hasPrefix("Verify ") && body.count == "Verify ".count + 8)
                #expect(json["ttl"] as? Int == 120)
                #expect(json["reference_id"] as? String == "order-42")
                #expect(json["match"] == nil)
                #expect((json["created_at"] as? String)?.hasSuffix("Z") == true)
                let href = try #require(
                    ((json["_links"] as? [String: Any])?["self"] as? [String: Any])?["href"] as? String
                )
                #expect(href == "http://127.0.0.1:\(port)\(Self.base)/checks/\(checkID)")
                #expect(created.headers["location"] == href)
                let read = try await HTTP.send(.GET, href)
                #expect(read.status == 200)
                #expect(read.json["check_id"] as? String == checkID)
                #expect(read.json["mo_body"] as? String == body)
            }
        }
    }

    @Test(
        "a bad phone number or body is a 400 problem+json",
        arguments: [
            #"{"phone_number":"07700900123"}"#, #"{"phone_number":"abc"}"#, #"{"nope":1}"#, "not json",
            #"{"phone_number":"447700900123","callback_url":"ftp://x/y"}"#,
        ]
    )
    func badRequest(body: String) async throws {
        try await VerifierHarness.with(try VerifierHarness.configuration()) { _, port in
            let reply = try await HTTP.send(.POST, "http://127.0.0.1:\(port)\(Self.base)/checks", body: Data(body.utf8))
            #expect(reply.status == 400)
            #expect(reply.headers["content-type"] == "application/problem+json")
            #expect(reply.json["status"] as? Int == 400)
            #expect(reply.json["detail"] is String)
        }
    }

    @Test("an unknown check is a 404 problem+json")
    func notFound() async throws {
        try await VerifierHarness.with(try VerifierHarness.configuration()) { _, port in
            let reply = try await HTTP.send(.GET, "http://127.0.0.1:\(port)\(Self.base)/checks/\(UUID())")
            #expect(reply.status == 404)
            #expect(reply.headers["content-type"] == "application/problem+json")
        }
    }

    @Test("with a token, /checks wants the bearer token; the MO endpoint does not (it is signed instead)")
    func bearer() async throws {
        var configuration = try VerifierHarness.configuration(secret: nil)
        configuration.apiToken = "tok-123"
        try await VerifierHarness.with(configuration) { _, port in
            let url = "http://127.0.0.1:\(port)\(Self.base)/checks"
            let body = try HTTP.json(["phone_number": "447700900123"])
            let none = try await HTTP.send(.POST, url, body: body)
            #expect(none.status == 401)
            #expect(none.headers["www-authenticate"] == "Bearer")
            let wrong = try await HTTP.send(.POST, url, body: body, headers: [("Authorization", "Bearer tok-124")])
            #expect(wrong.status == 401)
            let right = try await HTTP.send(.POST, url, body: body, headers: [("Authorization", "Bearer tok-123")])
            #expect(right.status == 201)
            let mo = try await HTTP.send(
                .POST,
                "http://127.0.0.1:\(port)\(Self.base)/mo",
                body: try HTTP.json(["id": "m1", "type": "mo", "from": "+447700900123", "text": "hi"])
            )
            #expect(mo.status == 200)
        }
    }

    @Test("the MO endpoint refuses a missing, wrong or stale signature with 401 and takes a good one")
    func signatures() async throws {
        try await VerifierHarness.with(try VerifierHarness.configuration(secret: "whsec-test")) { _, port in
            let url = "http://127.0.0.1:\(port)\(Self.base)/mo"
            let body = try HTTP.json(["id": "m1", "type": "mo", "from": "+447700900123", "text": "hello"])
            let signed = MOSignature.header(secret: "whsec-test", body: body)
            let cases: [(String?, Int)] = [
                (nil, 401),
                (MOSignature.header(secret: "other", body: body), 401),
                (MOSignature.header(secret: "whsec-test", timestamp: Date().addingTimeInterval(-600), body: body), 401),
                ("t=1,v1=zz", 401),
                (signed, 200),
            ]
            for (header, status) in cases {
                let reply = try await HTTP.send(
                    .POST,
                    url,
                    body: body,
                    headers: header.map { [("X-MOGate-Signature", $0)] } ?? []
                )
                #expect(reply.status == status, "\(header ?? "no header")")
                if status == 401 { #expect(reply.headers["content-type"] == "application/problem+json") }
            }
            // The body must be the one signed: a changed body with a good header for the old one is refused.
            let tampered = try HTTP.json(["id": "m1", "type": "mo", "from": "+447700900999", "text": "hello"])
            let reply = try await HTTP.send(.POST, url, body: tampered, headers: [("X-MOGate-Signature", signed)])
            #expect(reply.status == 401)
        }
    }

    @Test("MOGateway's signer and the verifier's checker agree on the wire format")
    func signerAgreement() {
        let body = Array(#"{"id":"x"}"#.utf8)
        let header = WebhookSignature.header(secret: "s3cret", timestamp: Date(), body: body)
        #expect(MOSignature.isValid(header: header, secret: "s3cret", body: body, tolerance: 300))
        let ours = MOSignature.header(secret: "s3cret", body: body)
        #expect(WebhookSignature.verify(header: ours, secret: "s3cret", body: body))
        #expect(!WebhookSignature.verify(header: ours, secret: "other", body: body))
    }

    @Test("a check nobody answers expires after its TTL: the sweep sends the EXPIRED callback, GET shows EXPIRED")
    func expiryCallback() async throws {
        let receiver = CallbackReceiver(secret: "whsec-test", failures: 0)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let backend = ServiceGroup(
            services: [receiver.application { continuation.yield($0) }],
            gracefulShutdownSignals: [],
            logger: VerifierHarness.logger
        )
        var configuration = try VerifierHarness.configuration()
        configuration.ttl = .milliseconds(300)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await backend.run() }
            var iterator = ports.makeAsyncIterator()
            let backendPort = try #require(await iterator.next())
            try await VerifierHarness.with(configuration) { _, port in
                let created = try await HTTP.send(
                    .POST,
                    "http://127.0.0.1:\(port)\(Self.base)/checks",
                    body: try HTTP.json([
                        "phone_number": "447700900123", "callback_url": "http://127.0.0.1:\(backendPort)/callback",
                    ])
                )
                let checkID = try #require(created.json["check_id"] as? String)
                #expect(created.json["ttl"] as? Int == 1)
                let callback = try #require(try await receiver.waitForAccepted(checkID: checkID, timeout: .seconds(5)))
                #expect(callback.body["status"] == "EXPIRED")
                #expect(callback.match == nil)
                #expect(callback.signatureValid)
                let read = try await HTTP.send(.GET, "http://127.0.0.1:\(port)\(Self.base)/checks/\(checkID)")
                #expect(read.json["status"] as? String == "EXPIRED")
                #expect(read.json["match"] == nil)
            }
            await backend.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
