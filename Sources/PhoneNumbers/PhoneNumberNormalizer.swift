// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Normalizes SMPP addresses (digits, TON, default country) to E.164, the way libphonenumber's
/// `format_number(parse(address, region), E164)` does.
///
/// ```swift
/// let normalizer = PhoneNumberNormalizer(defaultRegion: RegionCode("GB")!)
/// normalizer.normalize("07700900123", ton: .national).e164?.description   // "+447700900123"
/// ```
///
/// - TON 1: the digits start with the calling code; a leading `+` or `00` is tolerated.
/// - TON 2: a national number; the trunk prefix is stripped or transformed as the metadata says.
/// - TON 0 (and 4, 7+): `+`, the default country's IDD prefix, national format, or digits that start with the
///   default calling code when that reading is the valid one.
/// - TON 5: alphanumeric; TON 3 and 6: short codes; both are passed through (not valid, no E.164).
///
/// A number is valid when its national significant number matches the general pattern and a possible length of
/// its calling code's numbering plan. Separators (space, tab, `-`, `.`, `(`, `)`) are ignored, for numbers that
/// came over HTTP. The NPI does not change the reading: peers set 0 or 1 for the same numbers.
public struct PhoneNumberNormalizer: Hashable, Sendable {
    /// The country of national numbers.
    public var defaultRegion: RegionCode

    public init(defaultRegion: RegionCode) {
        self.defaultRegion = defaultRegion
    }

    /// Normalizes an address given as text.
    public func normalize(_ address: some StringProtocol, ton: TypeOfNumber) -> NormalizedAddress {
        self.normalize(octets: address.utf8, ton: ton)
    }

    /// Normalizes an address given as octets, such as an SMPP C-Octet String without its NUL.
    public func normalize(octets address: some Collection<UInt8>, ton: TypeOfNumber) -> NormalizedAddress {
        // Strings, arrays and ByteBuffer views are contiguous; anything else is copied once.
        if let result = address.withContiguousStorageIfAvailable({ self.normalize(buffer: $0, ton: ton) }) {
            return result
        }
        return Array(address).withUnsafeBufferPointer { self.normalize(buffer: $0, ton: ton) }
    }

    /// Normalizes an address given as raw octets.
    public func normalize(octets address: UnsafeRawBufferPointer, ton: TypeOfNumber) -> NormalizedAddress {
        self.normalize(buffer: address.bindMemory(to: UInt8.self), ton: ton)
    }

    private func normalize(buffer address: UnsafeBufferPointer<UInt8>, ton: TypeOfNumber) -> NormalizedAddress {
        switch ton {
        case .alphanumeric:
            return .alphanumeric
        case .networkSpecific, .abbreviated:
            return .shortcode
        default:
            break
        }
        let cleaned: CleanedAddress
        switch CleanedAddress.read(address) {
        case .success(let value): cleaned = value
        case .failure(let reason): return .invalid(reason)
        }
        var reader = AddressReader(defaultRegion: self.defaultRegion.index, explicitlyInternational: cleaned.plus)
        switch ton {
        case .international:
            // Calling codes never start with 0, so a leading 00 can only be the common IDD prefix.
            var digits = cleaned.digits
            if digits.count >= 2 && digits[0] == 0 && digits[1] == 0 {
                digits = digits.dropFirst(2)
            }
            return reader.international(digits)
        case .national:
            return cleaned.plus ? reader.internationalAfterPlus(cleaned.digits) : reader.national(cleaned.digits)
        default:
            return cleaned.plus
                ? reader.internationalAfterPlus(cleaned.digits) : reader.unknown(cleaned.digits)
        }
    }
}

/// The digits of an address with its separators removed, and whether it started with `+`.
struct CleanedAddress {
    var digits = DigitString()
    var plus = false

    enum Read {
        case success(CleanedAddress)
        case failure(InvalidReason)
    }

    static func read(_ address: UnsafeBufferPointer<UInt8>) -> Read {
        var result = CleanedAddress()
        var sawDigitOrPlus = false
        var tooLong = false
        for byte in address {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigitOrPlus = true
                if !result.digits.append(byte &- UInt8(ascii: "0")) { tooLong = true }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("),
                UInt8(ascii: ")"):
                continue
            case UInt8(ascii: "+") where !sawDigitOrPlus:
                sawDigitOrPlus = true
                result.plus = true
            default:
                return .failure(InvalidReason(.nonDigit, character: byte))
            }
        }
        if tooLong { return .failure(InvalidReason(.tooLong)) }
        if result.digits.count == 0 { return .failure(InvalidReason(.empty)) }
        return .success(result)
    }
}
