// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOCheck
import MOGateway
import NIOCore
import NIOHTTP1
import NIOPosix
import SMPPCore
import SMPPNIO
import SMPPTestSupport
import ServiceLifecycle
import Testing

/// The whole flow as `mogate serve` runs it: the gateway with the verifier mounted on its HTTP port as its webhook
/// target, a handset over a real SMPP bind, and a backend that gets the callbacks over HTTP.
@Suite struct MOCheckEndToEndTests {
    static let secret = "whsec-e2e"

    /// A TCP port that was free a moment ago (the webhook URL must name the gateway's own port before it listens).
    static func freePort() async throws -> Int { TestPorts.free() }

    static func deliver(from: String, text: String) -> PDU.Body {
        .deliverSM(
            SubmitSM(
                sourceAddressTON: 1,
                sourceAddressNPI: 1,
                sourceAddress: from,
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: "447860000000",
                shortMessage: ByteBuffer(string: text)
            )
        )
    }

    @Test("check → SMS over SMPP → signed webhook → match → callback retried through two 500s → GET COMPLETED")
    func wholeFlow() async throws {
        // The webhook URL names the gateway's HTTP port, so it is picked before the gateway binds it; a parallel
        // test may take it meanwhile. Then the flow is tried again on another port.
        for attempt in 1...5 {
            do {
                if try await self.wholeFlow(httpPort: try await Self.freePort()) { return }
            } catch let error where "\(error)".contains("Address already in use") && attempt < 5 {
                continue
            }
        }
        Issue.record("the gateway never started")
    }

    /// The flow with the gateway's HTTP API on `httpPort`; false when a listener did not start.
    func wholeFlow(httpPort: Int) async throws -> Bool {
        let receiver = CallbackReceiver(secret: Self.secret, failures: 2)
        let (backendPorts, backendContinuation) = AsyncStream<Int>.makeStream()
        let backend = ServiceGroup(
            services: [receiver.application { backendContinuation.yield($0) }],
            gracefulShutdownSignals: [],
            logger: VerifierHarness.logger
        )
        let verifier = try MOCheckService(
            configuration: try VerifierHarness.configuration(secret: Self.secret),
            logger: VerifierHarness.logger
        )
        var configuration = GatewayConfiguration()
        configuration.smpp.host = "127.0.0.1"
        configuration.smpp.port = 0
        configuration.httpHost = "127.0.0.1"
        configuration.httpPort = httpPort
        configuration.store = SQLiteMessageStore.Configuration(dataDirectory: try VerifierHarness.directory().path)
        configuration.webhook = WebhookConfiguration(
            url: "http://127.0.0.1:\(httpPort)\(MOCheckService.basePath)/mo",
            secret: Self.secret,
            backoff: WebhookBackoff(base: .milliseconds(20), cap: .milliseconds(200)),
            pollInterval: .milliseconds(50)
        )
        let (smppAddresses, smppContinuation) = AsyncStream<SMPPServer.Listening>.makeStream()
        let (httpPorts, httpContinuation) = AsyncStream<Int>.makeStream()
        let gateway = try Gateway(
            configuration: configuration,
            logger: VerifierHarness.logger,
            routes: { verifier.addRoutes(to: $0) },
            extraServices: [verifier],
            onSMPPRunning: { smppContinuation.yield($0) },
            onHTTPRunning: { httpContinuation.yield($0) }
        )
        let group = ServiceGroup(
            services: gateway.services,
            gracefulShutdownSignals: [],
            logger: VerifierHarness.logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await backend.run() }
            tasks.addTask {
                do { try await group.run() } catch {
                    smppContinuation.finish()
                    httpContinuation.finish()
                    throw error
                }
            }
            var backendIterator = backendPorts.makeAsyncIterator()
            let backendPort = try #require(await backendIterator.next())
            var smppIterator = smppAddresses.makeAsyncIterator()
            var httpIterator = httpPorts.makeAsyncIterator()
            guard let smppPort = await smppIterator.next()?.smpp?.port, await httpIterator.next() == httpPort else {
                await backend.triggerGracefulShutdown()
                try await tasks.waitForAll()  // throws why the gateway stopped
                return false
            }
            let api = "http://127.0.0.1:\(httpPort)\(MOCheckService.basePath)"
            let session = try await SMPPClient.connect(
                SMPPClient.Configuration(
                    host: "127.0.0.1",
                    port: smppPort,
                    bindType: .transmitter,
                    systemID: "carrier1",
                    password: "pw"
                ),
                logger: VerifierHarness.logger
            )

            // The phone being checked sends the code: match.
            let created = try await HTTP.send(
                .POST,
                "\(api)/checks",
                body: try HTTP.json([
                    "phone_number": "447700900123", "callback_url": "http://127.0.0.1:\(backendPort)/callback",
                ])
            )
            #expect(created.status == 201)
            let checkID = try #require(created.json["check_id"] as? String)
            let moBody = try #require(created.json["mo_body"] as? String)
            let response = try await session.send(Self.deliver(from: "447700900123", text: "  \(moBody.lowercased()) "))
            #expect(response.commandStatus == .ok)
            let accepted = try #require(try await receiver.waitForAccepted(checkID: checkID), "no callback accepted")
            #expect(accepted.body["status"] == "COMPLETED")
            #expect(accepted.match == true)
            let attempts = receiver.attempts(checkID: checkID)
            #expect(attempts.count == 3, "two refused attempts, then the accepted one")
            #expect(attempts.allSatisfy { $0.signatureValid }, "every callback is signed")
            if attempts.count == 3 {
                // Backoff: 20 ms after the first failure, 40 ms after the second.
                #expect(attempts[1].at - attempts[0].at >= .milliseconds(20))
                #expect(attempts[2].at - attempts[1].at >= .milliseconds(40))
            }
            let read = try await HTTP.send(.GET, "\(api)/checks/\(checkID)")
            #expect(read.json["status"] as? String == "COMPLETED")
            #expect(read.json["match"] as? Bool == true)
            try await Task.sleep(for: .milliseconds(50))
            let state = try await verifier.store.callbacks(checkID: checkID)
            #expect(state.map(\.state) == ["delivered"])
            #expect(state.first?.attempts == 2)

            // Another phone sends the code of a second check: mismatch.
            let second = try await HTTP.send(
                .POST,
                "\(api)/checks",
                body: try HTTP.json([
                    "phone_number": "+447700900123", "callback_url": "http://127.0.0.1:\(backendPort)/callback",
                ])
            )
            let secondID = try #require(second.json["check_id"] as? String)
            let secondBody = try #require(second.json["mo_body"] as? String)
            let other = try await session.send(Self.deliver(from: "447700900999", text: secondBody))
            #expect(other.commandStatus == .ok)
            let mismatch = try #require(try await receiver.waitForAccepted(checkID: secondID))
            #expect(mismatch.match == false)
            #expect(try await HTTP.send(.GET, "\(api)/checks/\(secondID)").json["match"] as? Bool == false)

            try? await session.unbind()
            await group.triggerGracefulShutdown()
            await backend.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return true
        }
    }
}
