// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Byte-level helpers for the rendered forms: decimal and hex numbers, hex dumps and JSON strings.
///
/// The decode command renders tens of thousands of PDUs per run, so output is built as octets in one reused
/// array rather than through `String` interpolation or Foundation.
extension Array where Element == UInt8 {
    /// Appends the octets of a static string (a field name or punctuation).
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { self.append(contentsOf: $0) }
    }

    /// Appends `value` in decimal.
    mutating func appendDecimal(_ value: UInt64) {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        // Reserve the digits, then fill them from the right: no intermediate String or array.
        self.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var remaining = value
        var index = self.count - 1
        while remaining > 0 {
            self[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// Appends `value` as `width` lowercase hex digits, most significant first.
    mutating func appendHex(_ value: UInt64, width: Int) {
        var shift = (width - 1) * 4
        while shift >= 0 {
            self.append(Self.hexDigit(UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0x0F))
            shift -= 4
        }
    }

    /// Appends each octet of `bytes` as two lowercase hex digits.
    mutating func appendHexDump(_ bytes: some Sequence<UInt8>) {
        // ByteBufferView and arrays are contiguous: fill the output in place, the hot path of `decode --json`.
        let done: Void? = bytes.withContiguousStorageIfAvailable { octets in
            let start = self.count
            self.append(contentsOf: repeatElement(0, count: octets.count * 2))
            self.withUnsafeMutableBufferPointer { output in
                var index = start
                for byte in octets {
                    output[index] = Self.hexDigit(byte >> 4)
                    output[index + 1] = Self.hexDigit(byte & 0x0F)
                    index += 2
                }
            }
        }
        if done != nil { return }
        for byte in bytes {
            self.append(Self.hexDigit(byte >> 4))
            self.append(Self.hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }

    /// Appends `text` as a JSON string literal (RFC 8259 §7): quotes, backslash and control characters escaped.
    mutating func appendJSONString(_ text: String) {
        self.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                self.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                self.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): self.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): self.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\n"): self.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): self.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): self.append(UInt8(ascii: "t"))
                case 0x08: self.append(UInt8(ascii: "b"))
                case 0x0C: self.append(UInt8(ascii: "f"))
                default:
                    self.append(contentsOf: "u00".utf8)
                    self.appendHex(UInt64(byte), width: 2)
                }
            }
            self.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        self.append(UInt8(ascii: "\""))
    }
}
