// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// The GSM 7-bit default alphabet and extension table (3GPP TS 23.038 §6.2.1, §6.2.1.1).
///
/// SMPP peers usually carry it *unpacked*, one septet per octet. The *packed* form, eight septets in seven octets
/// (23.038 §6.1.2.1.1), is what the air interface uses and what some peers send for `data_coding` 0.
public enum GSM7 {
    /// Carriage return: the padding septet of 23.038 §6.1.2.1.1.
    static let carriageReturn: UInt8 = 0x0D

    // MARK: Unpacked

    /// Decodes septets stored one per octet.
    ///
    /// The high bit of each octet is ignored. An escape (0x1B) followed by a code that is not in the extension table
    /// decodes as that code's base-table character, as 23.038 §6.2.1.1 tells a receiver to display it.
    /// Escape-escape (reserved for a further extension table) and a lone trailing escape decode as a space.
    public static func decodeUnpacked(_ septets: some Collection<UInt8>) -> String {
        // Most traffic is plain letters, digits and punctuation, whose codes equal ASCII: no table walk needed.
        if septets.allSatisfy({ $0 < 0x80 && Self.asciiIdentical[Int($0)] }) {
            return String(decoding: septets, as: UTF8.self)
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(septets.count * 2)
        var escaped = false
        for octet in septets {
            let septet = octet & 0x7F
            if escaped {
                escaped = false
                if septet == Self.escape {
                    utf8.append(0x20)
                } else {
                    utf8.append(contentsOf: Self.utf8Table[128 + Int(septet)])
                }
            } else if septet == Self.escape {
                escaped = true
            } else {
                utf8.append(contentsOf: Self.utf8Table[Int(septet)])
            }
        }
        if escaped {
            utf8.append(0x20)
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Encodes text as septets, one per octet, writing extension-table characters as escape pairs.
    ///
    /// Matching is by Unicode scalar and exact: no look-alike substitution (a `ç` is not sent as `Ç`), so decomposed
    /// input such as `e` + U+0301 is not representable.
    /// - Returns: The septets, or `nil` if any character is not in the default alphabet or extension table.
    public static func encodeUnpacked(_ text: some StringProtocol) -> [UInt8]? {
        var septets: [UInt8] = []
        septets.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let code = Self.code(for: scalar) else { return nil }
            if code > 0xFF {
                septets.append(Self.escape)
            }
            septets.append(UInt8(truncatingIfNeeded: code))
        }
        return septets
    }

    /// The number of septets `text` needs, counting extension-table characters as two; `nil` if not representable.
    public static func septetCount(_ text: some StringProtocol) -> Int? {
        var count = 0
        for scalar in text.unicodeScalars {
            guard let code = Self.code(for: scalar) else { return nil }
            count += code > 0xFF ? 2 : 1
        }
        return count
    }

    /// Whether every character of `text` is in the default alphabet or the extension table.
    public static func canEncode(_ text: some StringProtocol) -> Bool {
        Self.septetCount(text) != nil
    }

    static func code(for scalar: Unicode.Scalar) -> UInt16? {
        scalar.value < 0x80 ? Self.asciiEncodeTable[Int(scalar.value)] : Self.encodeMap[scalar]
    }

    // MARK: Packing

    /// Fill bits needed after a user data header so the first septet starts on a septet boundary
    /// (3GPP TS 23.040 §9.2.3.24): 1 after a 6-octet header, 0 after a 7-octet one.
    public static func fillBits(afterUDHOctets udhOctets: Int) -> Int {
        (7 - (udhOctets * 8) % 7) % 7
    }

    /// Packs septets eight into seven octets, least significant bit first (3GPP TS 23.038 §6.1.2.1.1).
    ///
    /// The first `fillBits` bits of the first octet stay zero (they align the septets after a UDH).
    /// When the last octet would be left with 7 spare bits, a CR fills them so a receiver does not read a
    /// trailing `@`. When the text itself ends in CR exactly on an octet boundary, another CR is added, as
    /// 23.038 requires, so the wanted CR is not taken for padding.
    /// - Precondition: `fillBits` is in `0...6`.
    public static func pack(_ septets: [UInt8], fillBits: Int = 0) -> [UInt8] {
        precondition((0...6).contains(fillBits), "fill bits must be 0...6")
        var septets = septets
        let usedBits = septets.count * 7 + fillBits
        if usedBits % 8 == 1 || (usedBits % 8 == 0 && septets.last == Self.carriageReturn) {
            septets.append(Self.carriageReturn)
        }
        var octets = [UInt8](repeating: 0, count: (septets.count * 7 + fillBits + 7) / 8)
        var bit = fillBits
        for septet in septets {
            let shifted = UInt16(septet & 0x7F) << UInt16(bit % 8)
            octets[bit / 8] |= UInt8(truncatingIfNeeded: shifted)
            if shifted > 0xFF {
                octets[bit / 8 + 1] |= UInt8(truncatingIfNeeded: shifted >> 8)
            }
            bit += 7
        }
        return octets
    }

    /// Unpacks septets packed by ``pack(_:fillBits:)``, skipping `fillBits` leading bits.
    ///
    /// SMPP's `sm_length` counts octets, so the septet count is usually unknown. Without `septetCount`, every whole
    /// septet is returned, except that one that exactly fills the last octet's top 7 bits is dropped when it is CR
    /// (23.038 padding) or 0x00 (seven zero pad bits from a sender that skipped the CR rule). This loses a genuine
    /// trailing `@` in that one position; pass `septetCount` when it is known.
    /// - Parameter septetCount: The number of septets to read, if known; clamped to what the octets hold.
    public static func unpack(_ octets: some Collection<UInt8>, septetCount: Int? = nil, fillBits: Int = 0) -> [UInt8] {
        precondition((0...6).contains(fillBits), "fill bits must be 0...6")
        let bytes = Array(octets)
        let totalBits = bytes.count * 8 - fillBits
        guard totalBits >= 7 else { return [] }
        let available = totalBits / 7
        let count = max(0, min(septetCount ?? available, available))
        var septets: [UInt8] = []
        septets.reserveCapacity(count)
        for index in 0..<count {
            let bit = fillBits + index * 7
            var value = UInt16(bytes[bit / 8]) >> UInt16(bit % 8)
            if bit % 8 > 1 {
                value |= UInt16(bytes[bit / 8 + 1]) << UInt16(8 - bit % 8)
            }
            septets.append(UInt8(truncatingIfNeeded: value) & 0x7F)
        }
        if septetCount == nil, totalBits % 7 == 0, let last = septets.last,
            last == Self.carriageReturn || last == 0x00,
            septets.count < 2 || septets[septets.count - 2] != Self.escape
        {
            septets.removeLast()
        }
        return septets
    }

    /// Decodes packed GSM 7-bit octets. See ``unpack(_:septetCount:fillBits:)`` for the padding rules.
    public static func decodePacked(
        _ octets: some Collection<UInt8>,
        septetCount: Int? = nil,
        fillBits: Int = 0
    ) -> String {
        Self.decodeUnpacked(Self.unpack(octets, septetCount: septetCount, fillBits: fillBits))
    }

    /// Encodes text as packed GSM 7-bit octets; `nil` if any character is not representable.
    public static func encodePacked(_ text: some StringProtocol, fillBits: Int = 0) -> [UInt8]? {
        Self.encodeUnpacked(text).map { Self.pack($0, fillBits: fillBits) }
    }
}
