// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// One end of a captured TCP connection: an IPv4 (4 octets) or IPv6 (16 octets) address and a port.
public struct CaptureEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: [UInt8]
    public var port: UInt16

    public init(address: [UInt8], port: UInt16) {
        precondition(address.count == 4 || address.count == 16, "an IPv4 or IPv6 address")
        self.address = address
        self.port = port
    }

    /// The endpoint of a socket address; nil for Unix domain sockets, which have no IP header to synthesize.
    init?(_ socketAddress: SocketAddress?) {
        guard let socketAddress, let port = socketAddress.port else { return nil }
        // The address octets, in network order, at their offsets in sockaddr_in (4) and sockaddr_in6 (8).
        let range: Range<Int>
        switch socketAddress {
        case .v4: range = 4..<8
        case .v6: range = 8..<24
        case .unixDomainSocket: return nil
        }
        let address = socketAddress.withSockAddr { pointer, size in
            Array(UnsafeRawBufferPointer(start: pointer, count: size)[range])
        }
        self.init(address: address, port: UInt16(port))
    }

    public var isIPv6: Bool { self.address.count == 16 }

    /// `127.0.0.1:2775`, or `[::1]:2775` for IPv6.
    public var description: String {
        let packed = ByteBuffer(bytes: self.address)
        let address = try? SocketAddress(packedIPAddress: packed, port: Int(self.port))
        let host = address?.ipAddress ?? self.address.map { String($0) }.joined(separator: ".")
        return self.isIPv6 ? "[\(host)]:\(self.port)" : "\(host):\(self.port)"
    }
}

/// One synthesized TCP segment of a capture, in the order it happened.
struct CaptureSegment: Sendable {
    /// Wall-clock time: seconds and microseconds since 1970.
    var seconds: UInt32
    var microseconds: UInt32
    var source: CaptureEndpoint
    var destination: CaptureEndpoint
    var sequenceNumber: UInt32
    var acknowledgmentNumber: UInt32
    var flags: TCPFlags
    var payload: ByteBuffer

    struct TCPFlags: OptionSet, Sendable {
        var rawValue: UInt8
        static let fin = TCPFlags(rawValue: 0x01)
        static let syn = TCPFlags(rawValue: 0x02)
        static let push = TCPFlags(rawValue: 0x08)
        static let ack = TCPFlags(rawValue: 0x10)
    }
}
