// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `addr_ton`: how to read the digits of an address (SMPP 3.4 §5.2.5).
///
/// An open set: values 7 and above are reserved by the spec but do arrive from real peers, and are read like
/// ``unknown``.
public struct TypeOfNumber: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 0: the digits may be international (`+`, an IDD prefix, the calling code) or national.
    public static let unknown = TypeOfNumber(rawValue: 0)
    /// 1: the digits start with the calling code.
    public static let international = TypeOfNumber(rawValue: 1)
    /// 2: a national number, possibly with the trunk prefix.
    public static let national = TypeOfNumber(rawValue: 2)
    /// 3: a network-specific number: a short code.
    public static let networkSpecific = TypeOfNumber(rawValue: 3)
    /// 4: a subscriber number; read like ``unknown``.
    public static let subscriberNumber = TypeOfNumber(rawValue: 4)
    /// 5: an alphanumeric sender such as `MyBank`.
    public static let alphanumeric = TypeOfNumber(rawValue: 5)
    /// 6: an abbreviated number: a short code.
    public static let abbreviated = TypeOfNumber(rawValue: 6)

    public var description: String { String(self.rawValue) }
}
