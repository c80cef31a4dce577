// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

/// Decodes each part as a receiver would (strip the UDH, mind the fill bits) and joins the text.
private func reassemble(
    _ segments: [SMSText.Segment],
    defaultAlphabet: DefaultAlphabet = .gsm7Unpacked
) throws -> String {
    var text = ""
    for segment in segments {
        var payload = ArraySlice(segment.bytes)
        var fillBits = 0
        if segment.userDataHeader != nil {
            let (header, rest) = try UserDataHeader.split(segment.bytes)
            #expect(header == segment.userDataHeader)
            payload = rest
            fillBits = GSM7.fillBits(afterUDHOctets: header.length)
        }
        let part = SMSText.decode(
            payload,
            dataCoding: segment.dataCoding,
            defaultAlphabet: defaultAlphabet,
            fillBits: fillBits
        )
        text += try #require(part)
    }
    return text
}

@Suite struct SMSTextSplitTests {
    @Test(
        "per-part capacities follow the header size",
        arguments: [
            (ConcatenationScheme.udh8, Alphabet.gsm7, 153), (.udh8, .latin1, 134), (.udh8, .ucs2, 67),
            (.udh16, .gsm7, 152), (.udh16, .latin1, 133), (.udh16, .ucs2, 66),
        ] as [(ConcatenationScheme, Alphabet, Int)]
    )
    func capacities(scheme: ConcatenationScheme, alphabet: Alphabet, perPart: Int) {
        #expect(SMSText.capacity(alphabet, udhOctets: scheme == .udh8 ? 6 : 7) == perPart)
    }

    @Test("single-message capacities are 160, 140 and 70")
    func singleCapacities() {
        #expect(SMSText.capacity(.gsm7, udhOctets: 0) == 160)
        #expect(SMSText.capacity(.latin1, udhOctets: 0) == 140)
        #expect(SMSText.capacity(.ucs2, udhOctets: 0) == 70)
    }

    @Test("160 GSM characters stay one part without a header", arguments: ConcatenationScheme.allCases)
    func singlePart(scheme: ConcatenationScheme) throws {
        let text = String(repeating: "a", count: 160)
        let segments = try #require(SMSText.split(text, scheme: scheme, reference: 7))
        #expect(segments.count == 1)
        #expect(segments[0].userDataHeader == nil)
        #expect(segments[0].sar == nil)
        #expect(segments[0].bytes == Array(text.utf8))
    }

    @Test("161 GSM characters are 153 + 8 with an 8-bit reference UDH")
    func udh8() throws {
        let text = String(repeating: "a", count: 160) + "b"
        let segments = try #require(SMSText.split(text, scheme: .udh8, reference: 0x1234))
        #expect(segments.map(\.units) == [153, 8])
        #expect(segments[0].bytes.prefix(6) == [0x05, 0x00, 0x03, 0x34, 0x02, 0x01])
        #expect(segments[1].bytes.prefix(6) == [0x05, 0x00, 0x03, 0x34, 0x02, 0x02])
        #expect(segments[0].bytes.count == 6 + 153)
        #expect(try reassemble(segments) == text)
    }

    @Test("the 16-bit reference UDH leaves 152 septets a part")
    func udh16() throws {
        let text = String(repeating: "x", count: 161)
        let segments = try #require(SMSText.split(text, scheme: .udh16, reference: 0x1234))
        #expect(segments.map(\.units) == [152, 9])
        #expect(segments[1].bytes.prefix(7) == [0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02])
        #expect(segments.map { $0.userDataHeader?.concatenation?.referenceBits } == [16, 16])
        #expect(try reassemble(segments) == text)
    }

    @Test("SAR parts carry no UDH, leave room for the SMSC's header, and number themselves")
    func sar() throws {
        let text = String(repeating: "y", count: 400)
        let segments = try #require(SMSText.split(text, scheme: .sar, reference: 0xBEEF))
        #expect(segments.map(\.units) == [152, 152, 96])
        #expect(segments.allSatisfy { $0.userDataHeader == nil })
        #expect(segments.map { $0.sar?.sequence } == [1, 2, 3])
        #expect(segments.allSatisfy { $0.sar?.total == 3 && $0.sar?.reference == 0xBEEF })
        #expect(try reassemble(segments) == text)
    }

    @Test("payload keeps the whole text in one part")
    func payload() throws {
        let text = String(repeating: "z", count: 1000)
        let segments = try #require(SMSText.split(text, scheme: .payload, reference: 1))
        #expect(segments.count == 1)
        #expect(segments[0].bytes.count == 1000)
        #expect(segments[0].sar == nil && segments[0].userDataHeader == nil)
    }

    @Test("a GSM escape pair is never split across parts")
    func escapePair() throws {
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10)
        let segments = try #require(SMSText.split(text, scheme: .udh8, reference: 1))
        #expect(segments.map(\.units) == [152, 12])
        #expect(segments[0].bytes.last != 0x1B)
        #expect(try reassemble(segments) == text)
    }

    @Test("70 UCS-2 units fit one message; 71 need two parts of 67 + 4")
    func ucs2Boundary() throws {
        let seventy = String(repeating: "Ж", count: 70)
        #expect(try #require(SMSText.split(seventy, scheme: .udh8, reference: 1)).count == 1)
        let segments = try #require(SMSText.split(seventy + "Ж", scheme: .udh8, reference: 1))
        #expect(segments.map(\.units) == [67, 4])
        #expect(segments[0].dataCoding == .ucs2)
        #expect(try reassemble(segments) == seventy + "Ж")
    }

    @Test("a surrogate pair is never split across parts")
    func surrogatePair() throws {
        let text = String(repeating: "Ж", count: 66) + "😀" + String(repeating: "Ж", count: 10)
        let segments = try #require(SMSText.split(text, scheme: .udh8, reference: 1))
        #expect(segments.map(\.units) == [66, 12])
        #expect(try reassemble(segments) == text)
    }

    @Test("a multi-scalar emoji stays in one part")
    func graphemeCluster() throws {
        let family = "👨‍👩‍👧"  // 8 UTF-16 units
        let text = String(repeating: "Ж", count: 62) + family + "ЖЖ"
        let segments = try #require(SMSText.split(text, scheme: .udh8, reference: 1))
        #expect(segments.map(\.units) == [62, 10])
        #expect(try reassemble(segments) == text)
    }

    @Test("Latin-1 text splits in 134-octet parts")
    func latin1() throws {
        let text = String(repeating: "ç", count: 141)
        let segments = try #require(SMSText.split(text, scheme: .udh8, reference: 9))
        #expect(segments.map(\.units) == [134, 7])
        #expect(segments[0].dataCoding == .latin1)
        #expect(try reassemble(segments) == text)
    }

    @Test("packed GSM parts are aligned after the header with a fill bit")
    func packed() throws {
        let text = String((0..<400).map { "abcdefghij€klmnop"[$0 % 17] })
        for scheme in [ConcatenationScheme.udh8, .udh16, .sar] {
            let segments = try #require(SMSText.split(text, scheme: scheme, reference: 3, defaultAlphabet: .gsm7Packed))
            #expect(segments.allSatisfy { $0.bytes.count <= 140 }, "\(scheme)")
            #expect(try reassemble(segments, defaultAlphabet: .gsm7Packed) == text, "\(scheme)")
        }
    }

    @Test("more than 255 parts is refused")
    func tooManyParts() throws {
        let limit = String(repeating: "a", count: 153 * 255)
        #expect(try #require(SMSText.split(limit, scheme: .udh8, reference: 1)).count == 255)
        #expect(SMSText.split(limit + "a", scheme: .udh8, reference: 1) == nil)
    }

    @Test("a forced encoding that cannot carry the text is refused")
    func unencodable() {
        #expect(SMSText.split("Привет", encoding: .gsm7, scheme: .udh8, reference: 1) == nil)
    }
}

extension String {
    fileprivate subscript(offset: Int) -> Character {
        self[self.index(self.startIndex, offsetBy: offset)]
    }
}
