// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The form Jasmin's HTTP API sends for an MO (and for a receipt), and the `ACK/Jasmin` rule.
///
/// MO fields, as in Jasmin's "Receiving SMS-MO": `id`, `from`, `to`, `origin-connector`, `priority`, `coding`,
/// `validity`, `content` and `binary` (the content, hexlified). `priority` and `validity` are optional in Jasmin
/// and an MO record carries neither, so they are not sent. Receipts use Jasmin's DLR fields: `id`,
/// `message_status`, `level`, `connector`, and, when known, `id_smsc`, `sub`, `dlvrd`, `subdate`, `donedate`,
/// `err`, `text`.
enum JasminForm {
    static let acknowledgement = "ACK/Jasmin"

    static func fields(for record: MORecord, originConnector: String?) -> [(String, String)] {
        let connector = originConnector ?? record.smpp.systemID
        if record.type == .dlr, let receipt = record.receipt {
            var fields: [(String, String)] = [
                ("id", receipt.messageID),
                ("message_status", receipt.stat ?? ""),
                ("level", "2"),  // terminal level: a deliver_sm receipt
                ("connector", connector),
                ("id_smsc", receipt.messageID),
            ]
            let optional: [(String, String?)] = [
                ("sub", receipt.submitted.map { String($0) }),
                ("dlvrd", receipt.delivered.map { String($0) }),
                ("subdate", receipt.submitDate),
                ("donedate", receipt.doneDate),
                ("err", receipt.err),
                ("text", receipt.text),
            ]
            for case (let name, let value?) in optional {
                fields.append((name, value))
            }
            return fields
        }
        return [
            ("id", record.id),
            ("from", record.from),
            ("to", record.to),
            ("origin-connector", connector),
            ("coding", String(record.dataCoding)),
            ("content", record.text ?? ""),
            ("binary", record.bodyHex),
        ]
    }

    /// `application/x-www-form-urlencoded`, as Python's `urlencode` writes it: space as `+`, UTF-8 escaped.
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += PercentEscape.escaped(byte)
            }
        }
        return out
    }

    /// Jasmin requires the body to be exactly `ACK/Jasmin`; surrounding whitespace (a trailing newline from
    /// `echo`) is forgiven.
    static func isAcknowledgement(_ body: [UInt8]) -> Bool {
        String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == Self.acknowledgement
    }
}

enum PercentEscape {
    private static let digits = Array("0123456789ABCDEF".utf8)

    static func escaped(_ byte: UInt8) -> String {
        String(
            decoding: [UInt8(ascii: "%"), Self.digits[Int(byte >> 4)], Self.digits[Int(byte & 0x0f)]],
            as: UTF8.self
        )
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var high: UInt8?
        for character in hex.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: continue
            }
            if let first = high {
                out.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
    }
}
