// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Allocates `sequence_number`s (SMPP 3.4 §5.1.4) for requests a session sends.
///
/// Valid numbers run 0x00000001–0x7FFFFFFF; after the last one the generator wraps back to 1.
/// Decoding accepts any value (Kannel answers an unparseable length with sequence 0), so the
/// range is enforced here, where we choose numbers, and not on input.
public struct SequenceNumberGenerator: Hashable, Sendable {
    public static let range: ClosedRange<UInt32> = 0x0000_0001...0x7FFF_FFFF

    private var nextValue: UInt32

    public init(startingAt first: UInt32 = 1) {
        precondition(Self.range.contains(first), "sequence numbers run 1...0x7FFFFFFF")
        self.nextValue = first
    }

    /// Returns the next sequence number and advances, wrapping from 0x7FFFFFFF to 1.
    public mutating func next() -> UInt32 {
        let value = self.nextValue
        self.nextValue = value == Self.range.upperBound ? Self.range.lowerBound : value + 1
        return value
    }

    /// Whether `value` is a sequence number a request may carry.
    public static func isValid(_ value: UInt32) -> Bool { Self.range.contains(value) }
}
