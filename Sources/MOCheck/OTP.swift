// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto

/// The one-time codes of checks, and how an MO's text is searched for one.
///
/// A code is 8 symbols of Crockford's base 32 (`0-9`, `A-Z` without `I L O U`): 40 random bits from swift-crypto's
/// system CSPRNG, so that a code cannot be guessed while its check is open. People and phones mangle what they
/// send, so matching ignores case, spaces and punctuation, reads `O` as `0` and `I`/`L` as `1`, and finds the code
/// anywhere in the text ("verify abcd 1234 thanks" carries `ABCD1234`).
public enum OTP {
    /// Symbols per code.
    public static let length = 8
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A fresh code.
    public static func generate() -> String {
        // 64 random bits; the low 40 make 8 five-bit symbols, with no modulo bias.
        let key = SymmetricKey(size: .init(bitCount: 64))
        var bits = key.withUnsafeBytes { bytes in bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        var symbols: [UInt8] = []
        for _ in 0..<Self.length {
            symbols.append(Self.alphabet[Int(bits & 0x1f)])
            bits >>= 5
        }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// `text` as codes are compared: upper case, confusable letters mapped, everything else not in the alphabet
    /// dropped.
    public static func normalize(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            guard scalar.isASCII else { continue }
            var byte = UInt8(scalar.value)
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 32 }
            switch byte {
            case UInt8(ascii: "O"): byte = UInt8(ascii: "0")
            case UInt8(ascii: "I"), UInt8(ascii: "L"): byte = UInt8(ascii: "1")
            default: break
            }
            if Self.alphabet.contains(byte) { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every code-long run of `text` once normalized: the codes the text could carry. At most `limit` of them,
    /// so that a huge text costs a bounded lookup.
    public static func candidates(in text: some StringProtocol, limit: Int = 2048) -> [String] {
        let normalized = Array(Self.normalize(text).utf8)
        guard normalized.count >= Self.length else { return [] }
        var seen = Set<String>()
        var out: [String] = []
        for start in 0...(normalized.count - Self.length) where out.count < limit {
            let code = String(decoding: normalized[start..<start + Self.length], as: UTF8.self)
            if seen.insert(code).inserted { out.append(code) }
        }
        return out
    }
}
