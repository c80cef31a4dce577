// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// PDUs built octet by octet, so a test can write what no encoder would: wrong lengths, missing NULs, bad TLVs.
enum RawPDU {
    static func pdu(_ commandID: UInt32, _ body: [UInt8] = [], status: UInt32 = 0, sequence: UInt32 = 1) -> [UInt8] {
        uint32(UInt32(16 + body.count)) + uint32(commandID) + uint32(status) + uint32(sequence) + body
    }

    static func uint32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func cString(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }

    static func tlv(_ tag: UInt16, _ value: [UInt8], length: Int? = nil) -> [UInt8] {
        let length = length ?? value.count
        return [UInt8(tag >> 8), UInt8(tag & 0xFF), UInt8(length >> 8), UInt8(length & 0xFF)] + value
    }

    /// A deliver_sm body. `source` is written as given, NUL included or not.
    static func deliverBody(
        _ shortMessage: [UInt8] = Array("hello".utf8),
        smLength: Int? = nil,
        esmClass: UInt8 = 0,
        dataCoding: UInt8 = 0,
        source: [UInt8] = RawPDU.cString("447700900123"),
        tlvs: [UInt8] = []
    ) -> [UInt8] {
        var body = cString("") + [1, 1] + source + [1, 1] + cString("447860000000")
        body += [esmClass, 0, 0] + cString("") + cString("") + [0, 0, dataCoding, 0]
        body += [UInt8(smLength ?? shortMessage.count)] + shortMessage
        return body + tlvs
    }

    static func deliver(_ body: [UInt8], sequence: UInt32 = 7) -> [UInt8] {
        pdu(0x0000_0005, body, sequence: sequence)
    }
}
