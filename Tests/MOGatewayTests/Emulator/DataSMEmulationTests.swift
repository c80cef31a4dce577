// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// data_sm carries MT as well as MO (SMPP 3.4 §4.7): on an `mt` or `loopback` account it is the ESME's MT, as
/// submit_sm is, and not an MO for the webhook.
@Suite struct DataSMEmulationTests {
    static func dataSM(to destination: String, text: String, registeredDelivery: UInt8 = 0) -> DataSM {
        var tlvs = TLVList()
        tlvs.messagePayload = ByteBuffer(bytes: Array(text.utf8))
        return DataSM(
            sourceAddressTON: 5,
            sourceAddress: "Brand",
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: destination,
            registeredDelivery: registeredDelivery,
            dataCoding: 1,
            tlvs: tlvs
        )
    }

    @Test("submit=mt: a data_sm is held as an MT; its receipt and query_sm use the id data_sm_resp gave")
    func heldAsMT() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            let configuration = try EmulatorHarness.configuration(
                directory: try StoreFixtures.directory(),
                accounts: ["app:pw?submit=mt"],
                webhookPort: webhookPort,
                profile: try ReceiptProfile(parsing: "last-digit", delay: "50ms")
            )
            try await EmulatorHarness.run(configuration) { _, port, _ in
                let esme = RecordingESME()
                let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
                let delivered = try await session.send(
                    .dataSM(Self.dataSM(to: "447700900000", text: "Your code is 123456", registeredDelivery: 1))
                )
                let failed = try await session.send(
                    .dataSM(Self.dataSM(to: "447700900005", text: "Your code is 654321", registeredDelivery: 1))
                )
                #expect(delivered.commandID == .dataSMResponse)
                #expect(delivered.commandStatus == .ok)
                let deliveredID = try #require(delivered.messageIDForTest)
                let failedID = try #require(failed.messageIDForTest)
                #expect(deliveredID != failedID)
                try await EmulatorHarness.eventually("both receipts") { esme.receipts.count == 2 }
                #expect(esme.finals(deliveredID).map(\.stat) == ["DELIVRD"])
                #expect(esme.finals(failedID).map(\.stat) == ["UNDELIV"])
                #expect(esme.finals(deliveredID).first?.text?.hasPrefix("Your code is 123456") == true)
                let (status, query) = try await MTOperationTests.query(session, deliveredID)
                #expect(status == .ok)
                #expect(query?.messageState == MessageState.delivered.rawValue)
                try await Task.sleep(for: .milliseconds(200))
                #expect(log.requests.isEmpty, "an MT is not an MO for the webhook")
                try await session.unbind()
            }
        }
    }

    @Test("submit=loopback: a data_sm comes back as deliver_sm, addresses swapped, the text in message_payload")
    func loopedBack() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            let configuration = try EmulatorHarness.configuration(
                directory: try StoreFixtures.directory(),
                accounts: ["echo:pw?submit=loopback"],
                webhookPort: webhookPort
            )
            try await EmulatorHarness.run(configuration) { _, port, _ in
                let esme = RecordingESME()
                let session = try await esme.connect(port: port, systemID: "echo", bindType: .transceiver)
                let response = try await session.send(.dataSM(Self.dataSM(to: "447700900123", text: "ping 42")))
                #expect(response.commandID == .dataSMResponse)
                #expect(response.commandStatus == .ok)
                #expect(!(response.messageIDForTest ?? "").isEmpty)
                try await EmulatorHarness.eventually("looped back") { esme.deliveries.count == 1 }
                let back = try #require(esme.deliveries.first)
                #expect(back.sourceAddress == "447700900123")
                #expect(back.destinationAddress == "Brand")
                #expect(back.destinationAddressTON == 5)
                #expect(back.dataCoding == 1)
                #expect(back.shortMessage.readableBytes == 0)
                #expect(back.tlvs.messagePayload.map { String(buffer: $0) } == "ping 42")
                try await Task.sleep(for: .milliseconds(200))
                #expect(log.requests.isEmpty, "a loopback is not an MO for the webhook")
                try await session.unbind()
            }
        }
    }
}
