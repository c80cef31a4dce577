// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `::1/128`), for account allow-lists.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network address, 4 or 16 octets, with the host bits cleared.
    public let address: [UInt8]
    public let prefixLength: Int

    /// Parses `ADDRESS/PREFIX`, or a bare address as a single host.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let octets = Self.octets(of: String(first)) else { return nil }
        let bits = octets.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        self.address = Self.masked(octets, prefixLength: prefix)
        self.prefixLength = prefix
    }

    /// Whether `socketAddress` lies in this network. An IPv4-mapped IPv6 address matches its IPv4 network.
    public func contains(_ socketAddress: SocketAddress) -> Bool {
        guard var octets = Self.octets(of: socketAddress) else { return false }
        if octets.count == 16, self.address.count == 4, octets[0..<10].allSatisfy({ $0 == 0 }),
            octets[10] == 0xFF, octets[11] == 0xFF
        {
            octets = Array(octets[12...])
        }
        guard octets.count == self.address.count else { return false }
        return Self.masked(octets, prefixLength: self.prefixLength) == self.address
    }

    public var description: String {
        let host = try? SocketAddress(packedIPAddress: ByteBuffer(bytes: self.address), port: 0).ipAddress
        return "\((host ?? nil) ?? "?")/\(self.prefixLength)"
    }

    private static func masked(_ octets: [UInt8], prefixLength: Int) -> [UInt8] {
        var result = octets
        for index in result.indices {
            let kept = min(max(prefixLength - index * 8, 0), 8)
            result[index] &= kept == 0 ? 0 : ~UInt8(0) << (8 - kept)
        }
        return result
    }

    private static func octets(of text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }

    private static func octets(of address: SocketAddress) -> [UInt8]? {
        address.ipAddress.flatMap { Self.octets(of: $0) }
    }
}
