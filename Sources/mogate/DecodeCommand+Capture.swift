// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPNIO

/// Where a PDU read from a capture came from: when, and between which endpoints.
struct CaptureOrigin: Hashable, Sendable {
    /// ISO 8601 UTC with microseconds, e.g. `2026-11-27T03:04:05.123456Z`.
    var time: String
    var source: String
    var destination: String

    init(timestamp: Int64, source: CaptureEndpoint, destination: CaptureEndpoint) {
        self.time = Self.iso8601(nanoseconds: timestamp)
        self.source = source.description
        self.destination = destination.description
    }

    static func iso8601(nanoseconds: Int64) -> String {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        let micros = Int((nanoseconds % 1_000_000_000) / 1_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date =
            "\(padded(Int(parts.tm_year) + 1900, 4))-\(padded(Int(parts.tm_mon) + 1, 2))-\(padded(Int(parts.tm_mday), 2))"
        let time = "\(padded(Int(parts.tm_hour), 2)):\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2))"
        return "\(date)T\(time).\(padded(micros, 6))Z"
    }
}

extension PDURecordWriter {
    mutating func write(_ origin: CaptureOrigin) {
        self.string("time", origin.time)
        self.string("src", origin.source)
        self.string("dst", origin.destination)
    }
}

extension DecodeCommand {
    /// Reads a pcap file, reassembles each direction of each TCP connection, frames PDUs by command_length and
    /// renders each with its time and endpoints, in the order the capture completed them.
    ///
    /// - Returns: whether every PDU decoded and every stream ended on a PDU boundary.
    /// - Throws: ``PCAPReader/FormatError`` when the file is not a readable pcap file.
    static func renderCapture(
        _ file: ByteBuffer,
        options: PDURenderOptions,
        into writer: inout some PDURecordWriter,
        flush: ([UInt8]) -> Void
    ) throws -> Bool {
        var reader = try PCAPReader(file)
        var reassembler = PCAPStreamReassembler()
        var allDecoded = true
        func emit(_ events: [PCAPStreamReassembler.Event]) {
            for event in events {
                switch event {
                case .pdu(let captured):
                    let origin = CaptureOrigin(
                        timestamp: captured.timestamp,
                        source: captured.source,
                        destination: captured.destination
                    )
                    var bytes = captured.bytes
                    var decoder = SMPPFrameDecoder(maximumPDULength: reassembler.maximumPDULength)
                    // The reassembler framed it already, so the decoder returns exactly this one PDU.
                    guard let result = try? decoder.decode(buffer: &bytes) else { continue }
                    if case .malformed = result { allDecoded = false }
                    writer.write(result, commandLength: captured.bytes.readableBytes, options: options, origin: origin)
                case .framingLost(let failure):
                    allDecoded = false
                    let origin = CaptureOrigin(
                        timestamp: failure.timestamp,
                        source: failure.source,
                        destination: failure.destination
                    )
                    var record = FramingFailure(offset: 0, reason: failure.reason)
                    let bytes = failure.bytes
                    record.commandLength = bytes.getInteger(at: bytes.readerIndex, as: UInt32.self)
                    record.commandID = bytes.getInteger(at: bytes.readerIndex + 4, as: UInt32.self)
                        .map(CommandID.init(rawValue:))
                    record.sequenceNumber = bytes.getInteger(at: bytes.readerIndex + 12, as: UInt32.self)
                    writer.write(record, origin: origin)
                }
                if writer.output.count >= StandardOutput.chunkSize {
                    flush(writer.output)
                    writer.output.removeAll(keepingCapacity: true)
                }
            }
        }
        writer.output.reserveCapacity(StandardOutput.chunkSize + 4096)
        while let packet = try reader.next() { emit(reassembler.add(packet)) }
        emit(reassembler.finish())
        if !writer.output.isEmpty {
            flush(writer.output)
            writer.output.removeAll(keepingCapacity: true)
        }
        return allDecoded
    }
}
