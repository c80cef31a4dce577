// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// The classic libpcap file format (not pcapng): a 24-octet global header, then per packet a 16-octet record header
/// and the frame. mogate writes little-endian headers with magic 0xa1b2c3d4 (microsecond timestamps) and Ethernet II
/// frames, whose addresses are synthetic (02:00:…, locally administered).
enum PCAPFormat {
    static let magicMicroseconds: UInt32 = 0xA1B2_C3D4
    static let magicNanoseconds: UInt32 = 0xA1B2_3C4D
    static let linkTypeNull: UInt32 = 0
    static let linkTypeEthernet: UInt32 = 1
    static let linkTypeRaw: UInt32 = 101
    static let linkTypeLinuxSLL: UInt32 = 113
    static let linkTypeLinuxSLL2: UInt32 = 276
    /// The snapshot length announced: larger than any frame written (a segment carries at most 65,000 octets).
    static let snapshotLength: UInt32 = 262_144
    /// The largest TCP payload put in one frame; longer writes become several segments. IPv4's total length is
    /// 16 bits, so one datagram cannot carry more than 65,535 octets with its headers.
    static let maximumSegmentPayload = 65_000

    static func writeFileHeader(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.magicMicroseconds, endianness: .little)
        buffer.writeInteger(UInt16(2), endianness: .little)  // version 2.4
        buffer.writeInteger(UInt16(4), endianness: .little)
        buffer.writeInteger(UInt32(0), endianness: .little)  // thiszone: timestamps are UTC
        buffer.writeInteger(UInt32(0), endianness: .little)  // sigfigs
        buffer.writeInteger(Self.snapshotLength, endianness: .little)
        buffer.writeInteger(Self.linkTypeEthernet, endianness: .little)
    }

    /// Appends one packet record: Ethernet II, IPv4 or IPv6, TCP without options, and the payload, with valid IPv4
    /// header and TCP checksums.
    static func writePacket(_ segment: CaptureSegment, to buffer: inout ByteBuffer) {
        let isIPv6 = segment.source.isIPv6
        let tcpLength = 20 + segment.payload.readableBytes
        let frameLength = 14 + (isIPv6 ? 40 : 20) + tcpLength
        buffer.writeInteger(segment.seconds, endianness: .little)
        buffer.writeInteger(segment.microseconds, endianness: .little)
        buffer.writeInteger(UInt32(frameLength), endianness: .little)
        buffer.writeInteger(UInt32(frameLength), endianness: .little)

        // Ethernet II: destination MAC, source MAC, EtherType.
        Self.writeMAC(for: segment.destination, to: &buffer)
        Self.writeMAC(for: segment.source, to: &buffer)
        buffer.writeInteger(UInt16(isIPv6 ? 0x86DD : 0x0800))

        if isIPv6 {
            buffer.writeInteger(UInt32(0x6000_0000))  // version 6, traffic class 0, flow label 0
            buffer.writeInteger(UInt16(tcpLength))  // payload length
            buffer.writeInteger(UInt8(6))  // next header: TCP
            buffer.writeInteger(UInt8(64))  // hop limit
            buffer.writeBytes(segment.source.address)
            buffer.writeBytes(segment.destination.address)
        } else {
            let start = buffer.writerIndex
            buffer.writeInteger(UInt16(0x4500))  // version 4, IHL 5, DSCP 0
            buffer.writeInteger(UInt16(20 + tcpLength))  // total length
            buffer.writeInteger(UInt16(0))  // identification (DF set: never fragmented)
            buffer.writeInteger(UInt16(0x4000))  // flags: don't fragment
            buffer.writeInteger(UInt8(64))  // TTL
            buffer.writeInteger(UInt8(6))  // protocol: TCP
            buffer.writeInteger(UInt16(0))  // header checksum, filled in below
            buffer.writeBytes(segment.source.address)
            buffer.writeBytes(segment.destination.address)
            var sum = InternetChecksum()
            sum.add(buffer.viewBytes(at: start, length: 20)!)
            buffer.setInteger(sum.value, at: start + 10)
        }

        let tcpStart = buffer.writerIndex
        buffer.writeInteger(segment.source.port)
        buffer.writeInteger(segment.destination.port)
        buffer.writeInteger(segment.sequenceNumber)
        buffer.writeInteger(segment.acknowledgmentNumber)
        buffer.writeInteger(UInt8(5 << 4))  // data offset: five 32-bit words, no options
        buffer.writeInteger(segment.flags.rawValue)
        buffer.writeInteger(UInt16(65_535))  // window
        buffer.writeInteger(UInt16(0))  // checksum, filled in below
        buffer.writeInteger(UInt16(0))  // urgent pointer
        var payload = segment.payload
        buffer.writeBuffer(&payload)

        // The TCP checksum covers a pseudo-header: addresses, protocol 6 and the TCP length (RFC 793 §3.1,
        // RFC 8200 §8.1 for IPv6), then the header and the payload.
        var sum = InternetChecksum()
        sum.add(segment.source.address)
        sum.add(segment.destination.address)
        sum.add(word: 6)
        if isIPv6 {
            sum.add(word: UInt16(truncatingIfNeeded: tcpLength >> 16))
        }
        sum.add(word: UInt16(truncatingIfNeeded: tcpLength))
        sum.add(buffer.viewBytes(at: tcpStart, length: tcpLength)!)
        buffer.setInteger(sum.value, at: tcpStart + 16)
    }

    /// A locally administered MAC (02:00 + the last four octets of the IP address), so each host keeps one MAC.
    private static func writeMAC(for endpoint: CaptureEndpoint, to buffer: inout ByteBuffer) {
        buffer.writeBytes([0x02, 0x00])
        buffer.writeBytes(endpoint.address.suffix(4))
    }
}

/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
struct InternetChecksum {
    private var sum: UInt64 = 0
    /// An odd octet left over from the last `add`, waiting for its partner.
    private var pending: UInt8?

    mutating func add(word: UInt16) {
        precondition(self.pending == nil, "words are added at even offsets")
        self.sum &+= UInt64(word)
    }

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            if let high = self.pending {
                self.sum &+= UInt64(high) << 8 | UInt64(byte)
                self.pending = nil
            } else {
                self.pending = byte
            }
        }
    }

    var value: UInt16 {
        var sum = self.sum
        if let high = self.pending { sum &+= UInt64(high) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
