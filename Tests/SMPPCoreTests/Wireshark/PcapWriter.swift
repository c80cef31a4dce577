// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Builds a classic libpcap capture of one TCP connection, so that a dissector can read bytes we encoded.
///
/// Nothing is sent on any network: the frames are only written to a file. Each frame is Ethernet II, IPv4 (no
/// options, DF set) and TCP (no options) with valid IPv4 header and TCP checksums, and sequence and acknowledgement
/// numbers that follow on without gaps, so a dissector's TCP analysis finds nothing to warn about. The connection
/// opens with a three-way handshake. Timestamps are fixed, so the file is the same on every run.
struct PcapWriter {
    /// Who sends a segment: the client (the ESME, from an ephemeral port) or the server (the SMSC, on `serverPort`).
    enum Direction {
        case clientToServer
        case serverToClient
    }

    let clientAddress: [UInt8] = [127, 0, 0, 1]
    let serverAddress: [UInt8] = [127, 0, 0, 1]
    let clientPort: UInt16 = 40_000
    let serverPort: UInt16

    /// The frames written so far, each a complete Ethernet frame.
    private(set) var frames: [[UInt8]] = []
    private var clientNext: UInt32 = 1_000
    private var serverNext: UInt32 = 5_000
    private var identification: UInt16 = 1

    private static let syn: UInt8 = 0x02
    private static let push: UInt8 = 0x08
    private static let ack: UInt8 = 0x10

    /// A capture of a connection to `serverPort`, starting with the SYN, SYN-ACK, ACK handshake.
    init(serverPort: UInt16) {
        self.serverPort = serverPort
        self.appendSegment(from: .clientToServer, flags: Self.syn, payload: [])
        self.clientNext &+= 1  // SYN takes one sequence number.
        self.appendSegment(from: .serverToClient, flags: Self.syn | Self.ack, payload: [])
        self.serverNext &+= 1
        self.appendSegment(from: .clientToServer, flags: Self.ack, payload: [])
    }

    /// The number of handshake frames before the first data segment.
    static let handshakeFrameCount = 3

    /// Appends one data segment (PSH, ACK) carrying `payload` in the given direction.
    mutating func appendSegment(from direction: Direction, payload: [UInt8]) {
        self.appendSegment(from: direction, flags: Self.push | Self.ack, payload: payload)
        switch direction {
        case .clientToServer: self.clientNext &+= UInt32(payload.count)
        case .serverToClient: self.serverNext &+= UInt32(payload.count)
        }
    }

    /// The capture file: the global header (microsecond timestamps, LINKTYPE_ETHERNET), then each frame.
    var fileBytes: [UInt8] {
        var file: [UInt8] = []
        file.appendLittleEndian(UInt32(0xA1B2_C3D4))  // magic
        file.appendLittleEndian(UInt16(2))  // version 2.4
        file.appendLittleEndian(UInt16(4))
        file.appendLittleEndian(UInt32(0))  // thiszone
        file.appendLittleEndian(UInt32(0))  // sigfigs
        file.appendLittleEndian(UInt32(65_535))  // snaplen
        file.appendLittleEndian(UInt32(1))  // LINKTYPE_ETHERNET
        let start: UInt32 = 1_767_225_600  // 2026-01-01T00:00:00Z
        for (index, frame) in self.frames.enumerated() {
            file.appendLittleEndian(start)
            file.appendLittleEndian(UInt32(index * 1_000))  // one millisecond apart
            file.appendLittleEndian(UInt32(frame.count))
            file.appendLittleEndian(UInt32(frame.count))
            file += frame
        }
        return file
    }

    private mutating func appendSegment(from direction: Direction, flags: UInt8, payload: [UInt8]) {
        let (source, destination, sourcePort, destinationPort, sequence, acknowledgement) =
            switch direction {
            case .clientToServer:
                (
                    self.clientAddress, self.serverAddress, self.clientPort, self.serverPort, self.clientNext,
                    flags & Self.ack != 0 ? self.serverNext : 0
                )
            case .serverToClient:
                (
                    self.serverAddress, self.clientAddress, self.serverPort, self.clientPort, self.serverNext,
                    self.clientNext
                )
            }

        var tcp: [UInt8] = []
        tcp.appendBigEndian(sourcePort)
        tcp.appendBigEndian(destinationPort)
        tcp.appendBigEndian(sequence)
        tcp.appendBigEndian(acknowledgement)
        tcp.append(5 << 4)  // data offset: five 32-bit words, no options
        tcp.append(flags)
        tcp.appendBigEndian(UInt16(65_535))  // window
        tcp.appendBigEndian(UInt16(0))  // checksum, filled in below
        tcp.appendBigEndian(UInt16(0))  // urgent pointer
        tcp += payload
        // The TCP checksum covers a pseudo-header: addresses, zero, protocol 6 and the TCP length (RFC 793 §3.1).
        var pseudo = source + destination
        pseudo.append(0)
        pseudo.append(6)
        pseudo.appendBigEndian(UInt16(tcp.count))
        let tcpChecksum = Self.internetChecksum(pseudo + tcp)
        tcp[16] = UInt8(tcpChecksum >> 8)
        tcp[17] = UInt8(tcpChecksum & 0xFF)

        var ip: [UInt8] = [0x45, 0x00]  // version 4, IHL 5; DSCP 0
        ip.appendBigEndian(UInt16(20 + tcp.count))  // total length
        ip.appendBigEndian(self.identification)
        ip.appendBigEndian(UInt16(0x4000))  // don't fragment
        ip.append(64)  // TTL
        ip.append(6)  // TCP
        ip.appendBigEndian(UInt16(0))  // header checksum, filled in below
        ip += source
        ip += destination
        let ipChecksum = Self.internetChecksum(ip)
        ip[10] = UInt8(ipChecksum >> 8)
        ip[11] = UInt8(ipChecksum & 0xFF)
        self.identification &+= 1

        let clientMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]
        let serverMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02]
        let (destinationMAC, sourceMAC) = direction == .clientToServer ? (serverMAC, clientMAC) : (clientMAC, serverMAC)
        self.frames.append(destinationMAC + sourceMAC + [0x08, 0x00] + ip + tcp)
    }

    /// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { self.append(contentsOf: $0) }
    }

    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { self.append(contentsOf: $0) }
    }
}
