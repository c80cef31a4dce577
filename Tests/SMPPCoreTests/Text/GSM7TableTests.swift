// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

/// The 3GPP TS 23.038 §6.2.1 default alphabet as Unicode code points, written out from the spec independently
/// of the implementation's table. 0x1B (escape) is handled separately.
private let expectedBase: [UInt32] = [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
    0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
    0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
    0x03A3, 0x0398, 0x039E, 0xFFFF, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
    0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
    0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
]

/// 3GPP TS 23.038 §6.2.1.1 extension table: septet after 0x1B → code point.
private let expectedExtension: [(septet: UInt8, codePoint: UInt32)] = [
    (0x0A, 0x000C), (0x14, 0x005E), (0x28, 0x007B), (0x29, 0x007D), (0x2F, 0x005C),
    (0x3C, 0x005B), (0x3D, 0x007E), (0x3E, 0x005D), (0x40, 0x007C), (0x65, 0x20AC),
]

private func character(_ codePoint: UInt32) -> String {
    String(Character(Unicode.Scalar(codePoint)!))
}

private let baseCodes: [UInt8] = (0..<128).map { UInt8($0) }.filter { $0 != 0x1B }

@Suite struct GSM7TableTests {
    @Test("every base-table septet decodes to the 23.038 character", arguments: baseCodes)
    func baseDecodes(code: UInt8) {
        #expect(GSM7.decodeUnpacked([code]) == character(expectedBase[Int(code)]))
    }

    @Test("every base-table character encodes to its single septet", arguments: baseCodes)
    func baseEncodes(code: UInt8) {
        #expect(GSM7.encodeUnpacked(character(expectedBase[Int(code)])) == [code])
        #expect(GSM7.septetCount(character(expectedBase[Int(code)])) == 1)
    }

    @Test("every extension-table pair decodes and encodes", arguments: expectedExtension.map { $0.septet })
    func extensionRoundTrip(septet: UInt8) throws {
        let codePoint = try #require(expectedExtension.first { $0.septet == septet }).codePoint
        #expect(GSM7.decodeUnpacked([0x1B, septet]) == character(codePoint))
        #expect(GSM7.encodeUnpacked(character(codePoint)) == [0x1B, septet])
        #expect(GSM7.septetCount(character(codePoint)) == 2)
    }

    @Test("the whole base table decodes in one run, through the slow path")
    func wholeTable() {
        let expected = baseCodes.map { character(expectedBase[Int($0)]) }.joined()
        #expect(GSM7.decodeUnpacked(baseCodes) == expected)
        #expect(GSM7.encodeUnpacked(expected) == baseCodes)
    }

    @Test("ASCII-looking septets that differ from ASCII are not taken by the fast path")
    func fastPathTraps() {
        #expect(GSM7.decodeUnpacked(Array("A$B".utf8)) == "A¤B")
        #expect(GSM7.decodeUnpacked([0x41, 0x00, 0x42]) == "A@B")
        #expect(GSM7.decodeUnpacked([0x24, 0x40, 0x5B, 0x60, 0x7B, 0x7F]) == "¤¡Ä¿äà")
        #expect(GSM7.decodeUnpacked(Array("Hello, world 123".utf8)) == "Hello, world 123")
    }

    @Test("the high bit of an unpacked octet is ignored")
    func highBitMasked() {
        #expect(GSM7.decodeUnpacked([0xC1, 0x80, 0x9B, 0xE5]) == "A@€")
    }

    @Test("escape before an unknown code shows the base character; escape-escape and a lone escape show a space")
    func escapeFallbacks() {
        #expect(GSM7.decodeUnpacked([0x1B, 0x41]) == "A")
        #expect(GSM7.decodeUnpacked([0x1B, 0x00]) == "@")
        #expect(GSM7.decodeUnpacked([0x1B, 0x1B, 0x41]) == " A")
        #expect(GSM7.decodeUnpacked([0x41, 0x1B]) == "A ")
        #expect(GSM7.decodeUnpacked([]) == "")
    }

    @Test(
        "characters outside the alphabet are not representable",
        arguments: ["ç", "`", "â", "\t", "😀", "e\u{0301}", "Ω\u{2126}", "a€b\u{00A0}"]
    )
    func unrepresentable(text: String) {
        #expect(GSM7.encodeUnpacked(text) == nil)
        #expect(GSM7.septetCount(text) == nil)
        #expect(GSM7.encodePacked(text) == nil)
        #expect(!GSM7.canEncode(text))
    }

    @Test("escape characters count two septets")
    func septetCounts() {
        #expect(GSM7.septetCount("") == 0)
        #expect(GSM7.septetCount("abc") == 3)
        #expect(GSM7.septetCount("{€}") == 6)
        #expect(GSM7.septetCount("Δ^a") == 4)
        #expect(GSM7.encodeUnpacked("a[b") == [0x61, 0x1B, 0x3C, 0x62])
    }
}
