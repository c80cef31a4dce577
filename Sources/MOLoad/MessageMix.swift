// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// What traffic `mogate load` sends: a weighted choice of message kinds, made per message from its sequence number,
/// so a run's traffic is reproducible.
///
/// Written `KIND=WEIGHT,…` (`otp=70,ucs2=10,concat=10,national=10`) or as a preset name: `otp` (every message an
/// OTP, the default) or `mixed` (the weights just given).
public struct MessageMix: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// A short GSM 03.38 OTP text from an international number.
        case otp
        /// A UCS-2 text with emoji (surrogate pairs).
        case ucs2
        /// A GSM 03.38 text long enough for 2 or 3 concatenated parts (8-bit UDH).
        case concat
        /// An OTP from a national number (TON 2, `07700900…`), which the gateway normalizes to E.164.
        case national
    }

    public private(set) var weights: [(kind: Kind, weight: Int)]

    public static let otp = MessageMix(validated: [(.otp, 1)])
    public static let mixed = MessageMix(validated: [(.otp, 70), (.ucs2, 10), (.concat, 10), (.national, 10)])

    private init(validated weights: [(kind: Kind, weight: Int)]) {
        self.weights = weights
    }

    /// Parses a preset name or `KIND=WEIGHT,…`; nil when it is neither.
    public init?(_ text: String) {
        switch text {
        case "otp": self = .otp
        case "mixed": self = .mixed
        default:
            var weights: [(kind: Kind, weight: Int)] = []
            for item in text.split(separator: ",") {
                let pair = item.split(separator: "=", maxSplits: 1)
                guard let kind = Kind(rawValue: String(pair[0])) else { return nil }
                let weight = pair.count == 2 ? Int(pair[1]) : 1
                guard let weight, weight >= 0, !weights.contains(where: { $0.kind == kind }) else { return nil }
                if weight > 0 { weights.append((kind, weight)) }
            }
            guard !weights.isEmpty else { return nil }
            self.init(validated: weights)
        }
    }

    /// The kind of message number `sequence`.
    public func kind(for sequence: UInt64) -> Kind {
        let total = self.weights.reduce(0) { $0 + $1.weight }
        var pick = Int(Self.mix(sequence) % UInt64(total))
        for (kind, weight) in self.weights {
            if pick < weight { return kind }
            pick -= weight
        }
        return self.weights[0].kind
    }

    public var description: String { self.weights.map { "\($0.kind.rawValue)=\($0.weight)" }.joined(separator: ",") }

    public static func == (lhs: MessageMix, rhs: MessageMix) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.description) }

    /// SplitMix64's finalizer: spreads consecutive sequence numbers over the kinds.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
