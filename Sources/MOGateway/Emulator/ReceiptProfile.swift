// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import SMPPCore

/// What becomes of MT messages in the emulated network: which final state each reaches, and when.
///
/// Two modes:
/// - weighted, `DELIVRD=90,UNDELIV=5,EXPIRED=3,REJECTD=2`: each message draws its outcome from a seeded random
///   generator, in submission order, so the same seed and the same submissions give the same outcomes;
/// - `last-digit`: the outcome follows the destination number's last digit (``lastDigitOutcome(_:)``).
/// `ENROUTE` as an outcome means the message never reaches a final state (it stays pending, so it can be
/// queried, cancelled or replaced).
public struct ReceiptProfile: Hashable, Sendable, CustomStringConvertible {
    /// A final state and the error reported with it (receipt `err:`, the low 16 bits of network_error_code).
    public struct Outcome: Hashable, Sendable {
        public var state: MessageState
        public var error: UInt16

        public init(state: MessageState, error: UInt16 = 0) {
            self.state = state
            self.error = error
        }

        /// Whether the message stays pending for ever.
        public var isPending: Bool { self.state == .enroute }
    }

    public enum Mode: Hashable, Sendable {
        case weighted([Weighted])
        case lastDigit
    }

    public struct Weighted: Hashable, Sendable {
        public var outcome: Outcome
        public var weight: Int
    }

    public var mode: Mode
    /// The delay from submission to the final state, drawn uniformly from this range (seeded, like the outcome).
    public var delay: ClosedRange<Duration>

    public init(mode: Mode, delay: ClosedRange<Duration> = .milliseconds(100) ... .milliseconds(100)) {
        self.mode = mode
        self.delay = delay
    }

    /// Every message delivered after 100 ms.
    public static let allDelivered = ReceiptProfile(
        mode: .weighted([Weighted(outcome: Outcome(state: .delivered), weight: 1)])
    )

    /// The error each state is reported with in the weighted mode: GSM MAP causes (network type 3), 0 for success.
    static func defaultError(for state: MessageState) -> UInt16 {
        switch state {
        case .undeliverable: 1  // unknown subscriber
        case .expired: 27  // absent subscriber
        case .rejected: 11  // teleservice not provisioned
        default: 0
        }
    }

    /// The deterministic mapping, by the destination's last digit (protocol-docs/emulator.md):
    /// 0–4 DELIVRD err 000 · 5 UNDELIV err 001 · 6 EXPIRED err 027 · 7 REJECTD err 011 · 8 UNKNOWN err 000 ·
    /// 9 stays ENROUTE (never final). An address not ending in a digit is DELIVRD.
    public static func lastDigitOutcome(_ destination: String) -> Outcome {
        guard let last = destination.last, let digit = last.wholeNumberValue else {
            return Outcome(state: .delivered)
        }
        switch digit {
        case 5: return Outcome(state: .undeliverable, error: 1)
        case 6: return Outcome(state: .expired, error: 27)
        case 7: return Outcome(state: .rejected, error: 11)
        case 8: return Outcome(state: .unknown)
        case 9: return Outcome(state: .enroute)
        default: return Outcome(state: .delivered)
        }
    }

    /// Parses `last-digit` or `STAT=WEIGHT,…` (stat words of SMPP 3.4 Appendix B), and a delay of `2s`, `250ms`
    /// or `MIN-MAX` (`100ms-3s`).
    public init(parsing text: String, delay delayText: String = "100ms") throws(ParseError) {
        let delay = try Self.parseDelay(delayText)
        if text == "last-digit" {
            self.init(mode: .lastDigit, delay: delay)
            return
        }
        var entries: [Weighted] = []
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let state = MessageState(stat: pair[0].trimmingPrefix(" ")),
                let weight = Int(pair[1]), weight >= 0
            else { throw ParseError(description: "'\(item)' is not STAT=WEIGHT, e.g. DELIVRD=90") }
            entries.append(
                Weighted(outcome: Outcome(state: state, error: Self.defaultError(for: state)), weight: weight)
            )
        }
        guard entries.contains(where: { $0.weight > 0 }) else {
            throw ParseError(description: "'\(text)' gives no outcome a weight above 0")
        }
        self.init(mode: .weighted(entries), delay: delay)
    }

    static func parseDelay(_ text: String) throws(ParseError) -> ClosedRange<Duration> {
        let bounds = text.split(separator: "-", maxSplits: 1).map { Self.duration(String($0)) }
        guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, low <= high else {
            throw ParseError(description: "'\(text)' is not a delay such as 2s, 250ms or 100ms-3s")
        }
        return low...high
    }

    private static func duration(_ text: String) -> Duration? {
        if text.hasSuffix("ms"), let value = Int(text.dropLast(2)), value >= 0 { return .milliseconds(value) }
        if text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0 {
            return .milliseconds(Int(value * 1000))
        }
        if let value = Int(text), value >= 0 { return .seconds(value) }
        return nil
    }

    /// The outcome and delay for the next message to `destination`, drawing from `generator` (the same draws in
    /// either mode, so switching mode does not shift the delays).
    func decide(destination: String, using generator: inout some RandomNumberGenerator) -> (Outcome, Duration) {
        let pick = UInt64.random(in: 0...UInt64.max, using: &generator)
        let spread = self.delay.upperBound - self.delay.lowerBound
        let fraction = Double(UInt64.random(in: 0...1_000_000, using: &generator)) / 1_000_000
        let delay = self.delay.lowerBound + spread * fraction
        switch self.mode {
        case .lastDigit:
            return (Self.lastDigitOutcome(destination), delay)
        case .weighted(let entries):
            let total = UInt64(entries.reduce(0) { $0 + $1.weight })
            var ticket = pick % total
            for entry in entries {
                if ticket < UInt64(entry.weight) { return (entry.outcome, delay) }
                ticket -= UInt64(entry.weight)
            }
            preconditionFailure("the weights add up to total")
        }
    }

    public var description: String {
        switch self.mode {
        case .lastDigit: return "last-digit, delay \(self.delay)"
        case .weighted(let entries):
            return entries.map { "\($0.outcome.state)=\($0.weight)" }.joined(separator: ",") + ", delay \(self.delay)"
        }
    }

    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }
}

/// SplitMix64: a small, fast, seedable generator, so a receipt profile run with a seed repeats exactly.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
