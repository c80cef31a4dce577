// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// MO delivery to bound ESMEs: routing, retries, reconnects and restarts, over loopback TCP and a real SQLite file.
@Suite struct ESMERoutingTests {
    @Test("an MO whose destination matches a receiver's address_range regex reaches it as deliver_sm")
    func addressRange() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw", "other:pw"]
        )
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            let verifier = RecordingESME()
            let other = RecordingESME()
            let session = try await verifier.connect(port: port, systemID: "verifier", addressRange: "^4478[0-9]+$")
            let otherSession = try await other.connect(port: port, systemID: "other", addressRange: "^4479")
            let carrier = try await EmulatorHarness.carrier(port: port)
            #expect(
                try await carrier.send(EmulatorHarness.mo(to: "447860000000", text: "code 111")).commandStatus == .ok
            )
            #expect(
                try await carrier.send(EmulatorHarness.mo(to: "447960000000", text: "code 222")).commandStatus == .ok
            )
            #expect(
                try await carrier.send(EmulatorHarness.mo(to: "15550000000", text: "code 333")).commandStatus == .ok
            )
            try await EmulatorHarness.eventually("both routed") {
                verifier.deliveries.count == 1 && other.deliveries.count == 1
            }
            #expect(verifier.deliveries.first?.text == "code 111")
            #expect(verifier.deliveries.first?.destinationAddress == "447860000000")
            #expect(verifier.deliveries.first?.sourceAddress == "447700900123")
            #expect(other.deliveries.first?.text == "code 222")
            try await EmulatorHarness.eventually("outbox drained") {
                try await gateway.store.pendingESMEDeliveries() == 0
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(verifier.deliveries.count == 1, "the unmatched MO went nowhere")
            try await carrier.unbind()
            try await session.unbind()
            try await otherSession.unbind()
        }
    }

    @Test(
        "account routes= prefixes route by destination; webhook=no keeps it from the webhook; no match is webhook only"
    )
    func prefixesAndWebhook() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            let configuration = try EmulatorHarness.configuration(
                directory: try StoreFixtures.directory(),
                accounts: ["carrier:pw", "both:pw?routes=+4478", "only:pw?routes=4479&webhook=no"],
                webhookPort: webhookPort
            )
            try await EmulatorHarness.run(configuration) { gateway, port, _ in
                let both = RecordingESME()
                let only = RecordingESME()
                let bothSession = try await both.connect(port: port, systemID: "both")
                let onlySession = try await only.connect(port: port, systemID: "only", bindType: .transceiver)
                let carrier = try await EmulatorHarness.carrier(port: port)
                for (destination, text) in [("447860000001", "to both"), ("447960000002", "to only"), ("3312", "none")]
                {
                    #expect(
                        try await carrier.send(EmulatorHarness.mo(to: destination, text: text)).commandStatus == .ok
                    )
                }
                try await EmulatorHarness.eventually("routed and webhooked") {
                    both.deliveries.count == 1 && only.deliveries.count == 1 && log.requests.count >= 2
                }
                try await Task.sleep(for: .milliseconds(300))
                let texts = try log.requests.map { try JSONDecoder().decode(MORecord.self, from: Data($0.body)).text }
                #expect(Set(texts) == ["to both", "none"], "webhook=no kept 'to only' from the webhook")
                #expect(both.deliveries.map(\.text) == ["to both"])
                #expect(only.deliveries.map(\.text) == ["to only"])
                // The receiver sees a webhook a moment before the store records it.
                try await EmulatorHarness.eventually("webhook outbox drained") {
                    try await gateway.store.backlog() == 0
                }
                try await carrier.unbind()
                try await bothSession.unbind()
                try await onlySession.unbind()
            }
        }
    }

    @Test("a receiver answering ESME_RX_T_APPN, then ESME_RMSGQFUL, then OK gets the MO retried until it is taken")
    func retriedOnTemporaryErrors() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw?routes=44"]
        )
        try await EmulatorHarness.run(configuration) { gateway, port, httpPort in
            let statuses: [CommandStatus] = [.temporaryAppError, .messageQueueFull, .ok]
            let verifier = RecordingESME { statuses[min($0, 2)] }
            let session = try await verifier.connect(port: port, systemID: "verifier")
            let carrier = try await EmulatorHarness.carrier(port: port)
            let response = try await carrier.send(EmulatorHarness.mo(to: "447860000000"))
            #expect(response.commandStatus == .ok)
            let id = try #require(response.messageIDForTest)
            try await EmulatorHarness.eventually("delivered after two refusals") {
                try await gateway.store.esmeDeliveries(messageID: id).first?.state == .delivered
            }
            let row = try #require(try await gateway.store.esmeDeliveries(messageID: id).first)
            #expect(row.attempts == 3)
            #expect(verifier.deliveries.count == 3)
            #expect(Set(verifier.deliveries.map(\.text)) == ["Verify 483920"])
            // The message's status shows where it went.
            let reply = try await HTTPProbe.get(port: httpPort, path: "/v1/messages/\(id)")
            let status = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            let deliveries = try #require(status["esme_deliveries"] as? [[String: Any]], "\(status)")
            #expect(deliveries.count == 1)
            #expect(deliveries.first?["system_id"] as? String == "verifier")
            #expect(deliveries.first?["state"] as? String == "delivered")
            #expect(deliveries.first?["attempts"] as? Int == 3)
            try await carrier.unbind()
            try await session.unbind()
        }
    }

    @Test("MO for an ESME that is away waits; after it reconnects it gets the MO")
    func deliveredAfterReconnect() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw"]
        )
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            let first = RecordingESME()
            let session = try await first.connect(port: port, systemID: "verifier", addressRange: "^4478")
            try await session.unbind()
            let carrier = try await EmulatorHarness.carrier(port: port)
            #expect(
                try await carrier.send(EmulatorHarness.mo(to: "447860000000", text: "while away")).commandStatus == .ok
            )
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await gateway.store.pendingESMEDeliveries() == 1)
            let second = RecordingESME()
            let again = try await second.connect(port: port, systemID: "verifier")
            try await EmulatorHarness.eventually("delivered after the reconnect") { second.deliveries.count == 1 }
            #expect(second.deliveries.first?.text == "while away")
            #expect(first.deliveries.isEmpty)
            try await carrier.unbind()
            try await again.unbind()
        }
    }

    @Test("pending ESME deliveries survive a restart of the gateway (same SQLite file)")
    func survivesRestart() async throws {
        let directory = try StoreFixtures.directory()
        let configuration = try EmulatorHarness.configuration(
            directory: directory,
            accounts: ["carrier:pw", "verifier:pw?routes=4478"]
        )
        let id = try await EmulatorHarness.run(configuration) { gateway, port, _ -> String in
            let carrier = try await EmulatorHarness.carrier(port: port)
            let response = try await carrier.send(EmulatorHarness.mo(to: "447860000000", text: "after restart"))
            #expect(response.commandStatus == .ok)
            try await carrier.unbind()
            return try #require(response.messageIDForTest)
        }
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            #expect(try await gateway.store.esmeDeliveries(messageID: id).first?.state == .pending)
            let verifier = RecordingESME()
            let session = try await verifier.connect(port: port, systemID: "verifier")
            try await EmulatorHarness.eventually("delivered after the restart") { verifier.deliveries.count == 1 }
            #expect(verifier.deliveries.first?.text == "after restart")
            try await EmulatorHarness.eventually("marked delivered") {
                try await gateway.store.esmeDeliveries(messageID: id).first?.state == .delivered
            }
            try await session.unbind()
        }
    }

    @Test("a long MO reassembled from three parts goes out again as three UDH parts, UCS-2 kept")
    func longMessageResplit() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw?routes=4478"]
        )
        try await EmulatorHarness.run(configuration) { _, port, _ in
            let verifier = RecordingESME()
            let session = try await verifier.connect(port: port, systemID: "verifier")
            let carrier = try await EmulatorHarness.carrier(port: port)
            let text = String(repeating: "Код 771122 😀 ", count: 12)
            let units = UCS2.encode(text)
            let chunks = stride(from: 0, to: units.count, by: 134).map { Array(units[$0..<min($0 + 134, units.count)]) }
            for (index, chunk) in chunks.enumerated() {
                let header: [UInt8] = [5, 0, 3, 0x42, UInt8(chunks.count), UInt8(index + 1)]
                let part = SubmitSM(
                    sourceAddressTON: 1,
                    sourceAddressNPI: 1,
                    sourceAddress: "447700900123",
                    destinationAddressTON: 1,
                    destinationAddressNPI: 1,
                    destinationAddress: "447860000000",
                    esmClass: 0x40,
                    dataCoding: 8,
                    shortMessage: ByteBuffer(bytes: header + chunk)
                )
                #expect(try await carrier.send(.deliverSM(part)).commandStatus == .ok)
            }
            try await EmulatorHarness.eventually("every part delivered") { verifier.deliveries.count >= 3 }
            let parts = verifier.deliveries
            #expect(parts.allSatisfy { $0.dataCoding == 8 && $0.esmClass & 0x40 != 0 })
            var joined: [UInt8] = []
            for part in parts {
                let (header, payload) = try UserDataHeader.split(Array(part.shortMessage.readableBytesView))
                #expect(header.element(0x00)?.data[1] == UInt8(parts.count))
                joined += payload
            }
            #expect(UCS2.decode(joined) == text)
            try await carrier.unbind()
            try await session.unbind()
        }
    }
}

extension PDU {
    /// The message_id of a deliver_sm_resp or submit_sm_resp.
    var messageIDForTest: String? {
        switch self.body {
        case .deliverSMResponse(let response): response.messageID
        case .submitSMResponse(let response): response.messageID
        case .dataSMResponse(let response): response.messageID
        default: nil
        }
    }
}
