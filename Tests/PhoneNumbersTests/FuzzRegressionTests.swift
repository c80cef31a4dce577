// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import PhoneNumbers
import Testing

/// Replays the inputs the MSISDN fuzz target (Fuzz/Sources/FuzzMSISDN) found, committed under
/// Fuzz/Regressions/FuzzMSISDN, with the target's invariant: a number that normalizes is a fixed point, so its own
/// E.164 form, read as international, gives it back.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions/FuzzMSISDN")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? []).sorted()
    }

    @Test("every committed fuzz input keeps the normalizer's fixed point", arguments: Self.inputs)
    func replay(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name)))
        try #require(bytes.count >= 2)
        let regions = RegionCode.all
        let region = regions[Int(bytes[0]) % regions.count]
        let ton = TypeOfNumber(rawValue: bytes[1] % 8)
        let result = PhoneNumberNormalizer(defaultRegion: region).normalize(octets: bytes.dropFirst(2), ton: ton)
        guard let number = result.e164 else { return }
        let again = PhoneNumberNormalizer(defaultRegion: region).normalize(number.description, ton: .international)
        #expect(again.e164 == number, "\(name): \(number) reads back as \(again)")
    }

    @Test("what the two fuzz findings give now")
    func findings() {
        let canada = PhoneNumberNormalizer(defaultRegion: RegionCode("CA")!)
        let unitedStates = PhoneNumberNormalizer(defaultRegion: RegionCode("US")!)
        // Canada's plan has 7-digit numbers (310-XXXX), so +1 and 7 digits is a number when it comes with +1 too.
        #expect(canada.normalize(")3947947", ton: .national).e164?.description == "+13947947")
        #expect(canada.normalize("+13947947", ton: .international).e164?.description == "+13947947")
        #expect(unitedStates.normalize("+13947947", ton: .international).e164?.description == "+13947947")
        // The United States' own 7-digit numbers are local only: a short code, as before.
        #expect(unitedStates.normalize("3947947", ton: .national).kind == .shortcode)
        // Belarus strips 0, and reading the result back would strip 8 as well: not a number. After +375, `parse`
        // strips the 8 once, as libphonenumber does.
        let belarus = PhoneNumberNormalizer(defaultRegion: RegionCode("BY")!)
        let national = belarus.normalize("08124234499", ton: .national)
        #expect(national.e164 == nil && national.invalidReason?.code == .notANumberOfRegion, "\(national)")
        #expect(belarus.normalize("+3758124234499", ton: .international).e164?.description == "+375124234499")
        #expect(belarus.normalize("80291234567", ton: .national).e164?.description == "+375291234567")
    }

    @Test("the regression inputs are there")
    func present() {
        #expect(Self.inputs.contains("ca-national-7-digits") && Self.inputs.contains("by-national-trunk-8"))
    }
}
