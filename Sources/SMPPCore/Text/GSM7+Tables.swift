// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

extension GSM7 {
    /// The escape septet that switches the next septet to the extension table (3GPP TS 23.038 §6.2.1, 0x1B).
    static let escape: UInt8 = 0x1B

    /// The default alphabet, indexed by septet (3GPP TS 23.038 §6.2.1).
    ///
    /// 0x1B is the escape to the extension table; a receiver that cannot use it shows a space, so the table holds
    /// a space there. It is never used for encoding.
    static let baseTable: [Unicode.Scalar] = [
        // 0x00
        "@", "\u{00A3}", "$", "\u{00A5}", "\u{00E8}", "\u{00E9}", "\u{00F9}", "\u{00EC}",
        "\u{00F2}", "\u{00C7}", "\n", "\u{00D8}", "\u{00F8}", "\r", "\u{00C5}", "\u{00E5}",
        // 0x10: Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ ESC Æ æ ß É
        "\u{0394}", "_", "\u{03A6}", "\u{0393}", "\u{039B}", "\u{03A9}", "\u{03A0}", "\u{03A8}",
        "\u{03A3}", "\u{0398}", "\u{039E}", " ", "\u{00C6}", "\u{00E6}", "\u{00DF}", "\u{00C9}",
        // 0x20: 0x24 is the currency sign ¤, not '$'.
        " ", "!", "\"", "#", "\u{00A4}", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
        // 0x30
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
        // 0x40: inverted exclamation, not '@'.
        "\u{00A1}", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
        // 0x50: Ä Ö Ñ Ü §
        "P", "Q", "R", "S", "T", "U", "V", "W",
        "X", "Y", "Z", "\u{00C4}", "\u{00D6}", "\u{00D1}", "\u{00DC}", "\u{00A7}",
        // 0x60: ¿
        "\u{00BF}", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
        // 0x70: ä ö ñ ü à
        "p", "q", "r", "s", "t", "u", "v", "w",
        "x", "y", "z", "\u{00E4}", "\u{00F6}", "\u{00F1}", "\u{00FC}", "\u{00E0}",
    ]

    /// The extension table (3GPP TS 23.038 §6.2.1.1): septets that follow an escape, and what they mean.
    static let extensionTable: [(septet: UInt8, scalar: Unicode.Scalar)] = [
        (0x0A, "\u{000C}"),  // form feed (page break)
        (0x14, "^"),
        (0x28, "{"),
        (0x29, "}"),
        (0x2F, "\\"),
        (0x3C, "["),
        (0x3D, "~"),
        (0x3E, "]"),
        (0x40, "|"),
        (0x65, "\u{20AC}"),  // euro sign
    ]

    /// UTF-8 bytes of each decoded septet, base table at 0..<128, extension table at 128..<256.
    ///
    /// Unknown extension codes decode as their base-table character (23.038 §6.2.1.1 note), so the upper half starts
    /// as a copy of the lower half.
    static let utf8Table: [[UInt8]] = {
        var table = baseTable.map { Array(String($0).utf8) }
        var extended = table
        for (septet, scalar) in extensionTable {
            extended[Int(septet)] = Array(String(scalar).utf8)
        }
        table.append(contentsOf: extended)
        return table
    }()

    /// Septets whose character is the same code in ASCII, so a run of them is already valid UTF-8.
    static let asciiIdentical: [Bool] = (0..<128).map { index in
        index != Int(escape) && baseTable[index].value == UInt32(index)
    }

    /// Encoding for scalars below U+0080: the septet, the septet with 0x100 set for escape pairs, or `nil`.
    static let asciiEncodeTable: [UInt16?] = (0..<128).map { value in
        encodeMap[Unicode.Scalar(UInt8(value))]
    }

    /// Scalar → septet, with 0x100 added for extension-table characters.
    static let encodeMap: [Unicode.Scalar: UInt16] = {
        var map: [Unicode.Scalar: UInt16] = [:]
        for (septet, scalar) in baseTable.enumerated() where septet != Int(escape) {
            map[scalar] = UInt16(septet)
        }
        for (septet, scalar) in extensionTable {
            map[scalar] = 0x100 | UInt16(septet)
        }
        return map
    }()
}
