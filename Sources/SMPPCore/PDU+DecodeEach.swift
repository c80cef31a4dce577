// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension PDU {
    /// Frames and decodes every whole PDU at the front of a byte stream, in order, under one access to its storage.
    ///
    /// A read burst holds many PDUs. `decodeNext(from:maximumLength:)` pays one dynamic exclusivity check per PDU
    /// to reach the bytes; this pays one per burst, and lends each submit_sm and deliver_sm's octets (see
    /// `SubmitSM.withUnsafeOctets(_:)`) from the same access, so reading them costs no second check.
    ///
    /// - Parameters:
    ///   - buffer: the stream; every PDU handed to `body` is consumed from it, and a partial PDU stays.
    ///   - maximumLength: the largest command_length accepted.
    ///   - maximumCount: stop after this many PDUs.
    ///   - body: called with each PDU, and its borrowed octets when it is a well-formed submit_sm or deliver_sm.
    ///     The octets are valid only during the call.
    /// - Returns: the number of PDUs decoded.
    /// - Throws: `SMPPFramingError` when a command_length is under 16 or over `maximumLength`, after the PDUs before
    ///   it went to `body`; its bytes stay in `buffer`.
    @discardableResult
    public static func decodeEach(
        from buffer: inout ByteBuffer,
        maximumLength: Int,
        maximumCount: Int = .max,
        _ body: (consuming DecodingResult, SubmitSM.UnsafeOctets?) -> Void
    ) throws(SMPPFramingError) -> Int {
        let stream = buffer
        let start = stream.readerIndex
        let (consumed, count, failure) = stream.withUnsafeReadableBytes {
            bytes -> (Int, Int, SMPPFramingError?) in
            var offset = 0
            var count = 0
            while count < maximumCount {
                let rest = bytes.count &- offset
                guard rest >= 4 else { break }
                let pdu = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                let length = Int(UInt32(bigEndian: pdu.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
                guard length >= PDUHeader.length, length <= maximumLength else {
                    return (
                        offset, count, SMPPFramingError(commandLength: UInt32(length), maximumPDULength: maximumLength)
                    )
                }
                guard rest >= length else { break }
                let header = Self.header(pdu)
                let scan = Self.scanBody(pdu, header)
                // The frame shares the stream's storage, as readSlice would, without its out-of-line call.
                var frame = stream
                frame.moveWriterIndex(to: start &+ offset &+ length)
                frame.moveReaderIndex(forwardBy: offset &+ PDUHeader.length)
                let result = Self.result(header, scan, body: frame)
                if case .layout(let layout) = scan {
                    let octets = UnsafeRawBufferPointer(rebasing: pdu[PDUHeader.length..<length])
                    body(result, SubmitSM.UnsafeOctets(body: octets, layout: layout))
                } else {
                    body(result, nil)
                }
                offset &+= length
                count &+= 1
            }
            return (offset, count, nil)
        }
        buffer.moveReaderIndex(forwardBy: consumed)
        if let failure { throw failure }
        return count
    }
}
