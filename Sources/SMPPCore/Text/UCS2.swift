// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `data_coding` 0x08 (SMPP 3.4 §5.2.19), read and written as UTF-16 big-endian.
///
/// The spec says UCS-2, which has no surrogates, but handsets and SMSCs send emoji as surrogate pairs, so this is
/// UTF-16BE in practice. Capacity is counted in UTF-16 code units: 70 per single message.
public enum UCS2 {
    /// Decodes UTF-16BE octets, including surrogate pairs.
    ///
    /// Malformed input is repaired rather than rejected, because an MO message with one bad unit is still worth
    /// delivering: a lone surrogate and an odd trailing octet each become U+FFFD.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var high: UInt8?
        for byte in bytes {
            if let first = high {
                units.append(UInt16(first) << 8 | UInt16(byte))
                high = nil
            } else {
                high = byte
            }
        }
        // String(decoding:as:) replaces unpaired surrogates with U+FFFD.
        let text = String(decoding: units, as: UTF16.self)
        return high == nil ? text : text + "\u{FFFD}"
    }

    /// Encodes text as UTF-16BE; characters outside the BMP become surrogate pairs. Never fails.
    public static func encode(_ text: some StringProtocol) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf16.count * 2)
        for unit in text.utf16 {
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
            bytes.append(UInt8(truncatingIfNeeded: unit))
        }
        return bytes
    }

    /// The number of UTF-16 code units `text` needs; a character outside the BMP counts two.
    public static func codeUnitCount(_ text: some StringProtocol) -> Int {
        text.utf16.count
    }
}
