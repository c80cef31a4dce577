// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Splits a TCP byte stream into SMPP PDUs (SMPP 3.4 §3.2), checking `command_length` before buffering.
///
/// Only lost framing throws: a length under 16 or over the configured maximum means the stream can no longer be
/// trusted, and the session answers `generic_nack ESME_RINVCMDLEN` and closes. A bad body is a value,
/// `PDU.DecodingResult.malformed`, that still carries the header.
///
/// In a pipeline it decodes a read burst's PDUs under one access to the buffer (`PDU.decodeEach`), which costs one
/// exclusivity check per burst rather than one per PDU.
public struct SMPPFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = PDU.DecodingResult

    /// The default maximum `command_length`: a 64 KiB message_payload plus the header.
    public static let defaultMaximumPDULength = 65_536 + PDUHeader.length

    /// The largest `command_length` accepted.
    public let maximumPDULength: Int

    public init(maximumPDULength: Int = SMPPFrameDecoder.defaultMaximumPDULength) {
        precondition(maximumPDULength >= PDUHeader.length)
        self.maximumPDULength = maximumPDULength
    }

    /// The next PDU of `buffer`, or nil until it is all there: the single-step form, outside a pipeline.
    public mutating func decode(buffer: inout ByteBuffer) throws(SMPPFramingError) -> PDU.DecodingResult? {
        try PDU.decodeNext(from: &buffer, maximumLength: self.maximumPDULength)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try PDU.decodeEach(from: &buffer, maximumLength: self.maximumPDULength) { result, _ in
            context.fireChannelRead(NIOAny(result))
        }
        return .needMoreData
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        try self.decode(context: context, buffer: &buffer)
    }
}

/// The stream sent a `command_length` under 16 or over the maximum: framing is lost.
public struct SMPPFramingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var commandLength: UInt32
    public var maximumPDULength: Int

    public init(commandLength: UInt32, maximumPDULength: Int) {
        self.commandLength = commandLength
        self.maximumPDULength = maximumPDULength
    }

    /// The status to answer in the `generic_nack` sent before closing.
    public var commandStatus: CommandStatus { .invalidCommandLength }

    public var description: String { "command_length \(self.commandLength) outside 16...\(self.maximumPDULength)" }
}
