// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Synchronization

/// Counts the server's connections by IP address and the binds each address got wrong, and says whether a new
/// connection may stay. Time is passed in.
final class SMPPConnectionGuard: Sendable {
    private struct State {
        var total = 0
        var perIP: [String: Int] = [:]
        /// Failed binds per address in the current one-minute window: (window start, count).
        var failures: [String: (start: NIODeadline, count: Int)] = [:]
    }

    let limits: SMPPServer.Limits
    private let state = Mutex(State())
    static let window = TimeAmount.minutes(1)

    init(limits: SMPPServer.Limits) {
        self.limits = limits
    }

    /// Admits a new connection and counts it, or says why not (and counts nothing).
    func admit(_ address: String, now: NIODeadline = .now()) -> SMPPConnectionRefusal? {
        self.state.withLock { state -> SMPPConnectionRefusal? in
            if let limit = self.limits.failedBindsPerIPPerMinute, let failures = state.failures[address] {
                if now - failures.start >= Self.window {
                    state.failures[address] = nil
                } else if failures.count >= limit {
                    return .tooManyFailedBinds
                }
            }
            if let limit = self.limits.maximumConnections, state.total >= limit { return .tooManyConnections }
            let fromIP = state.perIP[address, default: 0]
            if let limit = self.limits.maximumConnectionsPerIP, fromIP >= limit { return .tooManyConnectionsFromIP }
            state.total += 1
            state.perIP[address] = fromIP + 1
            return nil
        }
    }

    /// Gives back an admitted connection's place.
    func release(_ address: String) {
        self.state.withLock { state in
            state.total -= 1
            let remaining = state.perIP[address, default: 1] - 1
            state.perIP[address] = remaining > 0 ? remaining : nil
        }
    }

    /// Counts a bind refused for bad credentials.
    func bindFailed(_ address: String, now: NIODeadline = .now()) {
        guard self.limits.failedBindsPerIPPerMinute != nil else { return }
        self.state.withLock { state in
            if let failures = state.failures[address], now - failures.start < Self.window {
                state.failures[address] = (failures.start, failures.count + 1)
            } else {
                state.failures[address] = (now, 1)
            }
            // Old entries go when the table grows: a scan of addresses is cheap next to a flood of new ones.
            if state.failures.count > 10_000 {
                state.failures = state.failures.filter { now - $0.value.start < Self.window }
            }
        }
    }

    var connectionCount: Int { self.state.withLock { $0.total } }
}
