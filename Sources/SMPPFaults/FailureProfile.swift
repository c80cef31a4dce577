// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import SMPPCore

/// What a session does wrong on purpose, and how often: a carrier's bad day, replayable from its seed.
///
/// Written in YAML (see `protocol-docs/failure-profiles.md`) or taken from a preset (``preset(named:)``).
/// A profile is a value; ``FaultInjector`` turns it into one seeded ``FaultSession`` per bound session.
public struct FailureProfile: Hashable, Sendable {
    /// The preset name or file it came from, for logs.
    public var name: String
    public var seed: UInt64 = 0
    /// The delay before every response the profile covers, unless ``commandLatency`` names the command.
    public var latency: LatencyDistribution?
    public var commandLatency: [CommandID: LatencyDistribution] = [:]
    /// The longest delay any sample may give (default one hour).
    public var latencyCap: TimeAmount?
    /// Shares of submit_sm, deliver_sm and data_sm answered with an error status instead of being handed on.
    public var errors: [StatusShare] = []
    /// Per-command shares that replace ``errors`` for that command.
    public var commandErrors: [CommandID: [StatusShare]] = [:]
    /// The share of submit_sm, deliver_sm and data_sm never answered (and not handed on).
    public var noResponse: Double = 0
    public var bind = BindRefusal()
    public var disconnect: Disconnect?
    public var enquireLink = EnquireLinkSilence()
    public var throughput: Throughput?
    /// Shares of responses sent broken on the wire.
    public var edgeCases: [EdgeCaseShare] = []

    public init(name: String) {
        self.name = name
    }

    /// The commands error shares, no-response and edge cases apply to: the ones that carry a message.
    public static let messageCommands: Set<CommandID> = [.submitSM, .deliverSM, .dataSM]

    public struct StatusShare: Hashable, Sendable {
        public var status: CommandStatus
        /// 0…1.
        public var share: Double

        public init(status: CommandStatus, share: Double) {
            self.status = status
            self.share = share
        }
    }

    /// What happens to a bind the accounts accepted: refused for a share of them, and its response (either way)
    /// sent after a delay, to try a client's bind timeout.
    public struct BindRefusal: Hashable, Sendable {
        /// The share of bind attempts refused (after the account accepted the credentials).
        public var share: Double = 0
        public var status: CommandStatus = .bindFailed
        /// The delay before the bind response, refusal or not; nil answers at once.
        public var delay: LatencyDistribution?

        public init(share: Double = 0, status: CommandStatus = .bindFailed, delay: LatencyDistribution? = nil) {
            self.share = share
            self.status = status
            self.delay = delay
        }
    }

    /// Ending the session on schedule: after the peer's Nth request, or T after the bind, whichever is first.
    public struct Disconnect: Hashable, Sendable {
        public var afterRequests: Int?
        public var after: TimeAmount?
        /// Send unbind (and let requests in flight be answered) rather than drop the TCP connection.
        public var unbind: Bool = false

        public init(afterRequests: Int? = nil, after: TimeAmount? = nil, unbind: Bool = false) {
            self.afterRequests = afterRequests
            self.after = after
            self.unbind = unbind
        }
    }

    public struct EnquireLinkSilence: Hashable, Sendable {
        /// Stop answering the peer's enquire_link this long after the bind; nil answers them all.
        public var silentAfter: TimeAmount?

        public init(silentAfter: TimeAmount? = nil) {
            self.silentAfter = silentAfter
        }
    }

    /// A per-session cap on submit_sm, deliver_sm and data_sm per second.
    public struct Throughput: Hashable, Sendable {
        public enum Mode: String, Hashable, Sendable {
            /// Above the cap, answer `ESME_RTHROTTLED` (the request is not handed on).
            case reject
            /// Above the cap, hold responses so that they leave at the capped rate.
            case delay
        }

        public var rate: Double
        /// Requests that may go at once above the rate (at least 1).
        public var burst: Int
        public var mode: Mode

        public init(rate: Double, burst: Int = 1, mode: Mode = .reject) {
            self.rate = rate
            self.burst = max(1, burst)
            self.mode = mode
        }
    }

    public struct EdgeCaseShare: Hashable, Sendable {
        public var edgeCase: FaultEdgeCase
        public var share: Double

        public init(edgeCase: FaultEdgeCase, share: Double) {
            self.edgeCase = edgeCase
            self.share = share
        }
    }

    /// Whether the profile can change anything at all; `healthy` cannot.
    public var isInert: Bool {
        self.latency == nil && self.commandLatency.isEmpty && self.errors.isEmpty && self.commandErrors.isEmpty
            && self.noResponse == 0 && self.bind.share == 0 && self.bind.delay == nil && self.disconnect == nil
            && self.enquireLink.silentAfter == nil && self.throughput == nil && self.edgeCases.isEmpty
    }
}
