// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import SMPPCore

/// Joins the stored parts of a long message into one record.
///
/// The user data is joined first and decoded once, so that a UCS-2 surrogate pair (an emoji) split across two
/// parts comes out as one character. The envelope is the first part's; the sequence numbers are all parts'.
public enum MOAssembler {
    /// The whole message from all its parts, in any order.
    @Sendable public static func assemble(_ parts: [MOPart]) -> MORecord {
        Self.assemble(parts, defaultAlphabet: .gsm7Unpacked)
    }

    /// The message from the parts that arrived, marked incomplete when some are missing.
    public static func assemble(_ parts: [MOPart], defaultAlphabet: DefaultAlphabet) -> MORecord {
        precondition(!parts.isEmpty, "a message has at least one part")
        let ordered = parts.sorted { $0.sequence < $1.sequence }
        let first = ordered[0]
        var record = first.record
        let payload = ordered.flatMap(\.payload)
        let alphabet = defaultAlphabet == .gsm7Packed ? DefaultAlphabet.gsm7Unpacked : defaultAlphabet
        record.text = SMSText.decode(
            payload,
            dataCoding: DataCoding(rawValue: record.dataCoding),
            defaultAlphabet: alphabet
        )
        record.bodyHex = Self.hex(payload)
        record.parts = first.key.total
        record.concat = MORecord.Concat(ref: first.key.reference, total: first.key.total, scheme: first.key.scheme)
        record.smpp.sequenceNumbers = ordered.flatMap(\.record.smpp.sequenceNumbers)
        record.receivedAt = ordered.map(\.receivedAt).min() ?? first.receivedAt
        if ordered.count < first.key.total {
            record.incomplete = true
            record.receivedParts = ordered.map(\.sequence)
        }
        return record
    }

    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var characters = [UInt8]()
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
