// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Hex text as pasted from a capture or a log: digits, whitespace and newlines, optional `0x` prefixes.
enum HexInput {
    /// Parses hex text into octets. Whitespace separates nothing: digits pair up across it, as `xxd -r -p` does.
    ///
    /// - Throws: ``HexInputError`` for a character that is not a hex digit, or an odd number of digits.
    static func parse(_ text: some Collection<UInt8>) throws(HexInputError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var high: UInt8? = nil
        var atTokenStart = true
        var index = text.startIndex
        var offset = 0
        while index != text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            defer { offset += 1 }
            switch character {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                atTokenStart = true
                index = next
                continue
            case UInt8(ascii: "0")
            where atTokenStart && next != text.endIndex
                && (text[next] == UInt8(ascii: "x") || text[next] == UInt8(ascii: "X")):
                atTokenStart = false
                offset += 1
                index = text.index(after: next)
                continue
            default:
                break
            }
            atTokenStart = false
            guard let nibble = Self.nibble(character) else { throw .invalidOctet(character, at: offset) }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
            index = next
        }
        if high != nil { throw .oddDigitCount }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Hex input that is not hex.
struct HexInputError: Error, Hashable, CustomStringConvertible {
    var description: String

    static let oddDigitCount = HexInputError(description: "invalid hex input: odd number of hex digits")

    static func invalidOctet(_ octet: UInt8, at offset: Int) -> Self {
        var text: [UInt8] = Array("invalid hex input: octet 0x".utf8)
        text.appendHex(UInt64(octet), width: 2)
        return HexInputError(description: String(decoding: text, as: UTF8.self) + " at offset \(offset)")
    }
}
