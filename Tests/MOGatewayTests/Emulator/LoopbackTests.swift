// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

@Suite struct LoopbackTests {
    @Test("submit=loopback: a submit_sm is answered with a message id and comes back as deliver_sm, addresses swapped")
    func loopback() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            let configuration = try EmulatorHarness.configuration(
                directory: try StoreFixtures.directory(),
                accounts: ["echo:pw?submit=loopback"],
                webhookPort: webhookPort
            )
            try await EmulatorHarness.run(configuration) { _, port, _ in
                let esme = RecordingESME()
                let session = try await esme.connect(port: port, systemID: "echo", bindType: .transceiver)
                let submit = SubmitSM(
                    sourceAddressTON: 5,
                    sourceAddressNPI: 0,
                    sourceAddress: "MyBrand",
                    destinationAddressTON: 1,
                    destinationAddressNPI: 1,
                    destinationAddress: "447700900123",
                    dataCoding: 8,
                    shortMessage: ByteBuffer(bytes: UCS2.encode("Код 12 😀"))
                )
                let response = try await session.send(.submitSM(submit))
                #expect(response.commandStatus == .ok)
                #expect(!(response.messageIDForTest ?? "").isEmpty)
                try await EmulatorHarness.eventually("looped back") { esme.deliveries.count == 1 }
                let back = try #require(esme.deliveries.first)
                #expect(back.sourceAddress == "447700900123")
                #expect(back.sourceAddressTON == 1)
                #expect(back.destinationAddress == "MyBrand")
                #expect(back.destinationAddressTON == 5)
                #expect(back.dataCoding == 8)
                #expect(UCS2.decode(Array(back.shortMessage.readableBytesView)) == "Код 12 😀")
                try await Task.sleep(for: .milliseconds(200))
                #expect(log.requests.isEmpty, "a loopback is not an MO for the webhook")
                try await session.unbind()
            }
        }
    }
}
