// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
public import SMPPNIO
import Synchronization

/// The bound receiver and transceiver sessions that deliver_sm can go to, with how many messages each has in
/// flight, so deliveries spread over a system_id's sessions and never overfill a session's window.
public final class ESMESessions: Sendable {
    private struct Entry {
        var session: SMPPSession
        var inFlight = 0
        /// When it was last picked, so that equally busy sessions take turns.
        var lastPicked: UInt64 = 0
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var picks: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Messages in flight per session: the session's own window (outstanding deliver_sm) by default.
    let perSessionLimit: Int

    public init(perSessionLimit: Int) {
        self.perSessionLimit = max(1, perSessionLimit)
    }

    /// Adds a bound session until it closes. Transmitters take no deliver_sm and are left out.
    /// - Returns: whether it was added.
    @discardableResult
    public func add(_ session: SMPPSession, onClose: @escaping @Sendable () -> Void = {}) -> Bool {
        guard session.info.bindType != .transmitter else { return false }
        let id = session.info.id
        self.state.withLock { $0.entries[id] = Entry(session: session) }
        session.closeFuture.whenComplete { _ in
            _ = self.state.withLock { $0.entries.removeValue(forKey: id) }
            onClose()
        }
        return true
    }

    /// Takes a slot on the least busy session of `systemID` that has room; nil when none has.
    func acquire(systemID: String) -> SMPPSession? {
        self.state.withLock { state in
            let candidate = state.entries.values
                .filter { $0.session.info.systemID == systemID && $0.inFlight < self.perSessionLimit }
                .min { ($0.inFlight, $0.lastPicked) < ($1.inFlight, $1.lastPicked) }
            guard let candidate else { return nil }
            state.picks += 1
            state.entries[candidate.session.info.id]?.inFlight += 1
            state.entries[candidate.session.info.id]?.lastPicked = state.picks
            return candidate.session
        }
    }

    func release(_ session: SMPPSession) {
        self.state.withLock { state in
            if let inFlight = state.entries[session.info.id]?.inFlight {
                state.entries[session.info.id]?.inFlight = max(0, inFlight - 1)
            }
        }
    }

    /// The system_ids with at least one session bound.
    var boundSystemIDs: Set<String> {
        self.state.withLock { Set($0.entries.values.map(\.session.info.systemID)) }
    }

    /// The number of sessions that can take deliver_sm for `systemID`.
    public func count(systemID: String) -> Int {
        self.state.withLock { $0.entries.values.filter { $0.session.info.systemID == systemID }.count }
    }
}
