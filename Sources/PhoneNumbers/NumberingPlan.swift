// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// libphonenumber's numbering-plan metadata, compiled by `scripts/phonenumbers/gen_metadata.py` into
/// `Generated/NumberingPlanData.swift`.
///
/// Regular expressions would be too slow and would allocate on every address, so the generator turns them into
/// two cheap forms: a DFA over digits for the full-match patterns (``transitions``, ``flags``), and code for a tiny
/// backtracking matcher (``code``) for the prefix patterns whose capture groups and leftmost-first semantics matter
/// (see ``PrefixMatcher``).
enum NumberingPlan {
    /// One region (or non-geographic entity) of libphonenumber's metadata.
    struct Region: Sendable {
        /// ISO 3166-1 alpha-2 code, or `001` for a non-geographic entity.
        var code: StaticString
        var callingCode: UInt16
        /// Matcher code for `international_prefix` (the IDD prefix), if any.
        var internationalPrefix: UInt16?
        /// Matcher code for `national_prefix_for_parsing`, if any.
        var nationalPrefixForParsing: UInt16?
        /// Capture groups in `national_prefix_for_parsing`.
        var captureGroups: UInt8
        /// `national_prefix_transform_rule`: a 4-bit count, then per item a nibble: a digit, or 10 + n for group n.
        var transformRule: UInt32
        /// Bit n set: n digits is a possible length of the general description.
        var possibleLengths: UInt32
        /// Bit n set: n digits can only be dialled locally.
        var localOnlyLengths: UInt32
        /// Start state of the region's DFA.
        var automaton: UInt16

        init(
            _ code: StaticString,
            _ callingCode: UInt16,
            idd: UInt16?,
            npfp: UInt16?,
            groups: UInt8,
            transform: UInt32,
            lengths: UInt32,
            local: UInt32,
            dfa: UInt16
        ) {
            self.code = code
            self.callingCode = callingCode
            self.internationalPrefix = idd
            self.nationalPrefixForParsing = npfp
            self.captureGroups = groups
            self.transformRule = transform
            self.possibleLengths = lengths
            self.localOnlyLengths = local
            self.automaton = dfa
        }

        /// The shortest possible length of a (not local-only) number.
        var minimumLength: Int { self.possibleLengths.trailingZeroBitCount }

        /// The number of digits of ``callingCode``.
        var callingCodeLength: Int { self.callingCode < 10 ? 1 : self.callingCode < 100 ? 2 : 3 }
    }

    /// DFA flag: the general description's national number pattern matches the whole number.
    static let generalPatternFlag: UInt8 = 1
    /// DFA flag: some region of the calling code matches by pattern and possible length (on main regions only).
    static let validFlag: UInt8 = 2

    /// The index in ``regions`` of the main region of `callingCode`, or nil when the code is not assigned.
    @inline(__always)
    static func mainRegion(callingCode: Int) -> Int? {
        let entry = Self.callingCodes[callingCode]
        return entry == 0 ? nil : Int(entry) - 1
    }

    /// The shortest possible length of any region sharing `callingCode`.
    static func minimumLength(callingCode: Int) -> Int {
        Int(Self.minimumLengths[callingCode])
    }

    private static let minimumLengths: [UInt8] = {
        var result = [UInt8](repeating: .max, count: 1000)
        for region in Self.regions {
            let code = Int(region.callingCode)
            result[code] = min(result[code], UInt8(region.minimumLength))
        }
        return result
    }()

    /// Runs `digits` through the DFA from `start` and returns the flags of the state it ends in.
    @inline(__always)
    static func flags(of digits: DigitString, start: UInt16) -> UInt8 {
        var state = Int(start)
        for index in 0..<digits.count {
            state = Int(Self.transitions[state &* 10 &+ Int(digits[index])])
            if state == 0 { return 0 }
        }
        return Self.flags[state]
    }
}
