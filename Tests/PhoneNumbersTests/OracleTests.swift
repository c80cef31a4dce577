// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import PhoneNumbers
import Testing

/// One line of an oracle table: `REGION|TON|INPUT|EXPECTED`.
struct OracleCase: CustomStringConvertible {
    var region: String
    var ton: UInt8
    var input: String
    /// The E.164 form, or nil when the address must not be valid.
    var expected: String?

    init?(line: Substring) {
        let fields = line.split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 4, let ton = UInt8(fields[1]) else { return nil }
        self.region = String(fields[0])
        self.ton = ton
        self.input = String(fields[2])
        self.expected = fields[3] == "!" ? nil : String(fields[3])
    }

    var description: String { "\(self.region) TON \(self.ton) '\(self.input)'" }

    /// A failure message, or nil when the normalizer agrees with the oracle.
    func disagreement() -> String? {
        guard let region = RegionCode(self.region) else { return "\(self): region not in the table" }
        let result = PhoneNumberNormalizer(defaultRegion: region).normalize(
            self.input,
            ton: TypeOfNumber(rawValue: self.ton)
        )
        let actual = result.e164?.description
        if actual == self.expected { return nil }
        let reason = result.invalidReason.map { " (\($0))" } ?? ""
        return "\(self): expected \(self.expected ?? "not valid"), got \(actual ?? "\(result.kind)\(reason)")"
    }

    /// Parses a whole table, one case per non-empty line.
    static func parse(_ table: String) -> [OracleCase] {
        table.split(separator: "\n").compactMap { OracleCase(line: $0) }
    }
}

@Suite struct OracleTests {
    @Test("the normalizer agrees with libphonenumber on every generated case")
    func generatedTable() {
        let cases = OracleCase.parse(OracleCases.table)
        let failures = cases.compactMap { $0.disagreement() }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(cases.count) disagree:\n\(failures.prefix(40).joined(separator: "\n"))"
        )
    }

    @Test("the table covers at least 50 countries in every input shape, for mobile and fixed-line numbers")
    func coverage() {
        let cases = OracleCase.parse(OracleCases.table)
        #expect(cases.count > 5_000)
        #expect(Set(cases.map(\.region)).count >= 50)
        // TON 1 bare, with + and with 00; TON 2 national; TON 0 with +, with an IDD prefix, national, bare digits.
        #expect(cases.contains { $0.ton == 1 && $0.input.hasPrefix("00") })
        #expect(cases.contains { $0.ton == 1 && $0.input.hasPrefix("+") })
        #expect(cases.contains { $0.ton == 2 && $0.region == "AR" && $0.input.contains("15") })
        #expect(cases.contains { $0.ton == 0 && $0.region == "US" && $0.input.hasPrefix("011") })
        #expect(cases.contains { $0.ton == 0 && $0.region == "RU" && $0.input.hasPrefix("810") })
        #expect(cases.filter { $0.expected != nil }.count > cases.count - 10)
    }
}
