// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@Suite struct NormalizeCommandTests {
    let mogate: MogateExecutable

    init() throws {
        self.mogate = try MogateExecutable()
    }

    private func lines(_ output: MogateExecutable.Output) -> [String] {
        output.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test("addresses print as E.164, invalid: <reason>, or unchanged with a (shortcode)/(alphanumeric) suffix")
    func textContract() async throws {
        let output = try await self.mogate.run([
            "normalize", "--country", "GB", "07700900123", "00447700900123", "+44 7700 900-123", "12345",
            "447700x00123", "+999123456",
        ])
        #expect(output.status == 0)
        #expect(
            self.lines(output) == [
                "+447700900123", "+447700900123", "+447700900123", "12345  (shortcode)",
                "invalid: 'x' is not a digit", "invalid: no assigned country calling code",
            ]
        )
        let alphanumeric = try await self.mogate.run(["normalize", "--country", "GB", "--ton", "5", "MyBank"])
        #expect(self.lines(alphanumeric) == ["MyBank  (alphanumeric)"])
        let international = try await self.mogate.run(["normalize", "--country", "US", "--ton", "1", "447700900123"])
        #expect(self.lines(international) == ["+447700900123"])
        let national = try await self.mogate.run(["normalize", "--country", "AR", "--ton", "2", "0111523456789"])
        #expect(self.lines(national) == ["+5491123456789"])
    }

    @Test("the defaults are TON 0 and NPI 1")
    func defaults() async throws {
        let output = try await self.mogate.run(["normalize", "--country", "GB", "--json", "447700900123"])
        let object = try #require(try output.jsonLines().first)
        #expect(object["ton"] as? Int == 0)
        #expect(object["npi"] as? Int == 1)
        // TON 0 reads digits starting with 44 as international; TON 2 would not strip a trunk prefix from them.
        #expect(object["e164"] as? String == "+447700900123")
    }

    @Test("--json prints input, ton, npi, e164, valid, kind and reason for every kind of result")
    func jsonContract() async throws {
        let input = "1 1 447700900123\n2 0 07700900123\n5 0 MyBank\n3 9 80080\n0 1 +99912\nbogus\n"
        let output = try await self.mogate.run(
            ["normalize", "--country", "GB", "--stdin", "--json"],
            stdin: Data(input.utf8)
        )
        #expect(output.status == 0)
        let objects = try output.jsonLines()
        try #require(objects.count == 6)
        for object in objects {
            #expect(Set(object.keys) == ["input", "ton", "npi", "e164", "valid", "kind", "reason"])
        }
        #expect(objects[0]["input"] as? String == "447700900123")
        #expect(objects[0]["ton"] as? Int == 1)
        #expect(objects[0]["e164"] as? String == "+447700900123")
        #expect(objects[0]["valid"] as? Bool == true)
        #expect(objects[0]["kind"] as? String == "msisdn")
        #expect(objects[0]["reason"] is NSNull)
        #expect(objects[1]["npi"] as? Int == 0)
        #expect(objects[1]["e164"] as? String == "+447700900123")
        #expect(objects[2]["kind"] as? String == "alphanumeric")
        #expect(objects[2]["e164"] is NSNull)
        #expect(objects[2]["valid"] as? Bool == false)
        #expect(objects[3]["kind"] as? String == "shortcode")
        #expect(objects[3]["input"] as? String == "80080")
        #expect(objects[4]["kind"] as? String == "msisdn")
        #expect(objects[4]["valid"] as? Bool == false)
        #expect(objects[4]["reason"] as? String == "no assigned country calling code")
        #expect(objects[5]["input"] as? String == "bogus")
        #expect(objects[5]["kind"] is NSNull)
        #expect(objects[5]["reason"] as? String == "expected 'TON NPI ADDRESS'")
    }

    @Test("--stdin answers each line in order; unreadable lines print invalid: <reason> and the rest go on")
    func stdinLines() async throws {
        let input = "0 1 07700900123\r\nx 1 07700900123\n\n1 1\n2 1 0 7700 900 123\n5 0 Bank A\n9 300 123\n0 1 7726"
        let output = try await self.mogate.run(["normalize", "--country", "GB", "--stdin"], stdin: Data(input.utf8))
        #expect(output.status == 0)
        #expect(
            self.lines(output) == [
                "+447700900123",
                "invalid: TON must be a number from 0 to 255",
                "invalid: expected 'TON NPI ADDRESS'",
                "invalid: expected 'TON NPI ADDRESS'",
                "+447700900123",
                "Bank A  (alphanumeric)",
                "invalid: NPI must be a number from 0 to 255",
                "7726  (shortcode)",
            ]
        )
    }

    @Test("10,000 stdin lines all come back, right and in order")
    func tenThousandLines() async throws {
        var input = ""
        var expected: [String] = []
        for index in 0..<10_000 {
            let subscriber = String(900_000 + index % 100_000).suffix(6)
            switch index % 5 {
            case 0:
                input += "2 1 07700 \(subscriber)\n"
                expected.append("+447700\(subscriber)")
            case 1:
                input += "1 1 447700\(subscriber)\n"
                expected.append("+447700\(subscriber)")
            case 2:
                input += "0 1 00447700\(subscriber)\n"
                expected.append("+447700\(subscriber)")
            case 3:
                input += "5 0 Sender\(index)\n"
                expected.append("Sender\(index)  (alphanumeric)")
            default:
                input += "0 1 12\(index % 10)\n"
                expected.append("12\(index % 10)  (shortcode)")
            }
        }
        let output = try await self.mogate.run(["normalize", "--country", "GB", "--stdin"], stdin: Data(input.utf8))
        #expect(output.status == 0)
        let lines = self.lines(output)
        #expect(lines.count == 10_000)
        #expect(lines == expected)
    }

    @Test("a country that is not in the table is a usage error")
    func unknownCountry() async throws {
        let output = try await self.mogate.run(["normalize", "--country", "XX", "07700900123"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("Unknown country 'XX'"))
        #expect(output.stdout.isEmpty)
    }
}
