// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `data_coding` 0x03 (SMPP 3.4 §5.2.19): ISO-8859-1, one character per octet.
public enum Latin1 {
    /// Decodes octets; every octet is a character (U+0000–U+00FF), so this never fails.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(Unicode.Scalar(byte))
        }
        return String(scalars)
    }

    /// Encodes text; `nil` if any scalar is above U+00FF.
    public static func encode(_ text: some StringProtocol) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return nil }
            bytes.append(UInt8(scalar.value))
        }
        return bytes
    }
}

/// `data_coding` 0x01 (SMPP 3.4 §5.2.19): IA5 (CCITT T.50), i.e. 7-bit US-ASCII, one character per octet.
public enum IA5 {
    /// Decodes octets as ASCII.
    ///
    /// IA5 is a 7-bit code. An octet with the high bit set is not IA5 and we cannot know what the sender meant,
    /// so it decodes as U+FFFD rather than being guessed as Latin-1 or silently masked.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Encodes text; `nil` if any scalar is above U+007F.
    public static func encode(_ text: some StringProtocol) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
