// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import SMPPCore

extension ByteBuffer {
    /// A hand-built PDU: the header with `command_length` backfilled, and a body the closure writes.
    ///
    /// Fixtures are written field by field from the spec's tables, independently of the codec's encoders.
    public static func smppPDU(
        _ commandID: UInt32,
        status: UInt32 = 0,
        sequence: UInt32,
        body: (inout ByteBuffer) -> Void = { _ in }
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(UInt32(0), commandID, status, sequence)
        body(&buffer)
        buffer.setInteger(UInt32(buffer.readableBytes), at: 0)
        return buffer
    }

    /// Writes `string`'s ASCII octets and a NUL, as a fixture C-Octet String.
    public mutating func writeCString(_ string: String) {
        self.writeString(string)
        self.writeInteger(UInt8(0))
    }

    /// Writes a TLV: tag, length, value.
    public mutating func writeTLV(_ tag: UInt16, _ value: [UInt8]) {
        self.writeMultipleIntegers(tag, UInt16(value.count))
        self.writeBytes(value)
    }

    /// A buffer from hex digits; whitespace is ignored. Traps on bad input (fixtures only).
    public init(hex: String) {
        self.init(bytes: [UInt8](hex: hex))
    }

    /// The readable bytes as lowercase hex.
    public var hexString: String { self.readableBytesView.hexString }
}

extension Array where Element == UInt8 {
    /// Bytes from hex digits; whitespace is ignored. Traps on bad input (fixtures only).
    public init(hex: String) {
        let digits = hex.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }
}

extension Sequence where Element == UInt8 {
    /// The bytes as lowercase hex.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PDU {
    /// Decodes a whole PDU from its bytes, for tests.
    public static func decode(bytes: ByteBuffer) -> DecodingResult {
        var bytes = bytes
        return PDU.decode(from: &bytes)
    }
}
