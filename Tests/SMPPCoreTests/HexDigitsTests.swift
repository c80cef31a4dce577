// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@Suite struct HexDigitsTests {
    @Test("hex digits in either case read as octets; odd counts and other characters do not")
    func hexDigits() {
        #expect([UInt8](hexDigits: "00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
        #expect([UInt8](hexDigits: "") == [])
        #expect([UInt8](hexDigits: "abc") == nil)
        #expect([UInt8](hexDigits: "0g") == nil)
        #expect([UInt8](hexDigits: "0 ") == nil)
    }
}
