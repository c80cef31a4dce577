// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PhoneNumbers

private func digits(_ text: String) -> DigitString {
    var result = DigitString()
    for byte in text.utf8 {
        let appended = result.append(byte - UInt8(ascii: "0"))
        #expect(appended)
    }
    return result
}

private func text(_ value: DigitString) -> String {
    String((0..<value.count).map { Character(String(value[$0])) })
}

@Suite struct DigitStringTests {
    @Test("dropping and prefixing work on both sides of the 16-digit word boundary")
    func shifts() {
        let all = "0123456789876543210123456789876"
        for k in 0...all.count {
            #expect(text(digits(all).dropFirst(k)) == String(all.dropFirst(k)))
        }
        for split in 0...all.count {
            let head = String(all.prefix(split))
            let tail = String(all.dropFirst(split))
            #expect(text(digits(tail).prefixed(by: digits(head)) ?? DigitString()) == all)
        }
    }

    @Test("at most 32 digits")
    func capacity() {
        var value = digits(String(repeating: "9", count: 32))
        let appended = value.append(1)
        #expect(!appended)
        #expect(digits("1").prefixed(by: value) == nil)
        #expect(value.count == 32)
    }
}
