// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import SMPPTestSupport
import Testing

@Suite struct UCS2Tests {
    @Test("an emoji is a UTF-16BE surrogate pair")
    func surrogatePair() {
        #expect(UCS2.encode("😀") == [0xD8, 0x3D, 0xDE, 0x00])
        #expect(UCS2.decode([0xD8, 0x3D, 0xDE, 0x00]) == "😀")
        #expect(UCS2.codeUnitCount("a😀") == 3)
    }

    @Test("BMP text is two octets per character, big-endian")
    func basicMultilingualPlane() {
        let bytes: [UInt8] = [0x04, 0x1F, 0x04, 0x40, 0x00, 0x21, 0x20, 0xAC, 0x00, 0xE7]
        #expect(UCS2.encode("Пр!€ç") == bytes)
        #expect(UCS2.decode(bytes) == "Пр!€ç")
        #expect(UCS2.codeUnitCount("Пр!€ç") == 5)
    }

    @Test("an odd trailing octet becomes U+FFFD")
    func oddByte() {
        #expect(UCS2.decode([0x00, 0x41, 0x00]) == "A\u{FFFD}")
        #expect(UCS2.decode([0x41]) == "\u{FFFD}")
        #expect(UCS2.decode([]) == "")
    }

    @Test("lone surrogates become U+FFFD")
    func loneSurrogates() {
        #expect(UCS2.decode([0xD8, 0x3D, 0x00, 0x41]) == "\u{FFFD}A")
        #expect(UCS2.decode([0x00, 0x41, 0xDE, 0x00]) == "A\u{FFFD}")
    }

    @Test("random scalars round-trip")
    func randomRoundTrip() {
        var random = SplitMix64(seed: 8)
        for length in 0..<100 {
            var scalars = String.UnicodeScalarView()
            while scalars.count < length {
                if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) {
                    scalars.append(scalar)
                }
            }
            let text = String(scalars)
            #expect(UCS2.decode(UCS2.encode(text)) == text)
            #expect(UCS2.encode(text).count == 2 * UCS2.codeUnitCount(text))
        }
    }
}

@Suite struct Latin1Tests {
    @Test("every octet is its own Latin-1 character and encodes back")
    func allOctets() {
        let bytes = (0...255).map { UInt8($0) }
        let text = Latin1.decode(bytes)
        #expect(text.unicodeScalars.map(\.value) == (0...255).map { UInt32($0) })
        #expect(Latin1.encode(text) == bytes)
    }

    @Test("characters above U+00FF are not Latin-1", arguments: ["€", "Ω", "😀", "aĀ"])
    func unrepresentable(text: String) {
        #expect(Latin1.encode(text) == nil)
    }

    @Test("IA5 is ASCII; high octets decode as U+FFFD and non-ASCII does not encode")
    func ia5() {
        #expect(IA5.decode(Array("Hi @$".utf8)) == "Hi @$")
        #expect(IA5.decode([0x41, 0xE9]) == "A\u{FFFD}")
        #expect(IA5.encode("Hi @$") == Array("Hi @$".utf8))
        #expect(IA5.encode("é") == nil)
    }
}
