// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Up to 32 decimal digits, packed four bits each into two words, so parsing never allocates.
///
/// Parsing only ever drops a prefix (a calling code, an IDD or national prefix) or puts a few digits in front
/// (a national prefix transform rule), which are shifts here.
struct DigitString: Hashable, Sendable {
    static let capacity = 32

    /// Digit i lives in bits 4i..<4i+4 of the 128-bit value `high:low`.
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private(set) var count: Int = 0

    init() {}

    @inline(__always)
    subscript(index: Int) -> UInt8 {
        let word = index < 16 ? self.low : self.high
        return UInt8(truncatingIfNeeded: word >> UInt64((index & 15) * 4)) & 0xF
    }

    /// Appends a digit (0-9); false when the string is full.
    @inline(__always)
    mutating func append(_ digit: UInt8) -> Bool {
        guard self.count < Self.capacity else { return false }
        let shift = UInt64((self.count & 15) * 4)
        if self.count < 16 {
            self.low |= UInt64(digit) << shift
        } else {
            self.high |= UInt64(digit) << shift
        }
        self.count += 1
        return true
    }

    /// The digits after the first `k`.
    func dropFirst(_ k: Int) -> DigitString {
        var result = self
        let bits = k * 4
        if bits >= 64 {
            result.low = self.high >> UInt64(bits - 64)
            result.high = 0
        } else if bits > 0 {
            result.low = (self.low >> UInt64(bits)) | (self.high << UInt64(64 - bits))
            result.high = self.high >> UInt64(bits)
        }
        result.count = self.count - k
        return result
    }

    /// `prefix` followed by these digits, or nil if that is more than ``capacity`` digits.
    func prefixed(by prefix: DigitString) -> DigitString? {
        guard prefix.count + self.count <= Self.capacity else { return nil }
        var result = prefix
        let bits = prefix.count * 4
        if bits >= 64 {
            result.high |= self.low << UInt64(bits - 64)
        } else if bits > 0 {
            result.low |= self.low << UInt64(bits)
            result.high |= (self.high << UInt64(bits)) | (self.low >> UInt64(64 - bits))
        } else {
            return self
        }
        result.count = prefix.count + self.count
        return result
    }

    /// Whether the digits start with the decimal digits of `value` (which has `length` digits).
    func hasPrefix(_ value: Int, length: Int) -> Bool {
        guard self.count >= length else { return false }
        return self.value(ofFirst: length) == UInt64(value)
    }

    /// The first `k` digits as a number.
    func value(ofFirst k: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<k {
            value = value &* 10 &+ UInt64(self[index])
        }
        return value
    }
}
