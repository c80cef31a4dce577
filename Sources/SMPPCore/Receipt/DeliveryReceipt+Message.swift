// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

extension SubmitSM {
    /// Whether esm_class marks this deliver_sm as a receipt rather than an MO message (SMPP 3.4 §5.2.12):
    /// an SMSC delivery receipt (0x04), an SME delivery or manual acknowledgement (0x08, 0x10), or an
    /// intermediate delivery notification (0x20). The receipt TLVs mark one too.
    public var isDeliveryReceipt: Bool {
        switch self.esmClass & 0x3C {
        case 0x04, 0x08, 0x10, 0x20: return true
        default: break
        }
        let tlvs = self.tlvs
        return tlvs.contains(.receiptedMessageID) && tlvs.contains(.messageState)
    }

    /// The delivery receipt this deliver_sm carries, or nil when it carries none.
    ///
    /// The text (short_message, or message_payload when that is empty) is parsed as Appendix B describes. Where
    /// the `receipted_message_id` and `message_state` TLVs are present they win over the text, because they are
    /// typed and carriers' texts vary; a receipt with the TLVs and no parseable text is still a receipt.
    public var deliveryReceipt: DeliveryReceipt? {
        guard self.isDeliveryReceipt else { return nil }
        let tlvs = self.tlvs
        var body = self.shortMessage
        if body.readableBytes == 0, let payload = tlvs.messagePayload { body = payload }
        let text = body.readString(length: body.readableBytes).flatMap { DeliveryReceipt(parsing: $0) }
        let messageID = tlvs.receiptedMessageID
        let state = tlvs.messageStateValue.map(MessageState.init(rawValue:))
        guard var receipt = text ?? messageID.map({ DeliveryReceipt(messageID: $0, state: state ?? .unknown) })
        else { return nil }
        if let messageID { receipt.messageID = messageID }
        if let state, let stat = state.stat { receipt.stat = stat }
        return receipt
    }
}
