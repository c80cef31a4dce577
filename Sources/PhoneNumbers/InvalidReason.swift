// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Why an address is not a valid MSISDN. ``description`` says it in words, without the number itself.
public struct InvalidReason: Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem; an open set, so that new checks can be added.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        /// Nothing but separators, or nothing at all.
        public static let empty = Code(rawValue: 1)
        /// A character other than a digit, a leading `+` or a separator (space, `-`, `.`, `(`, `)`).
        public static let nonDigit = Code(rawValue: 2)
        /// More than 15 digits in the E.164 form (or too many digits to read at all).
        public static let tooLong = Code(rawValue: 3)
        /// An explicitly international number too short for its country.
        public static let tooShort = Code(rawValue: 4)
        /// No assigned country calling code where one must be.
        public static let callingCodeNotAssigned = Code(rawValue: 5)
        /// The number has a possible-looking shape but is no number of its country (length or pattern).
        public static let notANumberOfRegion = Code(rawValue: 6)
    }

    public var code: Code
    /// The offending character, for ``Code/nonDigit``.
    var character: UInt8 = 0
    /// The region the number was read in, for ``Code/tooShort`` and ``Code/notANumberOfRegion``.
    var region: Int = 0

    init(_ code: Code, character: UInt8 = 0, region: Int = 0) {
        self.code = code
        self.character = character
        self.region = region
    }

    public var description: String {
        switch self.code {
        case .empty:
            return "empty address"
        case .nonDigit:
            if self.character >= 0x20 && self.character < 0x7F {
                return "'\(Character(Unicode.Scalar(self.character)))' is not a digit"
            }
            let hex = String(self.character, radix: 16, uppercase: true)
            return "byte 0x\(self.character < 0x10 ? "0" : "")\(hex) is not a digit"
        case .tooLong:
            return "more than 15 digits"
        case .tooShort:
            return "too short for \(Self.regionName(self.region))"
        case .callingCodeNotAssigned:
            return "no assigned country calling code"
        case .notANumberOfRegion:
            return "not a valid number for \(Self.regionName(self.region))"
        default:
            return "invalid (code \(self.code.rawValue))"
        }
    }

    /// `GB (+44)`, or `+800` for a non-geographic entity.
    private static func regionName(_ index: Int) -> String {
        let region = NumberingPlan.regions[index]
        let code = region.code.utf8CodeUnitCount == 2 ? "\(region.code) " : ""
        return code.isEmpty ? "+\(region.callingCode)" : "\(code)(+\(region.callingCode))"
    }
}
