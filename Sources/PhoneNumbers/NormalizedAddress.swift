// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// The E.164 reading of an SMPP address, or why there is none.
///
/// Short codes and alphanumeric senders are not errors: they have no E.164 form, so ``isValid`` is false and the
/// caller keeps the address as it came. The address itself is not stored, so normalizing never allocates.
public struct NormalizedAddress: Hashable, Sendable {
    /// What kind of address it is.
    public enum Kind: Hashable, Sendable {
        /// A phone number (valid or not).
        case msisdn
        /// A short code: TON 3 or 6, or too short to be a subscriber number of its country.
        case shortcode
        /// An alphanumeric sender (TON 5).
        case alphanumeric
    }

    public var kind: Kind
    /// The E.164 number; present exactly when the address is a valid MSISDN.
    public var e164: E164Number?
    /// Why a ``Kind/msisdn`` address is not valid; nil for valid numbers, short codes and alphanumeric senders.
    public var invalidReason: InvalidReason?

    /// Whether the address is a valid MSISDN with an E.164 form.
    public var isValid: Bool { self.e164 != nil }

    static let shortcode = NormalizedAddress(kind: .shortcode)
    static let alphanumeric = NormalizedAddress(kind: .alphanumeric)

    static func valid(_ number: E164Number) -> NormalizedAddress {
        NormalizedAddress(kind: .msisdn, e164: number)
    }

    static func invalid(_ reason: InvalidReason) -> NormalizedAddress {
        NormalizedAddress(kind: .msisdn, invalidReason: reason)
    }

    init(kind: Kind, e164: E164Number? = nil, invalidReason: InvalidReason? = nil) {
        self.kind = kind
        self.e164 = e164
        self.invalidReason = invalidReason
    }
}
