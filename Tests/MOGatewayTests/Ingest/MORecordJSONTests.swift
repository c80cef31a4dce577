// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

/// `jsonV1()` is written by hand for speed; `JSONEncoder` with the contract's options is the reference.
@Suite struct MORecordJSONTests {
    /// Records that exercise every optional field, escapes, non-ASCII text, and TLV names in sorting corners.
    static func record(_ index: Int) -> MORecord {
        var record = MORecord(
            id: "01JDXYZABCDEF\(index)",
            type: index % 5 == 0 ? .dlr : .mo,
            from: "+44770090\(index)",
            fromRaw: .init(addr: "4477009\(index)", ton: 1, npi: 1),
            fromValid: index % 2 == 0,
            to: "4455",
            toRaw: .init(addr: "4455", ton: 0, npi: 12),
            toValid: true,
            text: index % 7 == 0 ? nil : "Hi \"there\" \\ / \n\t\r\u{08}\u{0C}\u{01}\u{1F}\u{7F} € 😀 é \(index)",
            encoding: "gsm7",
            dataCoding: UInt8(index % 256),
            bodyHex: "48690a",
            parts: 1 + index % 3,
            concat: index % 3 == 0 ? .init(ref: index, total: 3, scheme: "udh8") : nil,
            receivedAt: Date(
                timeIntervalSince1970: 1_700_000_000 + Double(index) * 0.0137 + Double(index % 1000) / 997
            ),
            smpp: .init(
                command: "deliver_sm",
                systemID: "sys\(index)",
                esmClass: 0x40,
                serviceType: index % 2 == 0 ? "" : "WAP",
                sequenceNumbers: index % 4 == 0 ? [] : [UInt32(index), 7, 0x7FFF_FFFF],
                tlvs: index % 2 == 0
                    ? [:]
                    : ["callback_num": "0102", "0x1401": "ff", "0x5": "00", "0x1400": "aa", "Z": "", "a_b": "1"]
            )
        )
        if index % 5 == 0 {
            var receipt = MORecord.Receipt(messageID: "abc\(index)")
            if index % 2 == 0 {
                receipt.stat = "DELIVRD"
                receipt.err = "000"
                receipt.submitDate = "2401011200"
                receipt.doneDate = "2401011201"
                receipt.submitted = 1
                receipt.delivered = 1
                receipt.text = "hello"
            }
            if index % 3 == 0 {
                receipt.messageState = 2
                receipt.networkErrorCode = "030001"
            }
            record.receipt = receipt
        }
        if index % 11 == 0 {
            record.incomplete = true
            record.receivedParts = [1, 3]
        }
        return record
    }

    @Test func jsonV1MatchesJSONEncoderByteForByte() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for index in 0..<600 {
            let record = Self.record(index)
            let expected = try encoder.encode(record)
            let actual = try record.jsonV1()
            #expect(actual == expected, "record \(index): \(String(decoding: actual, as: UTF8.self))")
            // And it reads back: decoding and writing again gives the same bytes.
            #expect(try JSONDecoder().decode(MORecord.self, from: actual).jsonV1() == actual)
        }
    }

    @Test func timestampsMatchFoundationsFormatStyle() {
        var generator = SeededGenerator(seed: 7)
        let style: Date.ISO8601FormatStyle = .iso8601.year().month().day().time(includingFractionalSeconds: true)
            .timeZone(separator: .omitted)
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_676_221.889), Date()]
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_000_000_000, using: &generator)))
            // Whole milliseconds, the values whose binary fraction sits just below or above the digit.
            let milliseconds = Int64.random(in: 1_600_000_000_000..<1_900_000_000_000, using: &generator)
            dates.append(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        }
        for date in dates {
            #expect(MOTimestamp.string(date) == date.formatted(style), "\(date.timeIntervalSince1970)")
        }
    }
}

/// SplitMix64: the same dates on every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
