// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@Suite struct SMSTextEncodeTests {
    @Test("auto picks GSM 7-bit in data_coding 0 when the text fits")
    func gsm() throws {
        let encoded = try #require(SMSText.encode("Hello €5 @ home"))
        #expect(encoded.dataCoding == .smscDefault)
        #expect(encoded.alphabet == .gsm7)
        #expect(encoded.units == 16)
        #expect(encoded.bytes == GSM7.encodeUnpacked("Hello €5 @ home"))
    }

    @Test("auto packs GSM 7-bit for a peer whose default alphabet is packed")
    func packedGSM() throws {
        let encoded = try #require(SMSText.encode("hellohello", defaultAlphabet: .gsm7Packed))
        #expect(encoded.dataCoding == .smscDefault)
        #expect(encoded.bytes == [0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37])
        #expect(encoded.units == 10)
    }

    @Test("auto falls back to Latin-1 when GSM cannot carry the text but one octet can")
    func latin1() throws {
        let encoded = try #require(SMSText.encode("garçon"))
        #expect(encoded.dataCoding == .latin1)
        #expect(encoded.alphabet == .latin1)
        #expect(encoded.bytes == [0x67, 0x61, 0x72, 0xE7, 0x6F, 0x6E])
        #expect(encoded.units == 6)
    }

    @Test("auto falls back to UCS-2 for everything else", arguments: ["Привет", "😀", "garçon €"])
    func ucs2(text: String) throws {
        let encoded = try #require(SMSText.encode(text))
        #expect(encoded.dataCoding == .ucs2)
        #expect(encoded.alphabet == .ucs2)
        #expect(encoded.bytes == UCS2.encode(text))
        #expect(encoded.units == text.utf16.count)
    }

    @Test("an ASCII-default peer gets data_coding 0 for ASCII, then Latin-1, then UCS-2")
    func asciiDefault() throws {
        let ascii = try #require(SMSText.encode("Hi {x}", defaultAlphabet: .ascii))
        #expect(ascii.dataCoding == .smscDefault)
        #expect(ascii.alphabet == .ascii)
        #expect(ascii.bytes == Array("Hi {x}".utf8))
        #expect(try #require(SMSText.encode("Grüße", defaultAlphabet: .ascii)).dataCoding == .latin1)
        #expect(try #require(SMSText.encode("5€", defaultAlphabet: .ascii)).dataCoding == .ucs2)
    }

    @Test("a Latin-1-default peer gets data_coding 0 for Latin-1 text")
    func latin1Default() throws {
        let encoded = try #require(SMSText.encode("garçon", defaultAlphabet: .latin1))
        #expect(encoded.dataCoding == .smscDefault)
        #expect(encoded.alphabet == .latin1)
        #expect(try #require(SMSText.encode("Ω", defaultAlphabet: .latin1)).dataCoding == .ucs2)
    }

    @Test("explicit encodings use their own codes, and fail when they cannot carry the text")
    func explicit() throws {
        #expect(try #require(SMSText.encode("abc", preferred: .ucs2)).dataCoding == .ucs2)
        #expect(try #require(SMSText.encode("abc", preferred: .latin1)).dataCoding == .latin1)
        #expect(try #require(SMSText.encode("abc", preferred: .ascii)).dataCoding == .ia5)
        #expect(try #require(SMSText.encode("abc", preferred: .gsm7)).dataCoding == .smscDefault)
        #expect(
            try #require(SMSText.encode("abc", preferred: .gsm7, defaultAlphabet: .ascii)).dataCoding.rawValue == 0xF1
        )
        #expect(SMSText.encode("ç", preferred: .gsm7) == nil)
        #expect(SMSText.encode("é", preferred: .ascii) == nil)
        #expect(SMSText.encode("€", preferred: .latin1) == nil)
    }

    @Test(
        "decode inverts encode for every default alphabet and encoding",
        arguments: DefaultAlphabet.allCases,
        SMSText.Encoding.allCases
    )
    func roundTrip(defaultAlphabet: DefaultAlphabet, encoding: SMSText.Encoding) {
        for text in ["", "plain text", "{€} Δ @", "abcdefg", "Grüße, garçon", "Привет 😀"] {
            guard let encoded = SMSText.encode(text, preferred: encoding, defaultAlphabet: defaultAlphabet) else {
                continue
            }
            let decoded = SMSText.decode(
                encoded.bytes,
                dataCoding: encoded.dataCoding,
                defaultAlphabet: defaultAlphabet
            )
            #expect(decoded == text, "\(encoding) \(defaultAlphabet)")
        }
    }
}

@Suite struct SMSTextDecodeTests {
    @Test("octets that are not text decode to nil", arguments: [0x02, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0A, 0xF4, 0x24])
    func binary(raw: UInt8) {
        #expect(SMSText.decode([0x41, 0x42], dataCoding: DataCoding(rawValue: raw)) == nil)
    }

    @Test("data_coding 0 decodes by the peer's default alphabet")
    func smscDefault() {
        #expect(SMSText.decode([0x00, 0x24], dataCoding: .smscDefault) == "@¤")
        #expect(SMSText.decode([0x40, 0x24], dataCoding: .smscDefault, defaultAlphabet: .ascii) == "@$")
        #expect(SMSText.decode([0xE9], dataCoding: .smscDefault, defaultAlphabet: .latin1) == "é")
        #expect(
            SMSText.decode([0xC8, 0x32, 0x9B, 0xFD, 0x06], dataCoding: .smscDefault, defaultAlphabet: .gsm7Packed)
                == "Hello"
        )
    }

    @Test("packed GSM after a UDH honours the fill bits")
    func fillBits() {
        let payload: [UInt8] = [0xD0, 0x65, 0x36, 0xFB, 0x0D]
        #expect(SMSText.decode(payload, dataCoding: .smscDefault, defaultAlphabet: .gsm7Packed, fillBits: 1) == "hello")
    }

    @Test("explicit codings decode regardless of the default alphabet")
    func explicit() {
        #expect(SMSText.decode([0xD8, 0x3D, 0xDE, 0x00], dataCoding: .ucs2, defaultAlphabet: .ascii) == "😀")
        #expect(SMSText.decode([0xE7], dataCoding: .latin1) == "ç")
        #expect(SMSText.decode([0x41], dataCoding: .ia5) == "A")
        #expect(SMSText.decode([0x00, 0x1B, 0x65], dataCoding: DataCoding(rawValue: 0xF1)) == "@€")
        #expect(SMSText.decode([0x00, 0x41], dataCoding: DataCoding(rawValue: 0x18)) == "A")
    }
}
