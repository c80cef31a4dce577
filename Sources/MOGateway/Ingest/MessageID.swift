// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Record ids: ULIDs (48-bit milliseconds, then 80 random bits, in Crockford base32), so ids sort by arrival and
/// never collide across restarts or instances.
public enum MessageID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return Self.make(milliseconds: UInt64(max(0, date.timeIntervalSince1970 * 1000)), using: &generator)
    }

    static func make(milliseconds: UInt64, using generator: inout some RandomNumberGenerator) -> String {
        let high =
            UInt64(truncatingIfNeeded: milliseconds) << 16 | UInt64(UInt16.random(in: .min ... .max, using: &generator))
        let low = UInt64.random(in: .min ... .max, using: &generator)
        // 128 bits → 26 characters of 5 bits (the first carries 3).
        var characters = [UInt8](repeating: 0, count: 26)
        for index in 0..<26 {
            let shift = 125 - 5 * index
            let value: UInt64
            if shift >= 64 {
                value = high >> UInt64(shift - 64)
            } else if shift > 59 {
                value = (high << UInt64(64 - shift)) | (low >> UInt64(shift))
            } else {
                value = low >> UInt64(shift)
            }
            characters[index] = Self.alphabet[Int(value & 0x1F)]
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
