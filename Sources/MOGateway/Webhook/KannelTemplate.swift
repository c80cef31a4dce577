// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Kannel's `get-url` escape codes (Kannel User's Guide, "Parameters (Escape Codes)"), filled in from a record.
///
/// | code | value |
/// |---|---|
/// | `%p` | the sender (`from`) |
/// | `%P` | the receiver (`to`) |
/// | `%a` | all words of the text, joined by single spaces |
/// | `%b` | the original message, binary (the user data bytes) |
/// | `%c` | the coding: `0` 7-bit, `1` 8-bit, `2` UCS-2 |
/// | `%t` | the receive time, `YYYY-MM-DD+HH:MM:SS` in UTC, as Kannel writes it |
/// | `%T` | the receive time, Unix seconds |
/// | `%i` | the SMSC id: the peer's `system_id` |
/// | `%I` | the message id (mogate's `id`) |
/// | `%d` | receipts: the DLR type, `1` delivered, `2` failed, `4` buffered, `8` SMSC accepted |
/// | `%A` | receipts: the receipt text |
/// | `%F` | receipts: the receipted (foreign) message id |
/// | `%%` | a `%` |
///
/// Values are URL-escaped as Kannel's `octstr_url_encode` does: letters, digits and `-_.!~*'()` stay, every other
/// byte of the UTF-8 (or, for `%b`, raw) value becomes `%XX`. An unknown code is left as it is.
public enum KannelTemplate {
    /// `template` with every escape code replaced by the record's value.
    public static func expand(_ template: String, with record: MORecord) -> String {
        var out = ""
        var iterator = template.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                out.append(character)
                continue
            }
            guard let code = iterator.next() else {
                out.append("%")
                break
            }
            if let value = Self.value(code, record: record) {
                out += value
            } else {
                out.append("%")
                out.append(code)
            }
        }
        return out
    }

    private static func value(_ code: Character, record: MORecord) -> String? {
        switch code {
        case "p": Self.escape(Array(record.from.utf8))
        case "P": Self.escape(Array(record.to.utf8))
        case "a": Self.escape(Array(Self.words(record.text ?? "").utf8))
        case "b": Self.escape(PercentEscape.bytes(hex: record.bodyHex))
        case "c": Self.coding(record.encoding)
        case "t": Self.kannelTime(record.receivedAt)
        case "T": String(Int64(record.receivedAt.timeIntervalSince1970.rounded(.down)))
        case "i": Self.escape(Array(record.smpp.systemID.utf8))
        case "I": Self.escape(Array(record.id.utf8))
        case "d": Self.dlrType(record.receipt?.stat)
        case "A": Self.escape(Array((record.receipt?.text ?? record.text ?? "").utf8))
        case "F": Self.escape(Array((record.receipt?.messageID ?? "").utf8))
        case "%": "%"
        default: nil
        }
    }

    /// Kannel's `%a`: the words of the message, separated by one space.
    private static func words(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func coding(_ encoding: String) -> String {
        switch encoding {
        case "ucs2": "2"
        case "binary": "1"
        default: "0"
        }
    }

    private static func dlrType(_ stat: String?) -> String {
        switch stat {
        case nil: ""
        case "DELIVRD": "1"
        case "ENROUTE": "4"
        case "ACCEPTD": "8"
        default: "2"
        }
    }

    private static func kannelTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let year = String(parts.year ?? 1970)
        return
            "\(year)-\(two(parts.month))-\(two(parts.day))+\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    static func escape(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "!"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("),
                UInt8(ascii: ")"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += PercentEscape.escaped(byte)
            }
        }
        return out
    }
}
