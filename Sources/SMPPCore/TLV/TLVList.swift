// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The optional parameters of a PDU, kept as their wire bytes.
///
/// Holding the bytes, not an array of values, keeps decoding allocation-free, and it keeps unknown
/// and vendor TLVs byte-exact and in their order, so a decoded PDU re-encodes to the same octets.
/// The bytes are validated when the list is decoded; typed accessors read from them on demand.
public struct TLVList: Hashable, Sendable, Sequence {
    /// The TLVs' wire bytes: each a tag, a length and a value.
    public private(set) var bytes: ByteBuffer

    /// An empty list.
    public init() { self.bytes = ByteBuffer() }

    /// A list of the given TLVs, in order.
    public init(_ tlvs: some Sequence<TLV>) {
        self.init()
        for tlv in tlvs { self.append(tlv) }
    }

    /// Validates and adopts the TLV region of a PDU body (SMPP 3.4 §3.2.4.1, §5.3).
    ///
    /// - Throws: ``SMPPDecodingError/Code/invalidTLVStream`` when a header or value runs past the body,
    ///   ``SMPPDecodingError/Code/invalidTLVLength`` when a 3.4 tag has a length the spec does not allow,
    ///   ``SMPPDecodingError/Code/invalidTLVValue`` for a value the spec does not allow.
    public init(validating bytes: ByteBuffer) throws(SMPPDecodingError) {
        self = try Self.validated(bytes).list
    }

    /// Validates a TLV region as `init(validating:)` does, and says whether message_payload carries data.
    static func validated(_ bytes: ByteBuffer) throws(SMPPDecodingError) -> (list: TLVList, payloadHasData: Bool) {
        let outcome: Result<Bool, SMPPDecodingError> = bytes.withUnsafeReadableBytes { raw in
            var cursor = SMPPCursor(raw)
            do throws(SMPPDecodingError) {
                return .success(try cursor.validateTLVs().payloadHasData)
            } catch {
                return .failure(error)
            }
        }
        return (TLVList(validated: bytes), try outcome.get())
    }

    /// short_message and message_payload must not both carry data (SMPP 3.4 §5.3.2.32).
    static func checkPayloadExclusive(shortMessageLength: Int, payloadHasData: Bool) throws(SMPPDecodingError) {
        guard shortMessageLength > 0 && payloadHasData else { return }
        throw SMPPDecodingError(code: .conflictingPayload, field: .shortMessage, tag: .messagePayload)
    }

    /// Adopts bytes that `SMPPCursor.validateTLVs()` has already checked.
    init(validated bytes: ByteBuffer) { self.bytes = bytes }

    /// Checks one TLV's length and value against what SMPP 3.4 allows for its tag.
    static func validate(tag: TLVTag, value: UnsafeRawBufferPointer) throws(SMPPDecodingError) {
        guard let allowed = tag.allowedLengths else { return }  // unknown and vendor tags: kept as they are
        guard allowed.contains(value.count) else {
            throw SMPPDecodingError(
                code: .invalidTLVLength,
                tag: tag,
                detail: "length \(value.count), allowed \(allowed)"
            )
        }
        switch tag.rawValue {
        case 0x020E, 0x020F:  // sar_total_segments, sar_segment_seqnum count from 1
            if value[0] == 0 { throw SMPPDecodingError(code: .invalidTLVValue, tag: tag, detail: "0") }
        case 0x001E, 0x001D:  // receipted_message_id, additional_status_info_text are C-Octet Strings
            if value[value.count - 1] != 0 {
                throw SMPPDecodingError(code: .invalidTLVValue, tag: tag, detail: "no NUL")
            }
        default:
            break
        }
    }

    /// Whether the list holds no TLVs.
    public var isEmpty: Bool { self.bytes.readableBytes == 0 }

    /// The first TLV with `tag`, or nil.
    public subscript(tag: TLVTag) -> ByteBuffer? {
        for tlv in self where tlv.tag == tag { return tlv.value }
        return nil
    }

    /// Whether a TLV with `tag` is present.
    public func contains(_ tag: TLVTag) -> Bool { self[tag] != nil }

    /// Appends a TLV at the end.
    public mutating func append(_ tlv: TLV) {
        self.append(tlv.tag, value: tlv.value.readableBytesView)
    }

    /// Appends a TLV at the end.
    public mutating func append(_ tag: TLVTag, value: some Collection<UInt8>) {
        self.bytes.writeMultipleIntegers(tag.rawValue, UInt16(truncatingIfNeeded: value.count))
        self.bytes.writeBytes(value)
    }

    /// Replaces the first TLV with `tag` in place, or appends one; `nil` removes every TLV with `tag`.
    public mutating func set(_ tag: TLVTag, value: (some Collection<UInt8>)?) {
        var rebuilt = TLVList()
        var replaced = false
        for tlv in self {
            guard tlv.tag == tag else {
                rebuilt.append(tlv)
                continue
            }
            if let value, !replaced { rebuilt.append(tag, value: value) }
            replaced = true
        }
        if let value, !replaced { rebuilt.append(tag, value: value) }
        self = rebuilt
    }

    /// Removes every TLV with `tag`.
    public mutating func remove(_ tag: TLVTag) { self.set(tag, value: [UInt8]?.none) }

    /// Writes the TLVs' wire bytes.
    public func write(to buffer: inout ByteBuffer) {
        var bytes = self.bytes
        buffer.writeBuffer(&bytes)
    }

    public func makeIterator() -> Iterator { Iterator(remaining: self.bytes) }

    /// Yields each TLV in wire order; the values are slices of the list's bytes.
    public struct Iterator: IteratorProtocol {
        var remaining: ByteBuffer

        public mutating func next() -> TLV? {
            let available = self.remaining.readableBytes
            guard available >= 4 else { return nil }
            let (tag, length) = self.remaining.withUnsafeReadableBytes { bytes in
                (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), Int(bytes[2]) << 8 | Int(bytes[3]))
            }
            guard length <= available - 4 else { return nil }
            // A copy with moved indices shares the storage, like a slice, for less work than readSlice.
            var value = self.remaining
            value.moveReaderIndex(forwardBy: 4)
            value.moveWriterIndex(to: value.readerIndex + length)
            self.remaining.moveReaderIndex(forwardBy: 4 + length)
            return TLV(tag: TLVTag(rawValue: tag), value: value)
        }
    }
}
