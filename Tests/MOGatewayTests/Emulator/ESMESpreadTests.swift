// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

@Suite struct ESMESpreadTests {
    @Test("MO for one system_id are spread over its bound receiver and transceiver sessions")
    func spreadOverSessions() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw?routes=4478"]
        )
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            let first = RecordingESME()
            let second = RecordingESME()
            let one = try await first.connect(port: port, systemID: "verifier")
            let two = try await second.connect(port: port, systemID: "verifier", bindType: .transceiver)
            let carrier = try await EmulatorHarness.carrier(port: port)
            for index in 0..<20 {
                let mo = EmulatorHarness.mo(to: "447860000000", text: "code \(index)")
                #expect(try await carrier.send(mo).commandStatus == .ok)
            }
            try await EmulatorHarness.eventually("all 20 delivered") {
                first.deliveries.count + second.deliveries.count >= 20
            }
            #expect(first.deliveries.count >= 5 && second.deliveries.count >= 5, "both sessions took a share")
            let texts = Set((first.deliveries + second.deliveries).map(\.text))
            #expect(texts == Set((0..<20).map { "code \($0)" }))
            try await EmulatorHarness.eventually("outbox drained") {
                try await gateway.store.pendingESMEDeliveries() == 0
            }
            try await carrier.unbind()
            try await one.unbind()
            try await two.unbind()
        }
    }

    @Test("an MO injected with POST /v1/mo is routed to the matching ESME too")
    func injectedMORouted() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["verifier:pw"]
        )
        try await EmulatorHarness.run(configuration) { _, port, httpPort in
            let verifier = RecordingESME()
            let session = try await verifier.connect(port: port, systemID: "verifier", addressRange: "^44786")
            let reply = try await HTTPProbe.post(
                port: httpPort,
                path: "/v1/mo",
                body: #"{"from": "+447700900123", "to": "+447860000000", "text": "Verify 424242"}"#
            )
            #expect(reply.status == 202)
            try await EmulatorHarness.eventually("the injected MO delivered") { verifier.deliveries.count == 1 }
            #expect(verifier.deliveries.first?.text == "Verify 424242")
            try await session.unbind()
        }
    }

    @Test("a transmitter bound with a matching address_range is not sent deliver_sm")
    func transmitterIgnored() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw"]
        )
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            let sender = RecordingESME()
            let session = try await sender.connect(
                port: port,
                systemID: "verifier",
                bindType: .transmitter,
                addressRange: "^4478"
            )
            let carrier = try await EmulatorHarness.carrier(port: port)
            let response = try await carrier.send(EmulatorHarness.mo(to: "447860000000"))
            let id = try #require(response.messageIDForTest)
            try await Task.sleep(for: .milliseconds(300))
            #expect(sender.deliveries.isEmpty)
            #expect(try await gateway.store.esmeDeliveries(messageID: id).isEmpty, "a transmitter's range is no route")
            try await carrier.unbind()
            try await session.unbind()
        }
    }
}
