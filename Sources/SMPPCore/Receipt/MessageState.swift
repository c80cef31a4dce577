// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `message_state` (SMPP 3.4 §5.2.28, TLV 0x0427) and the `stat:` word of a delivery receipt (Appendix B).
///
/// An open set: SMPP 5.0 adds 0 (SCHEDULED) and 9 (SKIPPED), and carriers invent more.
public struct MessageState: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let enroute = MessageState(rawValue: 1)
    public static let delivered = MessageState(rawValue: 2)
    public static let expired = MessageState(rawValue: 3)
    public static let deleted = MessageState(rawValue: 4)
    public static let undeliverable = MessageState(rawValue: 5)
    public static let accepted = MessageState(rawValue: 6)
    public static let unknown = MessageState(rawValue: 7)
    public static let rejected = MessageState(rawValue: 8)

    /// (state, receipt word, full name) for the eight SMPP 3.4 states (Appendix B table B-2, §5.2.28).
    private static let names: [(state: MessageState, stat: String, name: String)] = [
        (.enroute, "ENROUTE", "ENROUTE"),
        (.delivered, "DELIVRD", "DELIVERED"),
        (.expired, "EXPIRED", "EXPIRED"),
        (.deleted, "DELETED", "DELETED"),
        (.undeliverable, "UNDELIV", "UNDELIVERABLE"),
        (.accepted, "ACCEPTD", "ACCEPTED"),
        (.unknown, "UNKNOWN", "UNKNOWN"),
        (.rejected, "REJECTD", "REJECTED"),
    ]

    /// The state a receipt's `stat:` word names.
    ///
    /// Accepts the seven-letter words of Appendix B (`DELIVRD`, `UNDELIV`…) and the full state names of §5.2.28
    /// (`DELIVERED`, `UNDELIVERABLE`…), which some carriers send instead, in any letter case.
    /// - Returns: `nil` for any other word.
    public init?(stat: some StringProtocol) {
        let word = String(stat).uppercased()
        guard let entry = Self.names.first(where: { $0.stat == word || $0.name == word }) else { return nil }
        self = entry.state
    }

    /// The seven-letter receipt word (`DELIVRD`), or `nil` for a value outside SMPP 3.4.
    public var stat: String? {
        Self.names.first { $0.state == self }?.stat
    }
}

extension MessageState: CustomStringConvertible {
    public var description: String {
        self.stat ?? "MessageState(\(self.rawValue))"
    }
}
