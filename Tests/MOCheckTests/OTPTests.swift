// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOCheck
import Testing

@Suite struct OTPTests {
    @Test("codes are 8 symbols of Crockford base 32, and 10,000 of them are all different")
    func generate() {
        let codes = (0..<10_000).map { _ in OTP.generate() }
        #expect(Set(codes).count == codes.count)
        for code in codes.prefix(100) {
            #expect(code.count == 8)
            #expect(code.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) }, "\(code)")
        }
    }

    @Test(
        "the code is found whatever the case, spacing, punctuation and surrounding words",
        arguments: [
            "Verify 7KQ2M9XD", "verify 7kq2m9xd", "7KQ2 M9XD", "7-K-Q-2-M-9-X-D", "Hi! my code: 7kq2-m9xd, thanks",
            "  7 K Q 2 M 9 X D  ", "Verify\n7KQ2M9XD\n", "7KQ2M9XD 🙂",
        ]
    )
    func found(text: String) {
        #expect(OTP.candidates(in: text).contains("7KQ2M9XD"))
    }

    @Test("letters people confuse with digits read as those digits: O as 0, I and L as 1")
    func confusables() {
        #expect(OTP.normalize("abOo Il") == "AB00" + "11")
        #expect(OTP.candidates(in: "verify 7kq2m9xO").contains("7KQ2M9X0"))
        #expect(OTP.candidates(in: "x1li0oab") == ["X11100AB"])
    }

    @Test("a text without the code, or too short for one, has no match")
    func notFound() {
        #expect(!OTP.candidates(in: "Verify 7KQ2M9X").contains("7KQ2M9XD"))
        #expect(!OTP.candidates(in: "7KQ2M9XE").contains("7KQ2M9XD"))
        #expect(OTP.candidates(in: "short").isEmpty)
        #expect(OTP.candidates(in: "").isEmpty)
    }

    @Test("a huge text costs a bounded number of candidates")
    func bounded() {
        let text = String(repeating: "ABCDEFGHJKMNPQRSTVWXYZ0123456789", count: 1000)
        #expect(OTP.candidates(in: text, limit: 2048).count <= 2048)
    }
}
