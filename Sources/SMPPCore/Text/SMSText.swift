// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// The front door for message text: octets ⇄ `String` by `data_coding` (SMPP 3.4 §5.2.19).
public enum SMSText {
    /// Which encoding to use when turning text into octets.
    public enum Encoding: String, CaseIterable, Sendable {
        /// The smallest encoding that can carry the text; see ``SMSText/encode(_:preferred:defaultAlphabet:)``.
        case auto
        case gsm7
        case ucs2
        case latin1
        case ascii
    }

    /// Text encoded for `short_message` or `message_payload`.
    public struct Encoded: Hashable, Sendable {
        public var dataCoding: DataCoding
        public var bytes: [UInt8]
        public var alphabet: Alphabet
        /// Length in the alphabet's unit: septets (escape pairs count 2, padding excluded) for GSM 7-bit,
        /// octets for ASCII and Latin-1, UTF-16 code units for UCS-2.
        public var units: Int

        public init(dataCoding: DataCoding, bytes: [UInt8], alphabet: Alphabet, units: Int) {
            self.dataCoding = dataCoding
            self.bytes = bytes
            self.alphabet = alphabet
            self.units = units
        }
    }

    /// Decodes message octets (after any UDH) as text.
    ///
    /// - Parameters:
    ///   - dataCoding: The PDU's `data_coding`; see ``DataCoding/alphabet(defaultAlphabet:)``.
    ///   - defaultAlphabet: What `data_coding` 0 means for this peer, and whether its GSM 7-bit is packed.
    ///   - fillBits: Packed GSM 7-bit only: bits before the first septet, ``GSM7/fillBits(afterUDHOctets:)``.
    /// - Returns: `nil` for octets that are not text to us: 8-bit data (0x02, 0x04, 0xF4…), compressed and
    ///   reserved codings, and character sets we do not decode (JIS 0x05, Cyrillic 0x06, Hebrew 0x07,
    ///   pictogram 0x09, ISO-2022-JP 0x0A, Kanji 0x0D, KS C 5601 0x0E). Callers keep the raw octets.
    public static func decode(
        _ bytes: some Collection<UInt8>,
        dataCoding: DataCoding,
        defaultAlphabet: DefaultAlphabet = .gsm7Unpacked,
        fillBits: Int = 0
    ) -> String? {
        switch dataCoding.alphabet(defaultAlphabet: defaultAlphabet) {
        case .gsm7:
            if defaultAlphabet == .gsm7Packed {
                return GSM7.decodePacked(bytes, fillBits: fillBits)
            }
            return GSM7.decodeUnpacked(bytes)
        case .ascii:
            return IA5.decode(bytes)
        case .latin1:
            return Latin1.decode(bytes)
        case .ucs2:
            return UCS2.decode(bytes)
        case .binary:
            return nil
        }
    }

    /// Encodes text for a peer.
    ///
    /// `.auto` tries, in order, and takes the first that can carry every character:
    /// 1. `data_coding` 0 in the peer's default alphabet: GSM 7-bit (packed if the peer packs), ASCII or Latin-1;
    /// 2. Latin-1, `data_coding` 0x03 (for text such as `ç` or `ô` that GSM cannot carry but one octet can);
    /// 3. UCS-2, `data_coding` 0x08, which carries anything.
    ///
    /// An explicit encoding uses its own code: ASCII 0x01, Latin-1 0x03, UCS-2 0x08. GSM 7-bit uses 0x00 when
    /// the peer's default alphabet is GSM, else 0xF1 (GSM 7-bit, class 1 "ME-specific", 3GPP TS 23.038 §4),
    /// the only GSM code that does not depend on the default alphabet and does not flash the message.
    /// - Returns: `nil` if the chosen encoding cannot carry the text (never for `.auto` or `.ucs2`).
    public static func encode(
        _ text: String,
        preferred: Encoding = .auto,
        defaultAlphabet: DefaultAlphabet = .gsm7Unpacked
    ) -> Encoded? {
        switch preferred {
        case .auto:
            let first: Alphabet
            switch defaultAlphabet {
            case .gsm7Unpacked, .gsm7Packed: first = .gsm7
            case .ascii: first = .ascii
            case .latin1: first = .latin1
            }
            return Self.encode(text, alphabet: first, dataCoding: .smscDefault, defaultAlphabet: defaultAlphabet)
                ?? Self.encode(text, alphabet: .latin1, dataCoding: .latin1, defaultAlphabet: defaultAlphabet)
                ?? Self.encode(text, alphabet: .ucs2, dataCoding: .ucs2, defaultAlphabet: defaultAlphabet)
        case .gsm7:
            let isDefault = defaultAlphabet == .gsm7Unpacked || defaultAlphabet == .gsm7Packed
            let dataCoding = isDefault ? DataCoding.smscDefault : DataCoding(rawValue: 0xF1)
            return Self.encode(text, alphabet: .gsm7, dataCoding: dataCoding, defaultAlphabet: defaultAlphabet)
        case .ucs2:
            return Self.encode(text, alphabet: .ucs2, dataCoding: .ucs2, defaultAlphabet: defaultAlphabet)
        case .latin1:
            return Self.encode(text, alphabet: .latin1, dataCoding: .latin1, defaultAlphabet: defaultAlphabet)
        case .ascii:
            return Self.encode(text, alphabet: .ascii, dataCoding: .ia5, defaultAlphabet: defaultAlphabet)
        }
    }

    private static func encode(
        _ text: String,
        alphabet: Alphabet,
        dataCoding: DataCoding,
        defaultAlphabet: DefaultAlphabet
    ) -> Encoded? {
        guard let units = Self.units(text, alphabet: alphabet) else { return nil }
        let bytes = defaultAlphabet == .gsm7Packed && alphabet == .gsm7 ? GSM7.pack(units) : units
        let count = alphabet == .ucs2 ? units.count / 2 : units.count
        return Encoded(dataCoding: dataCoding, bytes: bytes, alphabet: alphabet, units: count)
    }

    /// Unpacked octets of `text` in `alphabet`: septets for GSM, UTF-16BE for UCS-2.
    static func units(_ text: some StringProtocol, alphabet: Alphabet) -> [UInt8]? {
        switch alphabet {
        case .gsm7: return GSM7.encodeUnpacked(text)
        case .ascii: return IA5.encode(text)
        case .latin1: return Latin1.encode(text)
        case .ucs2: return UCS2.encode(text)
        case .binary: return nil
        }
    }
}

/// How the parts of a long message are tied together.
public enum ConcatenationScheme: String, Sendable, CaseIterable {
    /// UDH with IEI 0x00, 8-bit reference (3GPP TS 23.040 §9.2.3.24.1), in `short_message`, esm_class UDHI.
    case udh8
    /// UDH with IEI 0x08, 16-bit reference (3GPP TS 23.040 §9.2.3.24.8), in `short_message`, esm_class UDHI.
    case udh16
    /// TLVs `sar_msg_ref_num`, `sar_total_segments`, `sar_segment_seqnum` (SMPP 3.4 §5.3.2.22–24); no UDH.
    case sar
    /// No split: the whole text in one `message_payload` TLV (SMPP 3.4 §5.3.2.32).
    case payload
}

extension SMSText {
    /// One part of a message, ready for a PDU.
    public struct Segment: Hashable, Sendable {
        /// SAR TLV values for one part (SMPP 3.4 §5.3.2.22–24).
        public struct SAR: Hashable, Sendable {
            public var reference: UInt16
            public var total: UInt8
            public var sequence: UInt8
        }

        public var dataCoding: DataCoding
        /// `short_message` (or `message_payload`) content; for udh8/udh16 parts it starts with the UDH.
        public var bytes: [UInt8]
        /// The concatenation header at the start of ``bytes``; set esm_class UDHI (0x40) when present.
        public var userDataHeader: UserDataHeader?
        /// The SAR TLV values, for the `.sar` scheme with more than one part.
        public var sar: SAR?
        /// Text length of this part in the alphabet's unit (see ``SMSText/Encoded/units``), header excluded.
        public var units: Int
    }

    /// The most text one part can carry: 140 octets of user data less the UDH (3GPP TS 23.040 §9.2.3.24).
    ///
    /// 160/140/70 with no header, 153/134/67 after the 6-octet 8-bit header, 152/133/66 after the 7-octet
    /// 16-bit one (GSM septets / octets / UTF-16 units).
    public static func capacity(_ alphabet: Alphabet, udhOctets: Int) -> Int {
        switch alphabet {
        case .gsm7: return (140 - udhOctets) * 8 / 7
        case .ucs2: return (140 - udhOctets) / 2
        case .ascii, .latin1, .binary: return 140 - udhOctets
        }
    }

    /// Splits text into the parts of a concatenated message.
    ///
    /// Text that fits one message (160/140/70) comes back as a single part without UDH or SAR values.
    /// Otherwise parts are filled greedily, breaking only between characters (grapheme clusters) so a GSM escape
    /// pair, a surrogate pair or an emoji sequence is never cut; a single character longer than a whole part is
    /// broken between its Unicode scalars. For `.sar` each part leaves room for the 7-octet 16-bit header the SMSC
    /// may add on the air interface (`sar_msg_ref_num` is 16-bit), so 152/133/66, the capacity whichever header
    /// it picks. `.udh8` uses the low 8 bits of `reference`. Packed GSM parts get the fill bit after the header.
    /// - Returns: `nil` if `encoding` cannot carry the text, more than 255 parts would be needed, or (`.payload`)
    ///   the octets exceed the 65535 a TLV can hold.
    public static func split(
        _ text: String,
        encoding: Encoding = .auto,
        scheme: ConcatenationScheme,
        reference: UInt16,
        defaultAlphabet: DefaultAlphabet = .gsm7Unpacked
    ) -> [Segment]? {
        guard let whole = Self.encode(text, preferred: encoding, defaultAlphabet: defaultAlphabet) else { return nil }
        let single = Segment(dataCoding: whole.dataCoding, bytes: whole.bytes, units: whole.units)
        if scheme == .payload {
            return whole.bytes.count <= 0xFFFF ? [single] : nil
        }
        if whole.units <= Self.capacity(whole.alphabet, udhOctets: 0) {
            return [single]
        }
        let udhOctets = scheme == .udh8 ? 6 : 7
        let parts = Self.parts(
            text,
            alphabet: whole.alphabet,
            capacity: Self.capacity(whole.alphabet, udhOctets: udhOctets)
        )
        guard parts.count <= 255 else { return nil }
        let total = UInt8(parts.count)
        let packed = whole.alphabet == .gsm7 && defaultAlphabet == .gsm7Packed
        return parts.enumerated().map { index, part in
            let sequence = UInt8(index + 1)
            let units = whole.alphabet == .ucs2 ? part.count / 2 : part.count
            switch scheme {
            case .udh8, .udh16:
                let concatenation = UserDataHeader.Concatenation(
                    reference: scheme == .udh8 ? reference & 0xFF : reference,
                    total: total,
                    sequence: sequence,
                    referenceBits: scheme == .udh8 ? 8 : 16
                )!  // total >= 2 and 1...total holds sequence by construction
                let header = UserDataHeader(concatenation: concatenation)
                let payload = packed ? GSM7.pack(part, fillBits: GSM7.fillBits(afterUDHOctets: udhOctets)) : part
                var segment = Segment(dataCoding: whole.dataCoding, bytes: header.bytes + payload, units: units)
                segment.userDataHeader = header
                return segment
            case .sar, .payload:
                var segment = Segment(
                    dataCoding: whole.dataCoding,
                    bytes: packed ? GSM7.pack(part) : part,
                    units: units
                )
                segment.sar = Segment.SAR(reference: reference, total: total, sequence: sequence)
                return segment
            }
        }
    }

    /// Unpacked octets per part, each within `capacity` units, cut only between characters where possible.
    private static func parts(_ text: String, alphabet: Alphabet, capacity: Int) -> [[UInt8]] {
        let octetsPerUnit = alphabet == .ucs2 ? 2 : 1
        var parts: [[UInt8]] = []
        var current: [UInt8] = []
        func add(_ atom: [UInt8]) {
            if (current.count + atom.count) / octetsPerUnit > capacity {
                parts.append(current)
                current = []
            }
            current += atom
        }
        for character in text {
            // The whole text encoded, so each character and scalar does too.
            let atom = Self.units(String(character), alphabet: alphabet) ?? []
            if atom.count / octetsPerUnit <= capacity {
                add(atom)
            } else {
                for scalar in character.unicodeScalars {
                    add(Self.units(String(scalar), alphabet: alphabet) ?? [])
                }
            }
        }
        if !current.isEmpty {
            parts.append(current)
        }
        return parts
    }
}

extension SMSText.Segment {
    init(dataCoding: DataCoding, bytes: [UInt8], units: Int) {
        self.init(dataCoding: dataCoding, bytes: bytes, userDataHeader: nil, sar: nil, units: units)
    }
}
