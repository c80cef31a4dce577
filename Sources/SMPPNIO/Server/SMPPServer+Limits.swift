// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension SMPPServer {
    /// Limits on who may hold a connection. A connection over a limit is closed as soon as it is accepted, before any
    /// PDU is read: nothing is buffered or decoded for it. nil turns a limit off.
    public struct Limits: Sendable, Hashable {
        /// Connections open at once, bound or not.
        public var maximumConnections: Int? = 10_000
        /// Connections open at once from one IP address.
        public var maximumConnectionsPerIP: Int? = 100
        /// Binds refused for bad credentials (ESME_RINVSYSID, ESME_RINVPASWD) from one IP address within a minute,
        /// after which that address's connections are refused until the minute has passed.
        public var failedBindsPerIPPerMinute: Int? = 10
        /// The bytes a connection may have queued for writing before the session stops reading from it (the write
        /// buffer's high watermark): a peer that never reads its responses stalls itself, not the server's memory.
        public var maximumBufferedBytes: Int = 256 * 1024

        public init() {}
    }
}

/// Why a connection was refused on accept.
enum SMPPConnectionRefusal: String, Sendable, CustomStringConvertible {
    case tooManyConnections = "maximum connections reached"
    case tooManyConnectionsFromIP = "maximum connections from this address reached"
    case tooManyFailedBinds = "too many failed binds from this address in the last minute"

    var description: String { self.rawValue }
}
