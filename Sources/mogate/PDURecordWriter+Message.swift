// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// Message content: the user data header, the decoded text and the TLVs.
extension PDURecordWriter {
    /// Writes `udh` (when esm_class has UDHI, 0x40) and `text` (when data_coding is text).
    ///
    /// The user data is `short_message`, or `message_payload` (§5.3.2.32) when short_message is empty.
    /// A header that does not parse is reported as `udh_error`, and then there is no `text`: without the header's
    /// length the text's start is unknown.
    mutating func writeMessageContent(
        shortMessage: ByteBuffer,
        tlvs: TLVList,
        esmClass: UInt8,
        dataCoding: UInt8,
        options: PDURenderOptions
    ) {
        var userData = shortMessage
        if userData.readableBytes == 0, !tlvs.isEmpty, let payload = tlvs[.messagePayload] {
            userData = payload
        }
        let coding = DataCoding(rawValue: dataCoding)
        let text: String?
        if esmClass & 0x40 != 0 {
            do {
                let (header, payload) = try UserDataHeader.split(userData.readableBytesView)
                self.beginList("udh")
                for element in header.elements {
                    self.beginItem()
                    self.flag("iei", element.identifier)
                    self.hex("data_hex", element.data)
                    self.endItem()
                }
                self.endList()
                text = SMSText.decode(
                    payload,
                    dataCoding: coding,
                    defaultAlphabet: options.defaultAlphabet,
                    fillBits: GSM7.fillBits(afterUDHOctets: header.length)
                )
            } catch {
                self.string("udh_error", error.code.description + ": " + error.detail)
                text = nil
            }
        } else {
            text = SMSText.decode(
                userData.readableBytesView,
                dataCoding: coding,
                defaultAlphabet: options.defaultAlphabet
            )
        }
        if let text {
            self.string("text", text)
        }
    }

    /// Writes `tlvs`: every optional parameter in wire order, with its tag, spec name (or null) and value.
    mutating func write(_ tlvs: TLVList) {
        self.beginList("tlvs")
        for tlv in tlvs {
            self.beginItem()
            self.number("tag", UInt64(tlv.tag.rawValue), hexDigits: 4)
            self.optionalString("name", tlv.tag.name)
            self.hex("value_hex", tlv.value.readableBytesView)
            self.endItem()
        }
        self.endList()
    }
}
