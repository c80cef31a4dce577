// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// libphonenumber's `parse` (phonenumberutil.py, `_maybe_extract_country_code` and
/// `_maybe_strip_national_prefix_carrier_code`) on digits, followed by mogate's classification.
///
/// Each step names the Python function it mirrors, so that the two can be compared line by line.
struct AddressReader {
    /// libphonenumber's shortest and longest national significant numbers.
    private static let minimumNationalLength = 2
    private static let maximumNationalLength = 17
    /// E.164 allows at most 15 digits, calling code included.
    private static let maximumE164Length = 15

    let defaultRegion: Int
    /// The number came with `+` or an IDD prefix: a number that is too short is then invalid, not a short code.
    var explicitlyInternational: Bool

    init(defaultRegion: Int, explicitlyInternational: Bool) {
        self.defaultRegion = defaultRegion
        self.explicitlyInternational = explicitlyInternational
    }

    /// Digits that start with a calling code (`+` or an IDD prefix already removed).
    mutating func international(_ digits: DigitString) -> NormalizedAddress {
        // `TOO_SHORT_AFTER_IDD`.
        guard digits.count > Self.minimumNationalLength else { return self.tooShort(region: self.defaultRegion) }
        // `_extract_country_code`: the first one to three digits that are an assigned code.
        if digits[0] != 0 {
            var code = 0
            for length in 1...3 where length <= digits.count {
                code = code * 10 + Int(digits[length - 1])
                if let region = NumberingPlan.mainRegion(callingCode: code) {
                    return self.finish(digits.dropFirst(length), region: region, scope: .callingCode)
                }
            }
        }
        return .invalid(InvalidReason(.callingCodeNotAssigned))
    }

    /// Digits after a `+` in TON 0 or 2. Like `parse`, when no calling code follows the `+`, the digits are read
    /// again for the default country's IDD prefix (`+00 44 …`).
    mutating func internationalAfterPlus(_ digits: DigitString) -> NormalizedAddress {
        let result = self.international(digits)
        guard result.invalidReason?.code == .callingCodeNotAssigned,
            let rest = self.strippingIDD(digits)
        else { return result }
        return self.international(rest)
    }

    /// TON 0 without `+`: the default country's IDD prefix, or else a national reading.
    mutating func unknown(_ digits: DigitString) -> NormalizedAddress {
        if let rest = self.strippingIDD(digits) {
            self.explicitlyInternational = true
            return self.international(rest)
        }
        return self.national(digits)
    }

    /// A national reading: `_maybe_extract_country_code` when no international prefix was found.
    mutating func national(_ digits: DigitString) -> NormalizedAddress {
        let region = NumberingPlan.regions[self.defaultRegion]
        let callingCodeLength = region.callingCodeLength
        if digits.hasPrefix(Int(region.callingCode), length: callingCodeLength) {
            // The digits may already start with the calling code: keep that reading when the number was not
            // valid before but is after, or was too long before.
            let potential = Self.strippingNationalPrefix(digits.dropFirst(callingCodeLength), region: region)
            let before = NumberingPlan.flags(of: digits, start: region.automaton) & NumberingPlan.generalPatternFlag
            let after = NumberingPlan.flags(of: potential, start: region.automaton) & NumberingPlan.generalPatternFlag
            if (before == 0 && after != 0) || Self.testLength(digits, region: region) == .tooLong {
                let main = NumberingPlan.mainRegion(callingCode: Int(region.callingCode)) ?? self.defaultRegion
                return self.finish(potential, region: main, scope: .callingCode)
            }
        }
        return self.finish(digits, region: self.defaultRegion, scope: .region)
    }

    /// What a number's shortest length is judged by: its region's plan, or (for a number that came with its calling
    /// code) the shortest of every region sharing the code, so that what a national reading gave reads back the same.
    enum LengthScope { case region, callingCode }

    /// The end of `parse`: strip the national prefix when what is left has a possible length, then classify.
    private func finish(_ national: DigitString, region index: Int, scope: LengthScope) -> NormalizedAddress {
        let region = NumberingPlan.regions[index]
        guard national.count >= Self.minimumNationalLength else { return self.tooShort(region: index) }
        var national = national
        let potential = Self.strippingNationalPrefix(national, region: region)
        switch Self.testLength(potential, region: region) {
        case .tooShort, .localOnly, .invalidLength: break
        case .possible, .tooLong: national = potential
        }
        let callingCodeLength = region.callingCodeLength
        guard national.count <= Self.maximumNationalLength,
            national.count + callingCodeLength <= Self.maximumE164Length
        else { return .invalid(InvalidReason(.tooLong)) }
        let minimum =
            scope == .region
            ? region.minimumLength : NumberingPlan.minimumLength(callingCode: Int(region.callingCode))
        if national.count < minimum { return self.tooShort(region: index) }

        // Validity is judged in the main region of the calling code, whose DFA carries the flag for all of them.
        let main = NumberingPlan.mainRegion(callingCode: Int(region.callingCode)) ?? index
        // `parse` strips a national prefix once, also after a calling code: a number it would strip again reads
        // back as another number (Belarus's 0 then 8), and libphonenumber holds neither valid.
        let again = Self.strippingNationalPrefix(national, region: NumberingPlan.regions[main])
        if again.count != national.count {
            switch Self.testLength(again, region: NumberingPlan.regions[main]) {
            case .possible, .tooLong: return .invalid(InvalidReason(.notANumberOfRegion, region: main))
            case .tooShort, .localOnly, .invalidLength: break
            }
        }
        let flags = NumberingPlan.flags(of: national, start: NumberingPlan.regions[main].automaton)
        guard flags & NumberingPlan.validFlag != 0 else {
            return .invalid(InvalidReason(.notANumberOfRegion, region: main))
        }
        var callingCode = DigitString()
        var code = Int(region.callingCode)
        var divisor = callingCodeLength == 3 ? 100 : callingCodeLength == 2 ? 10 : 1
        while divisor > 0 {
            _ = callingCode.append(UInt8(code / divisor))
            code %= divisor
            divisor /= 10
        }
        guard let full = national.prefixed(by: callingCode) else { return .invalid(InvalidReason(.tooLong)) }
        return .valid(E164Number(digits: full, callingCodeLength: callingCodeLength))
    }

    private func tooShort(region: Int) -> NormalizedAddress {
        self.explicitlyInternational ? .invalid(InvalidReason(.tooShort, region: region)) : .shortcode
    }

    /// `_parse_prefix_as_idd`: the digits after the default country's IDD prefix, unless a 0 follows it.
    private func strippingIDD(_ digits: DigitString) -> DigitString? {
        guard let program = NumberingPlan.regions[self.defaultRegion].internationalPrefix,
            let match = PrefixMatcher.match(program: program, digits: digits)
        else { return nil }
        if match.end < digits.count && digits[match.end] == 0 { return nil }
        return digits.dropFirst(match.end)
    }

    /// `_maybe_strip_national_prefix_carrier_code`.
    static func strippingNationalPrefix(_ number: DigitString, region: NumberingPlan.Region) -> DigitString {
        guard number.count > 0, let program = region.nationalPrefixForParsing,
            let match = PrefixMatcher.match(program: program, digits: number)
        else { return number }
        let viable = NumberingPlan.flags(of: number, start: region.automaton) & NumberingPlan.generalPatternFlag != 0
        let groups = Int(region.captureGroups)
        var result = number.dropFirst(match.end)
        if region.transformRule != 0, groups > 0, match.range(ofGroup: groups) != nil {
            // `re.sub(pattern, rule, number, count=1)`: the rule's digits and groups replace the matched prefix.
            var prefix = DigitString()
            let rule = region.transformRule
            for item in 0..<Int(rule & 0xF) {
                let nibble = Int((rule >> UInt32(4 + 4 * item)) & 0xF)
                if nibble < 10 {
                    _ = prefix.append(UInt8(nibble))
                } else if let range = match.range(ofGroup: nibble - 10) {
                    for index in range { _ = prefix.append(number[index]) }
                }
            }
            guard let transformed = result.prefixed(by: prefix) else { return number }
            result = transformed
        }
        if viable && NumberingPlan.flags(of: result, start: region.automaton) & NumberingPlan.generalPatternFlag == 0 {
            return number
        }
        return result
    }

    enum LengthCheck { case possible, localOnly, tooShort, tooLong, invalidLength }

    /// `_test_number_length` for the general description.
    static func testLength(_ number: DigitString, region: NumberingPlan.Region) -> LengthCheck {
        let length = number.count
        if length < 32 && region.localOnlyLengths & (1 << UInt32(length)) != 0 { return .localOnly }
        let minimum = region.possibleLengths.trailingZeroBitCount
        let maximum = 31 - region.possibleLengths.leadingZeroBitCount
        if length == minimum { return .possible }
        if length < minimum { return .tooShort }
        if length > maximum { return .tooLong }
        return region.possibleLengths & (1 << UInt32(length)) != 0 ? .possible : .invalidLength
    }
}
