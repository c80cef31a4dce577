// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `data_coding` (SMPP 3.4 §5.2.19): how the octets of `short_message` / `message_payload` are to be read.
///
/// An open set of wire codes, so a struct rather than an enum. Use ``alphabet(defaultAlphabet:)`` to find out how to
/// turn the octets into text.
public struct DataCoding: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 0x00: SMSC default alphabet. Vendor-defined; see ``DefaultAlphabet``.
    public static let smscDefault = DataCoding(rawValue: 0x00)
    /// 0x01: IA5 (CCITT T.50), i.e. 7-bit ASCII, one character per octet.
    public static let ia5 = DataCoding(rawValue: 0x01)
    /// 0x02: octet unspecified (8-bit binary).
    public static let octetUnspecified2 = DataCoding(rawValue: 0x02)
    /// 0x03: Latin-1 (ISO-8859-1).
    public static let latin1 = DataCoding(rawValue: 0x03)
    /// 0x04: octet unspecified (8-bit binary).
    public static let binary = DataCoding(rawValue: 0x04)
    /// 0x05: JIS (X 0208-1990).
    public static let jis = DataCoding(rawValue: 0x05)
    /// 0x06: Cyrillic (ISO-8859-5).
    public static let cyrillic = DataCoding(rawValue: 0x06)
    /// 0x07: Latin/Hebrew (ISO-8859-8).
    public static let latinHebrew = DataCoding(rawValue: 0x07)
    /// 0x08: UCS-2 (ISO/IEC-10646). In practice UTF-16BE including surrogate pairs.
    public static let ucs2 = DataCoding(rawValue: 0x08)
    /// 0x09: pictogram encoding.
    public static let pictogram = DataCoding(rawValue: 0x09)
    /// 0x0A: ISO-2022-JP (music codes).
    public static let iso2022JP = DataCoding(rawValue: 0x0A)
    /// 0x0D: extended Kanji JIS (X 0212-1990).
    public static let extendedKanjiJIS = DataCoding(rawValue: 0x0D)
    /// 0x0E: KS C 5601.
    public static let ksc5601 = DataCoding(rawValue: 0x0E)

    /// The alphabet the octets are written in.
    ///
    /// - 0x00 is the peer's default alphabet (`defaultAlphabet`).
    /// - 0x01 IA5 → ``Alphabet/ascii``, 0x03 → ``Alphabet/latin1``, 0x08 → ``Alphabet/ucs2``.
    /// - 0x02 and 0x04 are 8-bit data → ``Alphabet/binary``.
    /// - The other SMPP codes 0x05–0x0F (JIS, Cyrillic, Hebrew, pictogram, ISO-2022-JP, Kanji, KS C 5601, reserved)
    ///   are octets we do not interpret as text, so they are reported as ``Alphabet/binary`` too.
    /// - 0x10–0x3F (general data coding) and 0x40–0x7F (automatic deletion group, coded "exactly the same")
    ///   follow 3GPP TS 23.038 §4: bit 5 set means compressed (we do not decompress → binary); otherwise bits 3–2
    ///   select 00 GSM 7-bit, 01 8-bit, 10 UCS-2, 11 reserved (→ binary). SMPP 3.4 calls these values reserved,
    ///   but handsets and SMSCs that pass a TP-DCS through unchanged use them, and 23.038 is unambiguous.
    ///   0x00–0x0F are not read this way: SMPP gives them their own meanings (0x01 is IA5, not GSM class-less).
    /// - 0x80–0xBF are reserved coding groups → binary.
    /// - 0xC0–0xDF (message waiting indication, discard/store) → GSM 7-bit; 0xE0–0xEF (store, UCS-2) → UCS-2.
    /// - 0xF0–0xFF (data coding/message class): bit 2 set → 8-bit data, else GSM 7-bit.
    ///
    /// GSM 7-bit outside 0x00 uses the same wire form (packed or unpacked) as the peer's default alphabet when that
    /// is GSM, otherwise unpacked, which is how SMPP peers carry it.
    public func alphabet(defaultAlphabet: DefaultAlphabet) -> Alphabet {
        switch self.rawValue {
        case 0x00:
            switch defaultAlphabet {
            case .gsm7Unpacked, .gsm7Packed: return .gsm7
            case .ascii: return .ascii
            case .latin1: return .latin1
            }
        case 0x01: return .ascii
        case 0x03: return .latin1
        case 0x08: return .ucs2
        case 0x02, 0x04...0x07, 0x09...0x0F: return .binary
        case 0x10...0x7F:
            if self.rawValue & 0x20 != 0 { return .binary }
            switch (self.rawValue >> 2) & 0x03 {
            case 0x00: return .gsm7
            case 0x02: return .ucs2
            default: return .binary
            }
        case 0x80...0xBF: return .binary
        case 0xC0...0xDF: return .gsm7
        case 0xE0...0xEF: return .ucs2
        default:  // 0xF0...0xFF
            return self.rawValue & 0x04 != 0 ? .binary : .gsm7
        }
    }
}

extension DataCoding: CustomStringConvertible {
    public var description: String {
        let hex = String(self.rawValue, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}

/// The character set a `data_coding` value puts the octets in.
public enum Alphabet: Hashable, Sendable {
    /// GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1).
    case gsm7
    /// 7-bit ASCII (IA5).
    case ascii
    /// ISO-8859-1.
    case latin1
    /// UTF-16BE (UCS-2 with surrogate pairs).
    case ucs2
    /// Octets that are not text to us: 8-bit data, compressed data and character sets we do not decode.
    case binary
}

/// What `data_coding` 0 ("SMSC default alphabet") means for a particular peer.
///
/// SMPP 3.4 leaves this to the SMSC vendor. The usual form is GSM 03.38 with one septet per octet.
public enum DefaultAlphabet: String, Hashable, Sendable, CaseIterable {
    /// GSM 7-bit, one septet per octet (high bit zero). The common SMPP form and our default.
    case gsm7Unpacked = "gsm7"
    /// GSM 7-bit packed eight septets into seven octets (3GPP TS 23.038 §6.1.2.1.1), as on the air interface.
    case gsm7Packed = "gsm7-packed"
    /// 7-bit ASCII.
    case ascii
    /// ISO-8859-1.
    case latin1
}
