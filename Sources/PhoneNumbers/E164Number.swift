// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// An E.164 number: a calling code and a national significant number, at most 15 digits in all.
///
/// Stored as one integer, which is exact because calling codes never start with 0; it is a plain value with no
/// heap storage, and ``description`` makes the `+447700900123` string only when asked.
public struct E164Number: Hashable, Sendable, CustomStringConvertible {
    /// The digits, as a number.
    private var value: UInt64
    private var digitCount: UInt8
    private var callingCodeLength: UInt8

    init(digits: DigitString, callingCodeLength: Int) {
        self.value = digits.value(ofFirst: digits.count)
        self.digitCount = UInt8(digits.count)
        self.callingCodeLength = UInt8(callingCodeLength)
    }

    /// The country calling code, e.g. 44.
    public var callingCode: Int {
        var divisor: UInt64 = 1
        for _ in 0..<(Int(self.digitCount) - Int(self.callingCodeLength)) { divisor &*= 10 }
        return Int(self.value / divisor)
    }

    /// The number of digits, without the `+`.
    public var count: Int { Int(self.digitCount) }

    /// Calls `body` with the ASCII bytes of the number, `+` first, from a stack buffer.
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // Sixteen bytes: the `+` and at most 15 digits.
        var bytes: (UInt64, UInt64) = (0, 0)
        return try withUnsafeMutableBytes(of: &bytes) { raw in
            let count = Int(self.digitCount)
            raw[0] = UInt8(ascii: "+")
            var remaining = self.value
            for index in stride(from: count, to: 0, by: -1) {
                raw[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            return try body(UnsafeBufferPointer(start: raw.bindMemory(to: UInt8.self).baseAddress, count: count + 1))
        }
    }

    /// `+` and the digits, e.g. `+447700900123`.
    public var description: String {
        self.withUTF8 { String(decoding: $0, as: UTF8.self) }
    }
}
