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

    /// Found and not fixed yet: the numbering-plan table accepts these. Each is a reported bug.
    static let knownIssues: Set<String> = [
        // ")3947947", TON 2, region CA → +13947947, which is 7 national digits where NANP has 10; libphonenumber's
        // is_valid_number says no, and read back as +13947947 it is "too short".
        "ca-national-7-digits",
        // "08124234499", TON 2, region BY → +3758124234499, which read back is +375124234499; both valid here,
        // both invalid for libphonenumber (is_valid_number), whose own parse of the two differs the same way.
        "by-national-trunk-8",
    ]

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
        if Self.knownIssues.contains(name) {
            withKnownIssue("\(name): \(number) does not read back") { #expect(again.e164 == number) }
        } else {
            #expect(again.e164 == number, "\(name): \(number) reads back as \(again)")
        }
    }

    @Test("the regression inputs are there")
    func present() {
        #expect(Self.inputs.contains("ca-national-7-digits") && Self.inputs.contains("by-national-trunk-8"))
    }
}
