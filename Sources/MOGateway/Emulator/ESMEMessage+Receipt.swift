// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPCore

extension ESMEMessage {
    /// A delivery receipt for a held MT message, from its destination back to its source (SMPP 3.4 Appendix B):
    /// `id:… sub:001 dlvrd:00n submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:… err:nnn text:…` (the first 20
    /// characters of the message), esm_class 0x04 (0x20 for an intermediate notification, §5.2.12), with the
    /// receipted_message_id, message_state and network_error_code (GSM, type 3) TLVs.
    /// `intermediate` is the state of an intermediate notification; nil makes the final receipt.
    static func receipt(for message: MTMessageStore.Message, intermediate: MessageState?, at now: Date) -> ESMEMessage {
        let state = intermediate ?? message.state
        let intermediate = intermediate != nil
        let error = intermediate || state == .deleted ? 0 : message.outcome.error
        let text = SMSText.decode(message.shortMessage, dataCoding: DataCoding(rawValue: message.dataCoding)) ?? ""
        let receipt = DeliveryReceipt(
            messageID: message.id,
            submitted: 1,
            delivered: state == .delivered ? 1 : 0,
            submitDate: Self.receiptDate(message.submittedAt),
            doneDate: Self.receiptDate(now),
            state: state,
            error: padded(Int(error), width: 3),
            text: String(text.prefix(20))
        )
        let tlvs: [String: String] = [
            "001e": (Array(message.id.utf8) + [0]).hexString,
            "0427": [state.rawValue].hexString,
            "0423": [0x03, UInt8(error >> 8), UInt8(error & 0xFF)].hexString,
        ]
        return ESMEMessage(
            kind: .receipt,
            source: message.destination,
            destination: message.source,
            esmClass: intermediate ? 0x20 : 0x04,
            dataCoding: 0,
            text: nil,
            encoding: "ascii",
            body: Array(receipt.formatted().utf8),
            tlvs: tlvs
        )
    }

    private static func receiptDate(_ date: Date) -> ReceiptDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return ReceiptDate(
            year: parts.year ?? 0,
            month: parts.month ?? 1,
            day: parts.day ?? 1,
            hour: parts.hour ?? 0,
            minute: parts.minute ?? 0
        )
    }
}

extension MTMessageStore.Message {
    /// Whether registered_delivery (SMPP 3.4 §5.2.17, bits 1–0) asks for a final receipt in `state`: 1 for any
    /// outcome, 2 for failures only. A cancelled message sends none.
    func wantsFinalReceipt(_ state: MessageState) -> Bool {
        guard state != .deleted else { return false }
        switch self.registeredDelivery & 0x03 {
        case 1: return true
        case 2: return state != .delivered
        default: return false
        }
    }
}

/// `value` in decimal, zero-padded to `width` digits.
func padded(_ value: Int, width: Int) -> String {
    let text = String(value)
    return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
}
