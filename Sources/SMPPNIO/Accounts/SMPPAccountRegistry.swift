// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import SMPPCore
public import SMPPFaults
import Synchronization

/// The server's accounts, their bound sessions and their throughput, shared by every session.
///
/// With no accounts it is open: any system_id and password bind (the test-double default), unlimited.
public final class SMPPAccountRegistry: Sendable {
    private struct AccountState {
        var account: SMPPAccount
        var sessions = 0
        var bucket: TokenBucket?
    }

    private let state: Mutex<[String: AccountState]>
    /// Whether any credentials are accepted.
    public let isOpen: Bool

    public init(accounts: [SMPPAccount]) {
        let now = NIODeadline.now()
        var table: [String: AccountState] = [:]
        for account in accounts {
            table[account.systemID] = AccountState(
                account: account,
                bucket: account.messagesPerSecond.map { TokenBucket(rate: $0, burst: account.burst, now: now) }
            )
        }
        self.state = Mutex(table)
        self.isOpen = accounts.isEmpty
    }

    /// Checks a bind; on success the session holds the returned lease until it closes.
    ///
    /// Unknown system_id → `ESME_RINVSYSID`, wrong password → `ESME_RINVPASWD`; a bind type, address or session count
    /// the account does not allow → `ESME_RBINDFAIL`.
    public func authenticate(
        _ bind: Bind,
        as type: SMPPBindType,
        from remoteAddress: SocketAddress?
    )
        -> SMPPAuthentication
    {
        if self.isOpen { return .accepted(SMPPAccountLease(registry: self, systemID: bind.systemID, counted: false)) }
        return self.state.withLock { table -> SMPPAuthentication in
            guard var entry = table[bind.systemID] else { return .refused(.invalidSystemID) }
            guard constantTimeEquals(Array(bind.password.utf8), Array(entry.account.password.utf8)) else {
                return .refused(.invalidPassword)
            }
            guard entry.account.allowedBindTypes.contains(type) else { return .refused(.bindFailed) }
            if !entry.account.allowedNetworks.isEmpty {
                guard let remoteAddress, entry.account.allowedNetworks.contains(where: { $0.contains(remoteAddress) })
                else { return .refused(.bindFailed) }
            }
            if let maximum = entry.account.maximumSessions, entry.sessions >= maximum { return .refused(.bindFailed) }
            entry.sessions += 1
            table[bind.systemID] = entry
            return .accepted(SMPPAccountLease(registry: self, systemID: bind.systemID, counted: true))
        }
    }

    /// The configured account for `systemID`; nil for an unknown one (or any, when the registry is open).
    public func account(systemID: String) -> SMPPAccount? {
        self.state.withLock { $0[systemID]?.account }
    }

    /// Every configured account.
    public var allAccounts: [SMPPAccount] {
        self.state.withLock { $0.values.map(\.account) }.sorted { $0.systemID < $1.systemID }
    }

    /// The failure profile `systemID`'s account names, if any.
    public func failureProfile(systemID: String) -> FailureProfile? {
        self.state.withLock { $0[systemID]?.account.failureProfile }
    }

    /// The number of sessions bound for `systemID`.
    public func sessionCount(systemID: String) -> Int {
        self.state.withLock { $0[systemID]?.sessions ?? 0 }
    }

    fileprivate func release(systemID: String) {
        self.state.withLock { table in
            guard var entry = table[systemID] else { return }
            entry.sessions = max(0, entry.sessions - 1)
            table[systemID] = entry
        }
    }

    fileprivate func admit(systemID: String, segments: Int, now: NIODeadline) -> Bool {
        self.state.withLock { table in
            guard var entry = table[systemID], var bucket = entry.bucket else { return true }
            let admitted = bucket.take(segments, now: now)
            entry.bucket = bucket
            table[systemID] = entry
            return admitted
        }
    }
}

/// A bound session's hold on its account: its place in the session count and its share of the throughput.
public struct SMPPAccountLease: Sendable {
    fileprivate let registry: SMPPAccountRegistry
    public let systemID: String
    fileprivate let counted: Bool

    /// Whether a message of `segments` segments fits the account's throughput limit now.
    public func admit(segments: Int, now: NIODeadline = .now()) -> Bool {
        self.registry.admit(systemID: self.systemID, segments: segments, now: now)
    }

    /// Gives the session's place back. Call once, when the session closes.
    public func release() {
        if self.counted { self.registry.release(systemID: self.systemID) }
    }
}

/// The outcome of checking a bind against the accounts.
public enum SMPPAuthentication: Sendable {
    case accepted(SMPPAccountLease)
    case refused(CommandStatus)
}
