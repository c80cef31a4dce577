// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension ByteBuffer {
    /// Reads a C-Octet String (SMPP 3.4 §3.1): octets up to and including a NUL.
    ///
    /// `maxLength` is the spec's maximum *including* the NUL; the NUL must appear within it, so
    /// the scan is bounded. Octets are read as ISO 8859-1, so every octet survives a re-encode.
    public mutating func readSMPPCString(maxLength: Int, field: SMPPField) throws(SMPPDecodingError) -> String {
        try self.readSMPPString { (cursor: inout SMPPCursor) throws(SMPPDecodingError) in
            try cursor.cStringSpan(maxLength: maxLength, field: field)
        }
    }

    /// Finds a field with the same cursor the hot path uses, so the two can never disagree, and makes its String.
    private mutating func readSMPPString(
        _ find: (inout SMPPCursor) throws(SMPPDecodingError) -> OctetSpan
    ) throws(SMPPDecodingError) -> String {
        let found: Result<(String, Int), SMPPDecodingError> = self.withUnsafeReadableBytes { raw in
            var cursor = SMPPCursor(raw)
            do throws(SMPPDecodingError) {
                let span = try find(&cursor)
                let octets = UnsafeRawBufferPointer(rebasing: raw[span.start..<(span.start + span.count)])
                return .success((String(smppOctets: octets), cursor.offset))
            } catch {
                return .failure(error)
            }
        }
        let (value, consumed) = try found.get()
        self.moveReaderIndex(forwardBy: consumed)
        return value
    }

    /// Writes `string` as a C-Octet String: its octets (ISO 8859-1) and a NUL.
    @discardableResult
    public mutating func writeSMPPCString(_ string: String) -> Int {
        var string = string
        let written = string.withUTF8 { utf8 -> Int? in
            for byte in utf8 where byte >= 0x80 { return nil }
            return self.writeBytes(utf8)
        }
        if let written { return written + self.writeInteger(UInt8(0)) }
        var count = 0
        for scalar in string.unicodeScalars {
            count += self.writeInteger(scalar.value <= 0xFF ? UInt8(scalar.value) : UInt8(ascii: "?"))
        }
        return count + self.writeInteger(UInt8(0))
    }

    /// Reads one octet, or fails naming the field.
    public mutating func readSMPPUInt8(_ field: SMPPField) throws(SMPPDecodingError) -> UInt8 {
        guard let value = self.readInteger(as: UInt8.self) else { throw .truncated(field) }
        return value
    }

    /// Reads a big-endian 16-bit integer, or fails naming the field.
    public mutating func readSMPPUInt16(_ field: SMPPField) throws(SMPPDecodingError) -> UInt16 {
        guard let value = self.readInteger(as: UInt16.self) else { throw .truncated(field) }
        return value
    }

    /// Reads an SMPP time field (SMPP 3.4 §7.1): empty, or `YYMMDDhhmmsstnnp` where `p` is `+`, `-` or `R`.
    public mutating func readSMPPTime(_ field: SMPPField) throws(SMPPDecodingError) -> String {
        try self.readSMPPString { (cursor: inout SMPPCursor) throws(SMPPDecodingError) in try cursor.timeSpan(field) }
    }
}

extension String {
    /// Decodes ISO 8859-1 octets: each octet is the Unicode scalar of the same value.
    init(latin1 bytes: UnsafeRawBufferPointer) {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        self = String(scalars)
    }
}

/// The absolute and relative time format of SMPP 3.4 §7.1.
enum SMPPTime {
    /// Whether `octets` are `YYMMDDhhmmsstnnp`: twelve digits, tenths, two digits of quarter hours, and `+`, `-`
    /// or `R`.
    static func isValid(octets: UnsafeRawBufferPointer) -> Bool {
        guard octets.count == 16 else { return false }
        for (index, byte) in octets.enumerated() {
            if index == 15 {
                guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "R") else {
                    return false
                }
            } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                return false
            }
        }
        return true
    }
}
