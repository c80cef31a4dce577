// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a field sits in a body: an offset and a length in octets.
@usableFromInline
struct OctetSpan: Hashable, Sendable {
    // 32 bits keep SubmitSM's layout, and so every copy of a message, small.
    @usableFromInline var storedStart: UInt32
    @usableFromInline var storedCount: UInt32

    @inlinable
    init(start: Int, count: Int) {
        self.storedStart = UInt32(truncatingIfNeeded: start)
        self.storedCount = UInt32(truncatingIfNeeded: count)
    }

    @inlinable var start: Int { Int(self.storedStart) }
    @inlinable var count: Int { Int(self.storedCount) }
    /// The offset just past the field (past its NUL, for a C-Octet String).
    @inlinable var end: Int { self.start + self.count + 1 }

    /// The field's octets within `bytes`, the body they were found in.
    @inlinable
    func octets(in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[self.start..<(self.start &+ self.count)])
    }
}

/// A bounds-checked reader over the raw bytes of one PDU body, for the hot path.
///
/// ByteBuffer's readers each take a dynamic exclusivity check on its storage; reading a whole body
/// through one `withUnsafeReadableBytes` scope takes one. Every read is checked against the end.
/// A cursor must not outlive the scope whose pointer it holds.
struct SMPPCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { self.bytes.count &- self.offset }

    @inline(__always)
    mutating func byte(_ field: SMPPField) throws(SMPPDecodingError) -> UInt8 {
        guard self.offset < self.bytes.count else { throw .truncated(field) }
        defer { self.offset &+= 1 }
        return self.bytes[self.offset]
    }

    /// Steps over `count` one-octet fields, failing naming the first when the body ends inside them.
    /// Returns where they start.
    @inline(__always)
    mutating func skip(_ count: Int, field: SMPPField) throws(SMPPDecodingError) -> Int {
        let start = self.offset
        guard count <= self.bytes.count &- start else { throw .truncated(field) }
        self.offset = start &+ count
        return start
    }

    /// Finds a C-Octet String whose NUL must appear within `maxLength` octets, and steps past it.
    @inline(__always)
    mutating func cStringSpan(maxLength: Int, field: SMPPField) throws(SMPPDecodingError) -> OctetSpan {
        let start = self.offset
        // Empty is the commonest value of service_type and the two times; skip the call to memchr.
        if start < self.bytes.count, self.bytes[start] == 0 {
            self.offset = start &+ 1
            return OctetSpan(start: start, count: 0)
        }
        let end = Swift.min(start &+ maxLength, self.bytes.count)
        if let base = self.bytes.baseAddress, end > start, let length = Self.firstNUL(base + start, end &- start) {
            self.offset = start &+ length &+ 1
            return OctetSpan(start: start, count: length)
        }
        if end == self.bytes.count && end &- start < maxLength { throw .truncated(field) }
        throw .unterminated(field, maximum: maxLength)
    }

    /// The offset of the first NUL among `count` octets, eight at a time: the fields are short (21 octets at most,
    /// addresses about 12), where a call to memchr cost more than the scan.
    @inline(__always)
    static func firstNUL(_ base: UnsafeRawPointer, _ count: Int) -> Int? {
        var index = 0
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            // The lowest byte whose high bit is set here is the first zero byte (only bytes after one can be wrong).
            let zeros = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if zeros != 0 { return index &+ zeros.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < count {
            if base.load(fromByteOffset: index, as: UInt8.self) == 0 { return index }
            index &+= 1
        }
        return nil
    }

    /// Finds an SMPP time field, empty or `YYMMDDhhmmsstnnp`, and steps past it.
    @inline(__always)
    mutating func timeSpan(_ field: SMPPField) throws(SMPPDecodingError) -> OctetSpan {
        let span = try self.cStringSpan(maxLength: 17, field: field)
        if span.count != 0 {
            let value = UnsafeRawBufferPointer(rebasing: self.bytes[span.start..<(span.start &+ span.count)])
            guard SMPPTime.isValid(octets: value) else { throw .invalid(field, "not empty and not YYMMDDhhmmsstnnp") }
        }
        return span
    }

    /// Skips `count` octets (short_message), failing with ESME_RINVMSGLEN when they are not there.
    @inline(__always)
    mutating func skipShortMessage(_ length: UInt8) throws(SMPPDecodingError) -> Int {
        guard length < 255, Int(length) <= self.remaining else {
            throw .invalidSMLength(length)
        }
        defer { self.offset &+= Int(length) }
        return self.offset
    }

    /// Validates the TLVs from here to the end (SMPP 3.4 §3.2.4.1) and returns where they start.
    /// Also says whether a message_payload TLV carries data.
    mutating func validateTLVs() throws(SMPPDecodingError) -> (start: Int, payloadHasData: Bool) {
        let start = self.offset
        var payloadHasData = false
        while self.remaining > 0 {
            guard self.remaining >= 4 else {
                throw SMPPDecodingError(code: .invalidTLVStream, field: .optionalParameters, detail: "short TLV header")
            }
            let tag = TLVTag(rawValue: UInt16(self.bytes[self.offset]) << 8 | UInt16(self.bytes[self.offset &+ 1]))
            let length = Int(self.bytes[self.offset &+ 2]) << 8 | Int(self.bytes[self.offset &+ 3])
            self.offset &+= 4
            guard length <= self.remaining else {
                throw SMPPDecodingError(code: .invalidTLVStream, field: .optionalParameters, tag: tag)
            }
            let value = UnsafeRawBufferPointer(rebasing: self.bytes[self.offset..<(self.offset &+ length)])
            try TLVList.validate(tag: tag, value: value)
            if tag.rawValue == 0x0424 && length > 0 { payloadHasData = true }
            self.offset &+= length
        }
        return (start, payloadHasData)
    }
}

extension String {
    /// Decodes C-Octet String octets: ASCII directly, anything else as ISO 8859-1 so every octet survives.
    init(smppOctets bytes: UnsafeRawBufferPointer) {
        var mask: UInt8 = 0
        for byte in bytes { mask |= byte }
        self = mask < 0x80 ? String(decoding: bytes, as: UTF8.self) : String(latin1: bytes)
    }
}
