// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@Suite struct DataCodingTests {
    @Test(
        "named codes have the SMPP 3.4 values",
        arguments: [
            (DataCoding.smscDefault, 0x00), (.ia5, 0x01), (.octetUnspecified2, 0x02), (.latin1, 0x03), (.binary, 0x04),
            (.jis, 0x05), (.cyrillic, 0x06), (.latinHebrew, 0x07), (.ucs2, 0x08), (.pictogram, 0x09),
            (.iso2022JP, 0x0A), (.extendedKanjiJIS, 0x0D), (.ksc5601, 0x0E),
        ] as [(DataCoding, UInt8)]
    )
    func values(coding: DataCoding, raw: UInt8) {
        #expect(coding.rawValue == raw)
    }

    @Test("data_coding 0 follows the peer's default alphabet")
    func smscDefault() {
        #expect(DataCoding.smscDefault.alphabet(defaultAlphabet: .gsm7Unpacked) == .gsm7)
        #expect(DataCoding.smscDefault.alphabet(defaultAlphabet: .gsm7Packed) == .gsm7)
        #expect(DataCoding.smscDefault.alphabet(defaultAlphabet: .ascii) == .ascii)
        #expect(DataCoding.smscDefault.alphabet(defaultAlphabet: .latin1) == .latin1)
    }

    @Test(
        "every code maps to the alphabet of SMPP 3.4 §5.2.19 or 23.038 §4",
        arguments: [
            (0x01, Alphabet.ascii), (0x02, .binary), (0x03, .latin1), (0x04, .binary), (0x05, .binary),
            (0x06, .binary), (0x07, .binary), (0x08, .ucs2), (0x09, .binary), (0x0E, .binary), (0x0F, .binary),
            (0x10, .gsm7), (0x11, .gsm7), (0x14, .binary), (0x15, .binary), (0x18, .ucs2), (0x19, .ucs2),
            (0x1C, .binary), (0x20, .binary), (0x28, .binary), (0x40, .gsm7), (0x48, .ucs2), (0x44, .binary),
            (0x80, .binary), (0xBF, .binary), (0xC0, .gsm7), (0xD8, .gsm7), (0xDF, .gsm7), (0xE0, .ucs2),
            (0xEF, .ucs2), (0xF0, .gsm7), (0xF1, .gsm7), (0xF3, .gsm7), (0xF4, .binary), (0xF7, .binary),
            (0xF8, .gsm7), (0xFF, .binary),
        ] as [(UInt8, Alphabet)]
    )
    func alphabet(raw: UInt8, expected: Alphabet) {
        for defaultAlphabet in DefaultAlphabet.allCases {
            #expect(DataCoding(rawValue: raw).alphabet(defaultAlphabet: defaultAlphabet) == expected)
        }
    }

    @Test("default alphabets have stable configuration names")
    func defaultAlphabetNames() {
        #expect(DefaultAlphabet.allCases.map(\.rawValue) == ["gsm7", "gsm7-packed", "ascii", "latin1"])
        #expect(DataCoding.ucs2.description == "0x08")
        #expect(DataCoding(rawValue: 0xF1).description == "0xF1")
    }
}
