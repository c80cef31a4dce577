// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import SMPPTestSupport
import Testing

/// A slow bit-by-bit packer written from 3GPP TS 23.038 §6.1.2.1.1, as an oracle for ``GSM7/pack(_:fillBits:)``.
private func referencePack(_ septets: [UInt8], fillBits: Int) -> [UInt8] {
    var septets = septets
    let used = septets.count * 7 + fillBits
    // 7 spare bits get a CR; a wanted final CR on an octet boundary gets a second CR.
    if used % 8 == 1 || (used % 8 == 0 && septets.last == 0x0D) {
        septets.append(0x0D)
    }
    var bits = [UInt8](repeating: 0, count: fillBits)
    for septet in septets {
        for bit in 0..<7 { bits.append((septet >> UInt8(bit)) & 1) }
    }
    while bits.count % 8 != 0 { bits.append(0) }
    return stride(from: 0, to: bits.count, by: 8).map { start in
        (0..<8).reduce(UInt8(0)) { $0 | bits[start + $1] << UInt8($1) }
    }
}

private func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

@Suite struct GSM7PackingTests {
    @Test(
        "packs known vectors",
        arguments: [
            ("hellohello", 0, "E8 32 9B FD 46 97 D9 EC 37"),
            ("Hello", 0, "C8 32 9B FD 06"),
            ("12345678", 0, "31 D9 8C 56 B3 DD 70"),
            ("hello", 1, "D0 65 36 FB 0D"),
        ]
    )
    func knownVectors(text: String, fillBits: Int, expected: String) throws {
        let packed = try #require(GSM7.encodePacked(text, fillBits: fillBits))
        #expect(packed == hex(expected))
        #expect(GSM7.decodePacked(packed, fillBits: fillBits) == text)
    }

    @Test("fill bits align septets after a UDH", arguments: [(0, 0), (1, 6), (5, 2), (6, 1), (7, 0), (12, 2), (13, 1)])
    func fillBits(udhOctets: Int, expected: Int) {
        #expect(GSM7.fillBits(afterUDHOctets: udhOctets) == expected)
        #expect((udhOctets * 8 + expected) % 7 == 0)
    }

    @Test("7 and 15 septets leave 7 spare bits, which are padded with CR and dropped on decode")
    func carriageReturnPadding() throws {
        let seven = try #require(GSM7.encodePacked("abcdefg"))
        #expect(seven == hex("61 F1 98 5C 36 9F 1B"))
        #expect(seven.last! >> 1 == 0x0D)
        #expect(GSM7.decodePacked(seven) == "abcdefg")

        let fifteen = try #require(GSM7.encodePacked("abcdefghijklmno"))
        #expect(fifteen.count == 14)
        #expect(fifteen.last! >> 1 == 0x0D)
        #expect(GSM7.decodePacked(fifteen) == "abcdefghijklmno")
    }

    @Test("eight septets after one fill bit also leave 7 spare bits")
    func paddingWithFillBits() throws {
        let packed = try #require(GSM7.encodePacked("abcdefgh", fillBits: 1))
        #expect(packed.count == 8)
        #expect(packed.last! >> 1 == 0x0D)
        #expect(GSM7.decodePacked(packed, fillBits: 1) == "abcdefgh")
        let unpadded = try #require(GSM7.encodePacked("abcdef", fillBits: 1))
        #expect(unpadded.count == 6)
        #expect(GSM7.decodePacked(unpadded, fillBits: 1) == "abcdef")
    }

    @Test("seven zero pad bits from a sender that skips the CR rule do not become '@'")
    func zeroPadDropped() {
        let sevenSeptetsZeroPadded = hex("61 F1 98 5C 36 9F 01")
        #expect(GSM7.decodePacked(sevenSeptetsZeroPadded) == "abcdefg")
        #expect(GSM7.decodePacked(sevenSeptetsZeroPadded, septetCount: 8) == "abcdefg@")
    }

    @Test("a wanted trailing CR on an octet boundary survives by getting a second CR")
    func wantedCarriageReturn() throws {
        let packed = try #require(GSM7.encodePacked("abcdefg\r"))
        #expect(packed.count == 8)
        #expect(GSM7.decodePacked(packed) == "abcdefg\r\r")
        #expect(GSM7.decodePacked(packed, septetCount: 8) == "abcdefg\r")
    }

    @Test("a trailing '@' that does not sit in the last 7-bit slot is kept")
    func trailingAtKept() throws {
        let packed = try #require(GSM7.encodePacked("ab@"))
        #expect(GSM7.decodePacked(packed) == "ab@")
    }

    @Test("empty input and too few bits unpack to nothing")
    func empty() {
        #expect(GSM7.pack([]) == [])
        #expect(GSM7.unpack([]) == [])
        #expect(GSM7.unpack([0x00], fillBits: 2) == [])
        #expect(GSM7.pack([], fillBits: 1) == [0x1A])
        #expect(GSM7.unpack([0x1A], fillBits: 1) == [])
    }

    @Test("escape pairs survive packing")
    func escapes() throws {
        let text = "{[€]}|~^\\"
        #expect(GSM7.decodePacked(try #require(GSM7.encodePacked(text, fillBits: 1)), fillBits: 1) == text)
    }

    @Test("random septets match the reference packer and round-trip", arguments: 0...6)
    func randomRoundTrip(fillBits: Int) {
        var random = SplitMix64(seed: 0x6D6F_6761_7465 &+ UInt64(fillBits))
        for length in 0...200 {
            let septets = (0..<length).map { _ in UInt8.random(in: 0...0x7F, using: &random) }
            let packed = GSM7.pack(septets, fillBits: fillBits)
            #expect(packed == referencePack(septets, fillBits: fillBits), "length \(length)")
            #expect(GSM7.unpack(packed, septetCount: length, fillBits: fillBits) == septets, "length \(length)")

            // Without a count the result is exact unless the text ends in the ambiguous CR or '@'.
            var plain = septets
            if let last = plain.last, last == 0x0D || last == 0x00 {
                plain[plain.count - 1] = 0x41
            }
            let unpacked = GSM7.unpack(GSM7.pack(plain, fillBits: fillBits), fillBits: fillBits)
            #expect(unpacked == plain, "length \(length)")
        }
    }
}
