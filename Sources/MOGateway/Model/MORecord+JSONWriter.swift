// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes JSON format v1 directly: the bytes `JSONEncoder` makes with `.sortedKeys` and `.withoutEscapingSlashes`
/// from `MORecord.encode(to:)`, at a fraction of the cost (every MO is encoded once, on the ingest path).
///
/// The keys of each object are written in sorted order, by hand; `MORecordJSONTests` checks the output against
/// `JSONEncoder`'s byte for byte.
struct MORecordJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 768) { self.bytes.reserveCapacity(capacity) }

    mutating func write(_ record: MORecord) {
        self.raw("{\"body_hex\":")
        self.string(record.bodyHex)
        self.raw(",\"concat\":")
        if let concat = record.concat {
            self.raw("{\"ref\":")
            self.integer(concat.ref)
            self.raw(",\"scheme\":")
            self.string(concat.scheme)
            self.raw(",\"total\":")
            self.integer(concat.total)
            self.raw("}")
        } else {
            self.raw("null")
        }
        self.raw(",\"data_coding\":")
        self.integer(Int(record.dataCoding))
        self.raw(",\"encoding\":")
        self.string(record.encoding)
        self.raw(",\"from\":")
        self.string(record.from)
        self.raw(",\"from_raw\":")
        self.address(record.fromRaw)
        self.raw(",\"from_valid\":")
        self.bool(record.fromValid)
        self.raw(",\"id\":")
        self.string(record.id)
        if let incomplete = record.incomplete {
            self.raw(",\"incomplete\":")
            self.bool(incomplete)
        }
        self.raw(",\"parts\":")
        self.integer(record.parts)
        if let receipt = record.receipt {
            self.raw(",\"receipt\":")
            self.receipt(receipt)
        }
        self.raw(",\"received_at\":")
        self.string(MOTimestamp.string(record.receivedAt))
        if let receivedParts = record.receivedParts {
            self.raw(",\"received_parts\":[")
            for (index, part) in receivedParts.enumerated() {
                if index > 0 { self.raw(",") }
                self.integer(part)
            }
            self.raw("]")
        }
        self.raw(",\"smpp\":")
        self.smpp(record.smpp)
        self.raw(",\"text\":")
        if let text = record.text { self.string(text) } else { self.raw("null") }
        self.raw(",\"to\":")
        self.string(record.to)
        self.raw(",\"to_raw\":")
        self.address(record.toRaw)
        self.raw(",\"to_valid\":")
        self.bool(record.toValid)
        self.raw(",\"type\":")
        self.string(record.type.rawValue)
        self.raw("}")
    }

    private mutating func address(_ address: MORecord.RawAddress) {
        self.raw("{\"addr\":")
        self.string(address.addr)
        self.raw(",\"npi\":")
        self.integer(Int(address.npi))
        self.raw(",\"ton\":")
        self.integer(Int(address.ton))
        self.raw("}")
    }

    private mutating func smpp(_ smpp: MORecord.SMPPInfo) {
        self.raw("{\"command\":")
        self.string(smpp.command)
        self.raw(",\"esm_class\":")
        self.integer(Int(smpp.esmClass))
        self.raw(",\"protocol_id\":")
        self.integer(Int(smpp.protocolID))
        self.raw(",\"sequence_numbers\":[")
        for (index, number) in smpp.sequenceNumbers.enumerated() {
            if index > 0 { self.raw(",") }
            self.integer(Int(number))
        }
        self.raw("],\"service_type\":")
        self.string(smpp.serviceType)
        self.raw(",\"system_id\":")
        self.string(smpp.systemID)
        self.raw(",\"tlvs\":{")
        for (index, key) in smpp.tlvs.keys.sorted(by: Self.precedes).enumerated() {
            if index > 0 { self.raw(",") }
            self.string(key)
            self.raw(":")
            self.string(smpp.tlvs[key]!)
        }
        self.raw("}}")
    }

    private mutating func receipt(_ receipt: MORecord.Receipt) {
        // Synthesised Codable: optional fields are left out when nil.
        var first = true
        func key(_ name: String, _ writer: inout MORecordJSONWriter) {
            writer.raw(first ? "{\"" : ",\"")
            writer.raw(name)
            writer.raw("\":")
            first = false
        }
        if let value = receipt.delivered {
            key("dlvrd", &self)
            self.integer(value)
        }
        if let value = receipt.doneDate {
            key("done_date", &self)
            self.string(value)
        }
        if let value = receipt.err {
            key("err", &self)
            self.string(value)
        }
        key("message_id", &self)
        self.string(receipt.messageID)
        if let value = receipt.messageState {
            key("message_state", &self)
            self.integer(Int(value))
        }
        if let value = receipt.networkErrorCode {
            key("network_error_code", &self)
            self.string(value)
        }
        if let value = receipt.stat {
            key("stat", &self)
            self.string(value)
        }
        if let value = receipt.submitted {
            key("sub", &self)
            self.integer(value)
        }
        if let value = receipt.submitDate {
            key("submit_date", &self)
            self.string(value)
        }
        if let value = receipt.text {
            key("text", &self)
            self.string(value)
        }
        self.raw("}")
    }

    /// The order `.sortedKeys` puts keys in.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
    }

    private mutating func raw(_ text: String) {
        self.bytes.append(contentsOf: text.utf8)
    }

    private mutating func bool(_ value: Bool) {
        self.raw(value ? "true" : "false")
    }

    private mutating func integer(_ value: Int) {
        if value >= 0 && value < 10 {
            self.bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            self.bytes.append(contentsOf: String(value).utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`, `/` and
    /// everything else (UTF-8 included) as it is.
    /// Runs that need no escaping (nearly all of an MO) are copied whole, not byte by byte.
    private mutating func string(_ value: String) {
        self.bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                self.escape(byte)
                start = index + 1
            }
            self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): self.raw("\\\"")
        case UInt8(ascii: "\\"): self.raw("\\\\")
        case 0x08: self.raw("\\b")
        case 0x0C: self.raw("\\f")
        case 0x0A: self.raw("\\n")
        case 0x0D: self.raw("\\r")
        case 0x09: self.raw("\\t")
        default:
            self.raw("\\u00")
            self.bytes.append(Self.hexDigits[Int(byte >> 4)])
            self.bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}

extension MOTimestamp {
    /// `2026-11-26T17:00:00.123Z` with `gmtime_r` and digits written by hand: the string Foundation's ISO 8601
    /// format style makes (milliseconds truncated from the reference-date interval, as it does), for a tenth of the
    /// cost. nil outside years 1970–9999, which the caller formats with Foundation.
    static func fastString(_ date: Date) -> String? {
        let sinceReference = date.timeIntervalSinceReferenceDate
        guard sinceReference.isFinite else { return nil }
        let whole = sinceReference.rounded(.down)
        var milliseconds = Int(((sinceReference - whole) * 1000).rounded(.down))
        guard whole > -978_307_201, whole < 253_000_000_000 else { return nil }
        var seconds = Int(whole) + 978_307_200
        if milliseconds >= 1000 {
            milliseconds -= 1000
            seconds += 1
        }
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return nil }
        let year = Int(parts.tm_year) + 1900
        guard year >= 1970, year <= 9999 else { return nil }
        var out: [UInt8] = Array("0000-00-00T00:00:00.000Z".utf8)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        put(Int(parts.tm_mon) + 1, at: 5, width: 2)
        put(Int(parts.tm_mday), at: 8, width: 2)
        put(Int(parts.tm_hour), at: 11, width: 2)
        put(Int(parts.tm_min), at: 14, width: 2)
        put(Int(parts.tm_sec), at: 17, width: 2)
        put(milliseconds, at: 20, width: 3)
        return String(decoding: out, as: UTF8.self)
    }
}
