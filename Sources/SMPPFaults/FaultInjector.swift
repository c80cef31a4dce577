// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
import Synchronization

/// Hands each bound session its ``FaultSession``: shared by every session of a server (or of a route).
///
/// Sessions are numbered per system_id in the order their binds arrive (0, 1, 2, …), and that number seeds the
/// session's stream together with the profile's seed. Binds made one after another replay exactly; binds racing
/// each other may swap numbers.
public final class FaultInjector: Sendable {
    /// The profile of sessions that have none of their own (no account or route profile).
    public let defaultProfile: FailureProfile?
    private let ordinals = Mutex<[String: UInt64]>([:])

    public init(defaultProfile: FailureProfile? = nil) {
        self.defaultProfile = defaultProfile
    }

    /// A session for `systemID` under `profile` (or the default); nil when nothing would be injected.
    public func session(systemID: String, profile: FailureProfile? = nil, now: NIODeadline = .now()) -> FaultSession? {
        guard let profile = profile ?? self.defaultProfile, !profile.isInert else { return nil }
        let ordinal = self.ordinals.withLock { table -> UInt64 in
            defer { table[systemID, default: 0] += 1 }
            return table[systemID, default: 0]
        }
        return FaultSession(profile: profile, systemID: systemID, ordinal: ordinal, now: now)
    }
}
