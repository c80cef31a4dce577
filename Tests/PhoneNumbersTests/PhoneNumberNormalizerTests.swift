// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import PhoneNumbers
import Testing

/// The E.164 string of `address` read in `region`, or a description of what it is instead.
private func read(_ address: String, ton: UInt8, in region: String) -> String {
    let result = PhoneNumberNormalizer(defaultRegion: RegionCode(region)!).normalize(
        address,
        ton: TypeOfNumber(rawValue: ton)
    )
    if let e164 = result.e164 { return e164.description }
    if let reason = result.invalidReason { return "invalid: \(reason)" }
    return "\(result.kind)"
}

@Suite struct PhoneNumberNormalizerTests {
    @Test(
        "the shapes of issue 4 all give +447700900123",
        arguments: [
            ("447700900123", 1), ("+447700900123", 1), ("00447700900123", 1), ("07700900123", 2),
            ("00447700900123", 0), ("+447700900123", 0), ("07700900123", 0), ("447700900123", 0),
            ("+44 (0)7700 900-123", 0), ("07700.900.123", 2),
        ] as [(String, UInt8)]
    )
    func issueShapes(address: String, ton: UInt8) {
        #expect(read(address, ton: ton, in: "GB") == "+447700900123")
    }

    @Test("trunk prefixes follow the metadata: Italy keeps its 0, Argentina's mobile 15 becomes 9")
    func trunkPrefixes() {
        #expect(read("0612345678", ton: 2, in: "IT") == "+390612345678")
        #expect(read("3123456789", ton: 2, in: "IT") == "+393123456789")
        #expect(read("01115 2345 6789", ton: 2, in: "AR") == "+5491123456789")
        #expect(read("0111523456789", ton: 0, in: "AR") == "+5491123456789")
        #expect(read("89123456789", ton: 2, in: "RU") == "+79123456789")
        #expect(read("81079123456789", ton: 0, in: "RU") == "+79123456789")
        #expect(read("12015550123", ton: 2, in: "US") == "+12015550123")
        #expect(read("01144 7700 900123", ton: 0, in: "US") == "+447700900123")
        // A NANP territory's seven-digit local number gets its area code from the transform rule.
        #expect(read("4601234", ton: 2, in: "AG") == "+12684601234")
    }

    @Test("digits that start with the calling code are read as international only when that reading is valid")
    func callingCodeHeuristic() {
        #expect(read("79123456789", ton: 0, in: "RU") == "+79123456789")
        #expect(read("33612345678", ton: 0, in: "FR") == "+33612345678")
        #expect(read("5491123456789", ton: 0, in: "AR") == "+5491123456789")
        // Berlin's 030 123456 without its trunk 0 is a valid German number, so the national reading wins.
        #expect(read("4930123456", ton: 0, in: "DE") == "+4930123456")
        #expect(read("3906123456", ton: 0, in: "IT") == "+393906123456")
    }

    @Test("TON 4 and reserved TONs read like TON 0; TON 1 tolerates + and 00 together")
    func otherTONs() {
        #expect(read("07700900123", ton: 4, in: "GB") == "+447700900123")
        #expect(read("00447700900123", ton: 9, in: "GB") == "+447700900123")
        #expect(read("+00 44 7700 900123", ton: 1, in: "GB") == "+447700900123")
        #expect(read("+00 44 7700 900123", ton: 0, in: "GB") == "+447700900123")
    }

    @Test("TON 5 is alphanumeric, TON 3 and 6 are short codes, whatever the text")
    func passThrough() {
        #expect(read("MyBank", ton: 5, in: "GB") == "alphanumeric")
        #expect(read("447700900123", ton: 5, in: "GB") == "alphanumeric")
        #expect(read("12345", ton: 3, in: "GB") == "shortcode")
        #expect(read("80080", ton: 6, in: "US") == "shortcode")
        let result = PhoneNumberNormalizer(defaultRegion: RegionCode("GB")!).normalize("MyBank", ton: .alphanumeric)
        #expect(!result.isValid && result.e164 == nil && result.invalidReason == nil)
    }

    @Test("numbers too short for a subscriber number of their country are short codes unless written with +")
    func shortByLength() {
        #expect(read("12345", ton: 0, in: "GB") == "shortcode")
        #expect(read("12345", ton: 1, in: "GB") == "shortcode")
        #expect(read("7726", ton: 2, in: "US") == "shortcode")
        #expect(read("+4412345", ton: 0, in: "GB") == "invalid: too short for GB (+44)")
    }

    @Test("invalid addresses say why")
    func invalidReasons() {
        #expect(read("", ton: 0, in: "GB") == "invalid: empty address")
        #expect(read(" - ", ton: 1, in: "GB") == "invalid: empty address")
        #expect(read("4477009001x3", ton: 1, in: "GB") == "invalid: 'x' is not a digit")
        #expect(read("44+7700900123", ton: 1, in: "GB") == "invalid: '+' is not a digit")
        #expect(read("4477009001234567", ton: 1, in: "GB") == "invalid: more than 15 digits")
        #expect(read(String(repeating: "1", count: 40), ton: 0, in: "GB") == "invalid: more than 15 digits")
        #expect(read("+999123456789", ton: 0, in: "GB") == "invalid: no assigned country calling code")
        #expect(read("0447700900123", ton: 1, in: "GB") == "invalid: no assigned country calling code")
        #expect(read("+44 6123 456789", ton: 0, in: "GB") == "invalid: not a valid number for GB (+44)")
        #expect(read("+800 1234 5678 9", ton: 1, in: "GB") == "invalid: not a valid number for +800")
    }

    @Test("octets and strings give the same result; the E.164 value renders with and without allocation")
    func octetsAndE164() throws {
        let normalizer = PhoneNumberNormalizer(defaultRegion: try #require(RegionCode("gb")))
        let bytes: [UInt8] = Array("07700900123".utf8)
        let fromBytes = normalizer.normalize(octets: bytes, ton: .national)
        let fromRaw = bytes.withUnsafeBytes { normalizer.normalize(octets: $0, ton: .national) }
        let fromString = normalizer.normalize("07700900123", ton: .national)
        #expect(fromBytes == fromString && fromRaw == fromString)
        let e164 = try #require(fromString.e164)
        #expect(e164.callingCode == 44)
        #expect(e164.count == 12)
        #expect(e164.withUTF8 { Array($0) } == Array("+447700900123".utf8))
        #expect(fromString.kind == .msisdn && fromString.isValid)
    }

    @Test("region codes are checked against the table")
    func regionCodes() {
        #expect(RegionCode("GB")?.description == "GB")
        #expect(RegionCode("us")?.callingCode == 1)
        #expect(RegionCode("XX") == nil)
        #expect(RegionCode("GBR") == nil)
        #expect(RegionCode("001") == nil)
        #expect(RegionCode.all.count >= 240)
    }
}
