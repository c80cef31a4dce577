// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// The tag `mogate load` writes into every message text, so that `mogate sink` can tell messages apart and measure
/// the end-to-end latency: `mg1:<run>:<seq>:<micros>`.
///
/// - `run`: 4 lowercase hex digits, random per run, so that a sink that outlives a run does not mix two runs up.
/// - `seq`: the message's number in the run, from 0; unique within the run.
/// - `micros`: when the message was sent (for a fixed rate: when it was due), in microseconds since the Unix
///   epoch (the wall clock, so that another process on the same machine can compare).
///
/// Every character is in the GSM 03.38 default alphabet and is left alone by URL encoding, and the tag has no
/// spaces, so it survives every encoding, concatenation, Kannel's `%a` and form encoding. It is at most 40 characters.
public struct LoadTag: Hashable, Sendable, CustomStringConvertible {
    public var run: UInt16
    public var sequence: UInt64
    public var sentMicros: UInt64

    public init(run: UInt16, sequence: UInt64, sentMicros: UInt64) {
        self.run = run
        self.sequence = sequence
        self.sentMicros = sentMicros
    }

    static let prefix: [UInt8] = Array("mg1:".utf8)

    public var description: String {
        let run = String(self.run, radix: 16)
        return "mg1:\(String(repeating: "0", count: 4 - run.count))\(run):\(self.sequence):\(self.sentMicros)"
    }

    /// The unique part: run and sequence, without the time.
    public var key: UInt64 { UInt64(self.run) << 48 | (self.sequence & 0xFFFF_FFFF_FFFF) }

    /// Finds the first tag in `text`.
    public static func find(in text: some StringProtocol) -> LoadTag? {
        Self.find(in: Array(text.utf8))
    }

    /// Finds the first tag in UTF-8 (or ASCII-compatible) bytes.
    public static func find(in bytes: [UInt8]) -> LoadTag? {
        guard bytes.count >= Self.prefix.count else { return nil }
        var start = 0
        while start + Self.prefix.count <= bytes.count {
            if bytes[start..<start + Self.prefix.count].elementsEqual(Self.prefix),
                let tag = Self.parse(bytes, from: start + Self.prefix.count)
            {
                return tag
            }
            start += 1
        }
        return nil
    }

    private static func parse(_ bytes: [UInt8], from start: Int) -> LoadTag? {
        var index = start
        func number(radix: UInt64, maxDigits: Int) -> UInt64? {
            var value: UInt64 = 0
            var digits = 0
            while index < bytes.count, digits < maxDigits, let digit = Self.digit(bytes[index], radix: radix) {
                value = value * radix + digit
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : value
        }
        func colon() -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            return true
        }
        guard let run = number(radix: 16, maxDigits: 4), index - start == 4, colon(),
            let sequence = number(radix: 10, maxDigits: 15), colon(),
            let micros = number(radix: 10, maxDigits: 17)
        else { return nil }
        return LoadTag(run: UInt16(run), sequence: sequence, sentMicros: micros)
    }

    private static func digit(_ byte: UInt8, radix: UInt64) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: UInt64(byte - UInt8(ascii: "a") + 10)
        default: nil
        }
    }
}
