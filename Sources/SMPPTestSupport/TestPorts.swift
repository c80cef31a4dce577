// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TCP ports for tests that must name a port before a process listens on it (a child process, a built-in URL).
///
/// "Bind port 0, read it, close it" hands out a port from the kernel's ephemeral range, where any outgoing
/// connection of a parallel test may take it as its source port before the process under test binds it: that
/// was `Address already in use` under load. These come from below that range (20000–32767), are checked to be
/// free on every interface, and are never handed out twice by one test process.
public enum TestPorts {
    private static let handedOut = Mutex<Set<Int>>([])

    public static func free() -> Int {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let port = Int.random(in: 20_000...32_767, using: &generator)
            let fresh = Self.handedOut.withLock { $0.insert(port).inserted }
            if fresh, Self.isFree(port) { return port }
        }
        preconditionFailure("no free TCP port found in 20000...32767")
    }

    /// Whether `port` can be bound on 0.0.0.0 now (as `mogate serve` binds it).
    static func isFree(_ port: Int) -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = INADDR_ANY
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }

    /// A port on 127.0.0.1 that refuses connections for as long as the value lives: bound, never listening, so no
    /// other test can take it meanwhile (a port freed by closing a listener was taken by a parallel test).
    public final class Refusing: Sendable {
        public let port: Int
        private let descriptor: Int32

        public init() {
            #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            precondition(fd >= 0, "socket() failed")
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
                }
            }
            precondition(bound, "bind() to 127.0.0.1:0 failed")
            self.descriptor = fd
            self.port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(self.descriptor) }
    }
}
