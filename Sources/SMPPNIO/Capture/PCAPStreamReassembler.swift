// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Turns the TCP segments of a capture back into PDUs: each direction of each connection is reassembled by
/// sequence number (retransmitted octets are dropped, segments that arrive early wait for the gap to fill), and
/// the stream is framed by command_length.
public struct PCAPStreamReassembler: Sendable {
    /// One PDU's octets, as framed, with the time of the segment that completed it.
    public struct CapturedPDU: Sendable {
        public var timestamp: Int64
        public var source: CaptureEndpoint
        public var destination: CaptureEndpoint
        public var bytes: ByteBuffer
    }

    /// A direction of a connection whose octets could not be framed: a command_length under 16 or over the
    /// limit, or a stream that ends inside a PDU.
    public struct FramingFailure: Sendable {
        public var timestamp: Int64
        public var source: CaptureEndpoint
        public var destination: CaptureEndpoint
        /// The unframed octets from where framing was lost.
        public var bytes: ByteBuffer
        public var reason: String
    }

    public enum Event: Sendable {
        case pdu(CapturedPDU)
        case framingLost(FramingFailure)
    }

    private struct Flow: Hashable, Sendable {
        var source: CaptureEndpoint
        var destination: CaptureEndpoint
    }

    private struct Stream: Sendable {
        var next: UInt32?
        var buffered = ByteBuffer()
        /// Segments beyond a gap, by sequence number.
        var early: [UInt32: ByteBuffer] = [:]
        var lost = false
        var lastTimestamp: Int64 = 0
    }

    public let maximumPDULength: Int
    private var streams: [Flow: Stream] = [:]

    public init(maximumPDULength: Int = 65_536 + 16) {
        self.maximumPDULength = maximumPDULength
    }

    /// Feeds one segment; returns the PDUs it completed, in stream order.
    public mutating func add(_ packet: PCAPReader.Packet) -> [Event] {
        let flow = Flow(source: packet.source, destination: packet.destination)
        var stream = self.streams[flow] ?? Stream()
        defer { self.streams[flow] = stream }
        guard !stream.lost else { return [] }
        stream.lastTimestamp = packet.timestamp
        if packet.isSYN {
            stream.next = packet.sequenceNumber &+ 1
            stream.buffered.clear()
            stream.early.removeAll()
            return []
        }
        var payload = packet.payload
        guard payload.readableBytes > 0 else { return [] }
        // A capture that starts mid-connection: take the first segment seen as the start.
        let next = stream.next ?? packet.sequenceNumber
        let offset = Int32(bitPattern: packet.sequenceNumber &- next)
        if offset > 0 {
            stream.early[packet.sequenceNumber] = payload
            stream.next = next
            return []
        }
        // Octets before `next` were seen already (a retransmission or an overlap).
        guard payload.readableBytes > -Int(offset) else { return [] }
        payload.moveReaderIndex(forwardBy: -Int(offset))
        stream.buffered.writeBuffer(&payload)
        var position = next &+ UInt32(truncatingIfNeeded: packet.payload.readableBytes + Int(offset))
        while var early = stream.early.removeValue(forKey: position) {
            position &+= UInt32(early.readableBytes)
            stream.buffered.writeBuffer(&early)
        }
        stream.next = position
        return self.frame(&stream, flow: flow, timestamp: packet.timestamp)
    }

    /// Reports each direction that ended inside a PDU or with octets after a gap that never filled.
    public func finish() -> [Event] {
        self.streams.compactMap { flow, stream -> Event? in
            guard !stream.lost, stream.buffered.readableBytes > 0 || !stream.early.isEmpty else { return nil }
            let reason =
                stream.buffered.readableBytes > 0
                ? "the stream ends inside a PDU (\(stream.buffered.readableBytes) octets left)"
                : "octets missing from the capture: a gap in the TCP stream never filled"
            return .framingLost(
                FramingFailure(
                    timestamp: stream.lastTimestamp,
                    source: flow.source,
                    destination: flow.destination,
                    bytes: stream.buffered,
                    reason: reason
                )
            )
        }.sorted { $0.timestamp < $1.timestamp }
    }

    private func frame(_ stream: inout Stream, flow: Flow, timestamp: Int64) -> [Event] {
        var events: [Event] = []
        while let length = stream.buffered.getInteger(at: stream.buffered.readerIndex, as: UInt32.self) {
            guard length >= 16, length <= self.maximumPDULength else {
                stream.lost = true
                events.append(
                    .framingLost(
                        FramingFailure(
                            timestamp: timestamp,
                            source: flow.source,
                            destination: flow.destination,
                            bytes: stream.buffered,
                            reason: "command_length \(length) is outside 16...\(self.maximumPDULength)"
                        )
                    )
                )
                stream.buffered.clear()
                return events
            }
            guard let bytes = stream.buffered.readSlice(length: Int(length)) else { break }
            events.append(
                .pdu(
                    CapturedPDU(timestamp: timestamp, source: flow.source, destination: flow.destination, bytes: bytes)
                )
            )
        }
        stream.buffered.discardReadBytes()
        return events
    }
}

extension PCAPStreamReassembler.Event {
    public var timestamp: Int64 {
        switch self {
        case .pdu(let pdu): pdu.timestamp
        case .framingLost(let failure): failure.timestamp
        }
    }
}
