// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import SMPPCore

/// One session's decisions: a plain value that draws from its own seeded stream and performs no I/O.
///
/// Every decision draws a fixed number of uniforms (bind 1; submit_sm, deliver_sm, data_sm 4; any other request
/// 2; enquire_link 2), whatever it decides, so the Nth message of a session always meets the same draws.
/// The throughput cap and the timed triggers depend on arrival times, and draw nothing.
public struct FaultSession: Sendable {
    public let profile: FailureProfile
    public let systemID: String
    /// The how-many-th session of `systemID` this is (from 0), which seeds its stream with the profile's seed.
    public let ordinal: UInt64
    public let startedAt: NIODeadline
    private var random: FaultRandom
    private var requests = 0
    /// A scheduled disconnect has fired; it fires once.
    public private(set) var disconnectFired = false
    /// The session dropped its connection on purpose: later requests in the same read are ignored.
    public var connectionDropped = false
    /// The throughput cap's theoretical arrival time (GCRA).
    private var nextSlot: NIODeadline?

    public init(profile: FailureProfile, systemID: String, ordinal: UInt64, now: NIODeadline = .now()) {
        self.profile = profile
        self.systemID = systemID
        self.ordinal = ordinal
        self.startedAt = now
        self.random = FaultRandom(seed: profile.seed, systemID: systemID, ordinal: ordinal)
    }

    // MARK: Bind

    /// The status to refuse this bind with, or nil to let it through.
    public mutating func bindAttempted() -> CommandStatus? {
        let draw = self.random.unit()
        return draw < self.profile.bind.share ? self.profile.bind.status : nil
    }

    /// How long to hold the bind response back. Draws only when the profile sets a bind delay, so that profiles
    /// without one replay as before.
    public mutating func bindResponseDelay() -> TimeAmount {
        guard let distribution = self.profile.bind.delay else { return .zero }
        return distribution.sample(&self.random, cap: self.profile.latencyCap)
    }

    // MARK: Requests

    public enum Outcome: Hashable, Sendable {
        /// Hand the request on and answer with what the handler says.
        case pass
        /// Answer with this status without handing the request on.
        case error(CommandStatus)
        /// The throughput cap refused it: answer `ESME_RTHROTTLED` without handing it on.
        case throttled
        /// Never answer, and do not hand it on.
        case noResponse
    }

    public struct Decision: Hashable, Sendable {
        public var outcome: Outcome = .pass
        /// How long to hold the response.
        public var delay: TimeAmount = .zero
        /// The part of `delay` the throughput cap added.
        public var throughputDelay: TimeAmount = .zero
        public var edgeCase: FaultEdgeCase?

        public static let pass = Decision()

        /// The status the response carries in place of the handler's, if any.
        public var injectedStatus: CommandStatus? {
            switch self.outcome {
            case .error(let status): status
            case .throttled: .throttled
            case .pass, .noResponse: nil
            }
        }
    }

    /// A request (other than bind, unbind and enquire_link) arrived while bound.
    public mutating func requestReceived(_ commandID: CommandID, now: NIODeadline = .now()) -> Decision {
        guard FailureProfile.messageCommands.contains(commandID) else {
            return Decision(delay: self.sampleLatency(commandID))
        }
        let outcomeDraw = self.random.unit()
        var decision = Decision(delay: self.sampleLatency(commandID))
        let edgeDraw = self.random.unit()

        var cumulative = self.profile.noResponse
        if outcomeDraw < cumulative {
            decision.outcome = .noResponse
        } else {
            for share in self.profile.commandErrors[commandID] ?? self.profile.errors {
                cumulative += share.share
                if outcomeDraw < cumulative {
                    decision.outcome = .error(share.status)
                    break
                }
            }
        }
        cumulative = 0
        for share in self.profile.edgeCases {
            cumulative += share.share
            if edgeDraw < cumulative {
                decision.edgeCase = share.edgeCase
                break
            }
        }
        if decision.outcome == .pass, let throughput = self.profile.throughput {
            self.applyThroughput(throughput, to: &decision, now: now)
        }
        if decision.outcome == .noResponse { decision.edgeCase = nil }
        return decision
    }

    private mutating func applyThroughput(
        _ cap: FailureProfile.Throughput,
        to decision: inout Decision,
        now: NIODeadline
    ) {
        let interval = TimeAmount.nanoseconds(Int64(1e9 / cap.rate))
        let slot = max(self.nextSlot ?? now, now)
        switch cap.mode {
        case .reject:
            // GCRA: conforming while the backlog is within the burst.
            if slot + interval - now > interval * Int64(cap.burst) {
                decision.outcome = .throttled
            } else {
                self.nextSlot = slot + interval
            }
        case .delay:
            self.nextSlot = slot + interval
            let release = slot + interval - interval * Int64(cap.burst)
            let wait = release - now
            if wait > decision.delay {
                decision.throughputDelay = wait - decision.delay
                decision.delay = wait
            }
        }
    }

    private mutating func sampleLatency(_ commandID: CommandID) -> TimeAmount {
        let distribution = self.profile.commandLatency[commandID] ?? self.profile.latency ?? .fixed(.zero)
        return distribution.sample(&self.random, cap: self.profile.latencyCap)
    }

    // MARK: Keep-alive

    public enum OnEnquireLink: Hashable, Sendable {
        case answer(after: TimeAmount)
        case ignore
    }

    public mutating func enquireLinkReceived(now: NIODeadline = .now()) -> OnEnquireLink {
        let delay = self.sampleLatency(.enquireLink)
        if let silentAfter = self.profile.enquireLink.silentAfter, now >= self.startedAt + silentAfter {
            return .ignore
        }
        return .answer(after: delay)
    }

    // MARK: Scheduled disconnects

    public enum OnDisconnect: Hashable, Sendable {
        /// Drop this request unanswered and close the connection.
        case close
        /// Handle this request, then unbind.
        case unbind
    }

    /// Counts a request from the peer (anything but unbind); says whether the session ends with it.
    public mutating func countRequest() -> OnDisconnect? {
        self.requests += 1
        guard !self.disconnectFired, let disconnect = self.profile.disconnect, let limit = disconnect.afterRequests,
            self.requests >= limit
        else { return nil }
        self.disconnectFired = true
        return disconnect.unbind ? .unbind : .close
    }

    /// The timer's question: whether the session's time is up.
    public mutating func disconnectDue(now: NIODeadline) -> OnDisconnect? {
        guard !self.disconnectFired, let disconnect = self.profile.disconnect, let after = disconnect.after,
            now >= self.startedAt + after
        else { return nil }
        self.disconnectFired = true
        return disconnect.unbind ? .unbind : .close
    }
}
