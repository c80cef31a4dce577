// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

extension DecodeCommand {
    /// Frames `input` into PDUs by command_length, decodes each and renders it into `writer`, in input order.
    ///
    /// Framing follows ``SMPPFrameDecoder``: a malformed body yields an error record and the next PDU follows;
    /// a command_length under 16 or over the maximum, or input ending inside a PDU, yields a last error record.
    /// - Parameter flush: receives rendered output in chunks of about ``StandardOutput/chunkSize`` octets.
    /// - Returns: whether every PDU decoded and the input ended on a PDU boundary.
    static func render(
        _ input: ByteBuffer,
        options: PDURenderOptions,
        into writer: inout some PDURecordWriter,
        flush: ([UInt8]) -> Void
    ) -> Bool {
        var buffer = input
        var decoder = SMPPFrameDecoder()
        var allDecoded = true
        writer.output.reserveCapacity(StandardOutput.chunkSize + 4096)
        while buffer.readableBytes > 0 {
            let start = buffer.readerIndex
            let result: PDU.DecodingResult?
            do {
                result = try decoder.decode(buffer: &buffer)
            } catch {
                writer.write(Self.framingFailure(in: buffer, from: input, reason: "\(error)"))
                allDecoded = false
                break
            }
            guard let result else {
                writer.write(Self.framingFailure(in: buffer, from: input, reason: Self.truncationReason(buffer)))
                allDecoded = false
                break
            }
            if case .malformed = result { allDecoded = false }
            writer.write(result, commandLength: buffer.readerIndex - start, options: options)
            if writer.output.count >= StandardOutput.chunkSize {
                flush(writer.output)
                writer.output.removeAll(keepingCapacity: true)
            }
        }
        if !writer.output.isEmpty {
            flush(writer.output)
            writer.output.removeAll(keepingCapacity: true)
        }
        return allDecoded
    }

    /// What is known about the octets where framing was lost: the header fields that are there.
    private static func framingFailure(in buffer: ByteBuffer, from input: ByteBuffer, reason: String) -> FramingFailure
    {
        let start = buffer.readerIndex
        var failure = FramingFailure(offset: start - input.readerIndex, reason: reason)
        failure.commandLength = buffer.getInteger(at: start, as: UInt32.self)
        failure.commandID = buffer.getInteger(at: start + 4, as: UInt32.self).map(CommandID.init(rawValue:))
        if buffer.readableBytes >= PDUHeader.length {
            failure.sequenceNumber = buffer.getInteger(at: start + 12, as: UInt32.self)
        }
        return failure
    }

    private static func truncationReason(_ buffer: ByteBuffer) -> String {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
            return "input ends with \(buffer.readableBytes) octets, too few for a command_length"
        }
        return "command_length \(length) but the input ends after \(buffer.readableBytes) octets"
    }
}
