// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

@Suite("Delivery receipts in deliver_sm")
struct DeliveryReceiptMessageTests {
    let text =
        "id:0123456789 sub:001 dlvrd:001 submit date:2611261700 done date:2611261701 stat:DELIVRD err:000 text:Hi"

    @Test("an esm_class 0x04 deliver_sm is a receipt parsed from its text")
    func fromText() throws {
        let message = DeliverSM(
            sourceAddress: "447700900123",
            destinationAddress: "ACME",
            esmClass: 0x04,
            shortMessage: ByteBuffer(string: self.text)
        )
        let receipt = try #require(message.deliveryReceipt)
        #expect(receipt.messageID == "0123456789")
        #expect(receipt.state == .delivered)
        #expect(receipt.error == "000")
    }

    @Test("receipted_message_id and message_state win over the text")
    func tlvsWin() throws {
        var tlvs = TLVList()
        tlvs.receiptedMessageID = "1f2e3d4c5b6a7988"
        tlvs.messageStateValue = MessageState.undeliverable.rawValue
        let message = DeliverSM(
            sourceAddress: "1",
            destinationAddress: "2",
            esmClass: 0x04,
            shortMessage: ByteBuffer(string: self.text),
            tlvs: tlvs
        )
        let receipt = try #require(message.deliveryReceipt)
        #expect(receipt.messageID == "1f2e3d4c5b6a7988")
        #expect(receipt.state == .undeliverable)
        #expect(receipt.submitDate?.raw == "2611261700")
    }

    @Test("the TLVs alone make a receipt, even without esm_class 0x04 or text")
    func tlvsOnly() throws {
        var tlvs = TLVList()
        tlvs.receiptedMessageID = "abc"
        tlvs.messageStateValue = MessageState.expired.rawValue
        let message = DeliverSM(sourceAddress: "1", destinationAddress: "2", tlvs: tlvs)
        #expect(message.isDeliveryReceipt)
        let receipt = try #require(message.deliveryReceipt)
        #expect(receipt.messageID == "abc" && receipt.state == .expired)
    }

    @Test("an MO message that mentions an id is not a receipt")
    func moIsNotAReceipt() {
        let message = DeliverSM(
            sourceAddress: "1",
            destinationAddress: "2",
            shortMessage: ByteBuffer(string: "my id:42 stat:DELIVRD")
        )
        #expect(!message.isDeliveryReceipt)
        #expect(message.deliveryReceipt == nil)
    }
}
