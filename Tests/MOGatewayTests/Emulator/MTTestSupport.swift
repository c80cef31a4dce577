// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

extension EmulatorHarness {
    /// Submits an MT message and returns the message id from submit_sm_resp.
    static func submitMT(
        _ session: SMPPSession,
        to destination: String,
        registeredDelivery: UInt8,
        text: String = "Your code is 123456, valid 5 minutes"
    ) async throws -> String {
        let submit = SubmitSM(
            sourceAddressTON: 5,
            sourceAddress: "Brand",
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: destination,
            registeredDelivery: registeredDelivery,
            shortMessage: ByteBuffer(bytes: GSM7.encodeUnpacked(text)!)
        )
        let response = try await session.send(.submitSM(submit))
        #expect(response.commandStatus == .ok)
        return try #require(response.messageIDForTest)
    }
}

extension RecordingESME {
    /// The receipts received, as (receipt, deliver_sm).
    var receipts: [(receipt: DeliveryReceipt, pdu: DeliverSM)] {
        self.deliveries.compactMap { pdu in pdu.deliveryReceipt.map { ($0, pdu) } }
    }

    /// The final receipts (esm_class 0x04) for `id`.
    func finals(_ id: String) -> [DeliveryReceipt] {
        self.receipts.filter { $0.pdu.esmClass & 0x3C == 0x04 && $0.receipt.messageID == id }.map(\.receipt)
    }

    /// The intermediate notifications (esm_class 0x20) for `id`.
    func intermediates(_ id: String) -> [DeliveryReceipt] {
        self.receipts.filter { $0.pdu.esmClass & 0x3C == 0x20 && $0.receipt.messageID == id }.map(\.receipt)
    }
}
