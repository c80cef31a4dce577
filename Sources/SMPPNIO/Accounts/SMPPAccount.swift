// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import SMPPFaults

/// A peer allowed to bind to the server.
public struct SMPPAccount: Hashable, Sendable, CustomStringConvertible {
    public var systemID: String
    /// Compared in constant time; never logged.
    public var password: String
    public var allowedBindTypes: Set<SMPPBindType>
    /// The networks the peer may connect from; empty allows any.
    public var allowedNetworks: [IPNetwork]
    /// The most sessions bound at once; nil is unlimited.
    public var maximumSessions: Int?
    /// Messages per second over all the account's sessions; a long message counts each segment. nil is unlimited.
    public var messagesPerSecond: Double?
    /// Segments that may go at once above the rate; nil is one second's worth (at least 1).
    public var burst: Int?
    /// Routing, loopback and MT options for the carrier emulator.
    public var emulation = SMPPAccountEmulation()
    /// The failure profile this account's sessions run under, over the server's default; nil keeps the default.
    public var failureProfile: FailureProfile?

    public init(
        systemID: String,
        password: String,
        allowedBindTypes: Set<SMPPBindType> = Set(SMPPBindType.allCases),
        allowedNetworks: [IPNetwork] = [],
        maximumSessions: Int? = nil,
        messagesPerSecond: Double? = nil,
        burst: Int? = nil
    ) {
        self.systemID = systemID
        self.password = password
        self.allowedBindTypes = allowedBindTypes
        self.allowedNetworks = allowedNetworks
        self.maximumSessions = maximumSessions
        self.messagesPerSecond = messagesPerSecond
        self.burst = burst
    }

    /// Parses `SYSTEM_ID:PASSWORD`, the form `--account` takes.
    public init?(credentials: String) {
        guard let colon = credentials.firstIndex(of: ":") else { return nil }
        let systemID = String(credentials[..<colon])
        let password = String(credentials[credentials.index(after: colon)...])
        guard !systemID.isEmpty, systemID.utf8.count <= 15, password.utf8.count <= 8 else { return nil }
        self.init(systemID: systemID, password: password)
    }

    public var description: String { "SMPPAccount(\(self.systemID), password: <redacted>)" }
}

/// Compares two byte strings in time that depends only on their lengths, so a bind cannot probe a password
/// one byte at a time.
@inline(never)
func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    let left = Array(lhs)
    let right = Array(rhs)
    let length = max(left.count, right.count)
    var difference = UInt(bitPattern: left.count ^ right.count)
    for index in 0..<length {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= UInt(a ^ b)
    }
    return difference == 0
}
