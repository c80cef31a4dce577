// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Reads a capture file, classic libpcap (either byte order, microsecond or nanosecond timestamps) or pcapng
/// (Wireshark's default: any byte order, several sections and interfaces, each with its timestamp resolution), and
/// yields the TCP segments it holds, IPv4 or IPv6, over Ethernet, Linux cooked (SLL, SLL2), raw IP or BSD loopback.
public struct PCAPReader: Sendable {
    public struct Packet: Sendable {
        /// Nanoseconds since 1970.
        public var timestamp: Int64
        public var source: CaptureEndpoint
        public var destination: CaptureEndpoint
        public var sequenceNumber: UInt32
        public var isSYN: Bool
        public var isFIN: Bool
        public var payload: ByteBuffer
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    enum Format {
        case classic(endianness: Endianness, nanoseconds: Bool, linkType: UInt32)
        case pcapng(PCAPNGSection)
    }

    var buffer: ByteBuffer
    var format: Format
    /// Packets skipped because they are not TCP over IP (ARP, UDP, fragments, …) or their link type is not read.
    public internal(set) var skippedPackets = 0

    /// The link types whose frames are read: null/loopback, Ethernet, raw IP (three numbers), Linux SLL and SLL2.
    static let supportedLinkTypes: Set<UInt32> = [
        PCAPFormat.linkTypeNull, PCAPFormat.linkTypeEthernet, PCAPFormat.linkTypeRaw, 12, 14,
        PCAPFormat.linkTypeLinuxSLL, PCAPFormat.linkTypeLinuxSLL2,
    ]

    public init(_ file: ByteBuffer) throws {
        var buffer = file
        guard let magic = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
            throw FormatError(description: "not a pcap file: shorter than its header")
        }
        if magic == PCAPNGSection.blockType {
            self.buffer = buffer
            self.format = .pcapng(try PCAPNGSection.read(from: &self.buffer))
            return
        }
        buffer.moveReaderIndex(forwardBy: 4)
        let littleEndian: Bool
        let nanoseconds: Bool
        switch magic {
        case PCAPFormat.magicMicroseconds: (littleEndian, nanoseconds) = (true, false)
        case PCAPFormat.magicNanoseconds: (littleEndian, nanoseconds) = (true, true)
        case PCAPFormat.magicMicroseconds.byteSwapped: (littleEndian, nanoseconds) = (false, false)
        case PCAPFormat.magicNanoseconds.byteSwapped: (littleEndian, nanoseconds) = (false, true)
        default:
            throw FormatError(description: "not a pcap or pcapng file: magic number 0x\(String(magic, radix: 16))")
        }
        let endianness: Endianness = littleEndian ? .little : .big
        // version (2 + 2), thiszone, sigfigs, snaplen, then the link type.
        guard buffer.readSlice(length: 16) != nil,
            let linkType = buffer.readInteger(endianness: endianness, as: UInt32.self)
        else { throw FormatError(description: "not a pcap file: shorter than its header") }
        // The high bits carry FCS information (pcap-linktype(7)); the type is the low 16 bits.
        let type = linkType & 0xFFFF
        guard Self.supportedLinkTypes.contains(type) else {
            throw FormatError(description: "unsupported link type \(type)")
        }
        self.format = .classic(endianness: endianness, nanoseconds: nanoseconds, linkType: type)
        self.buffer = buffer
    }

    /// The next TCP segment, nil at the end of the file.
    ///
    /// - Throws: ``FormatError`` when the file ends inside a packet record or a block is malformed.
    public mutating func next() throws -> Packet? {
        while let (frame, linkType, timestamp) = try self.nextFrame() {
            var frame = frame
            if Self.supportedLinkTypes.contains(linkType), var packet = Self.parse(&frame, linkType: linkType) {
                packet.timestamp = timestamp
                return packet
            }
            self.skippedPackets += 1
        }
        return nil
    }

    /// The next captured frame with its link type and timestamp (nanoseconds since 1970).
    private mutating func nextFrame() throws -> (ByteBuffer, UInt32, Int64)? {
        switch self.format {
        case .classic(let endianness, let nanoseconds, let linkType):
            guard self.buffer.readableBytes > 0 else { return nil }
            guard let seconds = self.buffer.readInteger(endianness: endianness, as: UInt32.self),
                let fraction = self.buffer.readInteger(endianness: endianness, as: UInt32.self),
                let included = self.buffer.readInteger(endianness: endianness, as: UInt32.self),
                self.buffer.readInteger(endianness: endianness, as: UInt32.self) != nil,
                let frame = self.buffer.readSlice(length: Int(included))
            else { throw FormatError(description: "the file ends inside a packet record") }
            return (frame, linkType, Int64(seconds) * 1_000_000_000 + Int64(fraction) * (nanoseconds ? 1 : 1_000))
        case .pcapng(var section):
            defer { self.format = .pcapng(section) }
            return try section.nextFrame(from: &self.buffer)
        }
    }

    /// The IP version the link layer announces (4, 6), or nil for anything else, after moving past its header.
    private static func network(_ frame: inout ByteBuffer, linkType: UInt32) -> Int? {
        switch linkType {
        case PCAPFormat.linkTypeEthernet:
            guard frame.readSlice(length: 12) != nil, var etherType = frame.readInteger(as: UInt16.self) else {
                return nil
            }
            // 802.1Q and 802.1ad tags: skip the tag, read the inner EtherType.
            while etherType == 0x8100 || etherType == 0x88A8 {
                guard frame.readSlice(length: 2) != nil, let inner = frame.readInteger(as: UInt16.self) else {
                    return nil
                }
                etherType = inner
            }
            return Self.version(etherType: etherType)
        case PCAPFormat.linkTypeLinuxSLL:
            guard frame.readSlice(length: 14) != nil, let protocolType = frame.readInteger(as: UInt16.self) else {
                return nil
            }
            return Self.version(etherType: protocolType)
        case PCAPFormat.linkTypeLinuxSLL2:
            guard let protocolType = frame.readInteger(as: UInt16.self), frame.readSlice(length: 18) != nil else {
                return nil
            }
            return Self.version(etherType: protocolType)
        case PCAPFormat.linkTypeNull:
            // The address family in the capturing host's byte order: AF_INET is 2; AF_INET6 is 10, 24, 28 or 30.
            guard let family = frame.readInteger(endianness: .little, as: UInt32.self) else { return nil }
            let value = family > 0xFFFF ? family.byteSwapped : family
            return value == 2 ? 4 : ([10, 24, 28, 30].contains(value) ? 6 : nil)
        default:  // raw IP: the version nibble says which
            return frame.getInteger(at: frame.readerIndex, as: UInt8.self).map { Int($0 >> 4) }
        }
    }

    private static func version(etherType: UInt16) -> Int? {
        switch etherType {
        case 0x0800: 4
        case 0x86DD: 6
        default: nil
        }
    }

    private static func parse(_ frame: inout ByteBuffer, linkType: UInt32) -> Packet? {
        guard let version = Self.network(&frame, linkType: linkType) else { return nil }
        var sourceAddress: [UInt8]
        var destinationAddress: [UInt8]
        var segment: ByteBuffer
        if version == 4 {
            guard let versionAndLength = frame.getInteger(at: frame.readerIndex, as: UInt8.self),
                versionAndLength >> 4 == 4,
                let totalLength = frame.getInteger(at: frame.readerIndex + 2, as: UInt16.self),
                let fragment = frame.getInteger(at: frame.readerIndex + 6, as: UInt16.self),
                fragment & 0x3FFF == 0,  // neither more fragments nor an offset: reassembly is out of scope
                frame.getInteger(at: frame.readerIndex + 9, as: UInt8.self) == 6,
                let source = frame.getBytes(at: frame.readerIndex + 12, length: 4),
                let destination = frame.getBytes(at: frame.readerIndex + 16, length: 4)
            else { return nil }
            let headerLength = Int(versionAndLength & 0x0F) * 4
            // A captured total length of 0 means TCP segmentation offload; take the frame as it is then.
            let length = totalLength == 0 ? frame.readableBytes : min(Int(totalLength), frame.readableBytes)
            guard headerLength >= 20, length >= headerLength,
                let slice = frame.getSlice(at: frame.readerIndex + headerLength, length: length - headerLength)
            else { return nil }
            sourceAddress = source
            destinationAddress = destination
            segment = slice
        } else {
            guard frame.getInteger(at: frame.readerIndex, as: UInt8.self).map({ $0 >> 4 }) == 6,
                let payloadLength = frame.getInteger(at: frame.readerIndex + 4, as: UInt16.self),
                frame.getInteger(at: frame.readerIndex + 6, as: UInt8.self) == 6,  // no extension headers
                let source = frame.getBytes(at: frame.readerIndex + 8, length: 16),
                let destination = frame.getBytes(at: frame.readerIndex + 24, length: 16),
                let slice = frame.getSlice(
                    at: frame.readerIndex + 40,
                    length: min(Int(payloadLength), frame.readableBytes - 40)
                )
            else { return nil }
            sourceAddress = source
            destinationAddress = destination
            segment = slice
        }
        guard let sourcePort = segment.getInteger(at: segment.readerIndex, as: UInt16.self),
            let destinationPort = segment.getInteger(at: segment.readerIndex + 2, as: UInt16.self),
            let sequence = segment.getInteger(at: segment.readerIndex + 4, as: UInt32.self),
            let offset = segment.getInteger(at: segment.readerIndex + 12, as: UInt8.self),
            let flags = segment.getInteger(at: segment.readerIndex + 13, as: UInt8.self),
            Int(offset >> 4) * 4 >= 20,
            segment.readSlice(length: Int(offset >> 4) * 4) != nil
        else { return nil }
        return Packet(
            timestamp: 0,
            source: CaptureEndpoint(address: sourceAddress, port: sourcePort),
            destination: CaptureEndpoint(address: destinationAddress, port: destinationPort),
            sequenceNumber: sequence,
            isSYN: flags & 0x02 != 0,
            isFIN: flags & 0x01 != 0,
            payload: segment
        )
    }
}
