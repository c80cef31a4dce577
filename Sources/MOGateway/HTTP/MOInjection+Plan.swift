// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// One optional parameter of an injected MO: `{"tag": 522 | "0x020a" | "source_port", "value": "1f90"}`.
///
/// Kept as given and checked by ``InjectionPlan``, so that a bad tag or value gets a 400 naming it.
public struct InjectedTLV: Codable, Sendable, Hashable {
    /// A number, or a name or `0x…` string.
    public var tag: Tag
    /// The value octets as hex.
    public var value: String

    public enum Tag: Codable, Sendable, Hashable {
        case number(Int)
        case name(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                self = .name(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .name(let name): try container.encode(name)
            }
        }
    }

    public init(tag: TLVTag, value: [UInt8]) {
        self.tag = .number(Int(tag.rawValue))
        self.value = HexString.encode(value)
    }

    public init(tag: Tag, value: String) {
        self.tag = tag
        self.value = value
    }

    /// The tag and value octets, or a 400 naming what is wrong.
    func resolved() throws -> (TLVTag, [UInt8]) {
        let tag: TLVTag
        switch self.tag {
        case .number(let number):
            guard let raw = UInt16(exactly: number) else {
                throw ProblemResponse.badRequest("a TLV tag must be 0 to 65535, not \(number)")
            }
            tag = TLVTag(rawValue: raw)
        case .name(let name):
            guard let named = Self.tag(named: name) else {
                throw ProblemResponse.badRequest(
                    "unknown TLV tag \"\(name)\": give a number, 0x… hex, or an SMPP 3.4 name such as source_port"
                )
            }
            tag = named
        }
        guard let value = HexString.decode(self.value) else {
            throw ProblemResponse.badRequest("the value of TLV \(tag) is not hex")
        }
        guard value.count <= 0xFFFF else { throw ProblemResponse.badRequest("the value of TLV \(tag) is too long") }
        return (tag, value)
    }

    /// A tag from its SMPP 3.4 name (`source_port`) or a number in hex (`0x020a`) or decimal.
    public static func tag(named name: String) -> TLVTag? {
        let lowered = name.lowercased()
        if lowered.hasPrefix("0x"), let raw = UInt16(lowered.dropFirst(2), radix: 16) { return TLVTag(rawValue: raw) }
        if let raw = UInt16(lowered) { return TLVTag(rawValue: raw) }
        return Self.namedTags[lowered]
    }

    /// Every tag SMPP 3.4 names: they all lie below the vendor range (0x1400).
    private static let namedTags: [String: TLVTag] = {
        var tags: [String: TLVTag] = [:]
        for raw in UInt16(0)..<0x1400 {
            let tag = TLVTag(rawValue: raw)
            if let name = tag.name { tags[name] = tag }
        }
        return tags
    }()
}

/// Hex text to octets and back: two digits per octet, either case.
enum HexString {
    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.value(digits[index]), let low = Self.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// An injection checked and turned into the PDU bodies the ingest handler gets, one per part.
///
/// - Throws: ``ProblemResponse`` 400 naming the field when the input is invalid.
struct InjectionPlan {
    var bodies: [PDU.Body]

    /// How a long message is split; `none` refuses one that needs more than one part.
    enum Split: String {
        case udh8, udh16, sar, payload, none
    }

    init(_ injection: MOInjection) throws {
        guard !injection.from.isEmpty, injection.from.utf8.count <= 20, !injection.to.isEmpty,
            injection.to.utf8.count <= 20
        else { throw ProblemResponse.badRequest("from and to must be 1 to 20 characters") }
        guard let split = Split(rawValue: injection.split ?? "udh8") else {
            throw ProblemResponse.badRequest("split must be udh8, udh16, sar, payload or none")
        }
        let command = injection.command ?? "deliver_sm"
        guard command == "deliver_sm" || command == "data_sm" else {
            throw ProblemResponse.badRequest("command must be deliver_sm or data_sm")
        }
        let octets = try Octets(injection)
        if let serviceType = injection.serviceType, serviceType.utf8.count > 5 {
            throw ProblemResponse.badRequest("service_type is at most 5 characters")
        }
        let tlvs = try (injection.tlvs ?? []).map { try $0.resolved() }
        let segments = try Self.segments(injection, split: split)
        self.bodies = segments.map { segment in
            let message = Self.message(injection, segment, octets: octets, tlvs: tlvs)
            return command == "data_sm" ? .dataSM(Self.dataSM(message)) : .deliverSM(message)
        }
    }

    /// One part's short_message and how it is tied to the others.
    struct Part {
        var dataCoding: UInt8
        var bytes: [UInt8]
        var hasUDH = false
        var sar: (reference: UInt16, total: UInt8, sequence: UInt8)?

        init(dataCoding: UInt8, bytes: [UInt8]) {
            self.dataCoding = dataCoding
            self.bytes = bytes
        }

        init(_ segment: SMSText.Segment) {
            self.init(dataCoding: segment.dataCoding.rawValue, bytes: segment.bytes)
            self.hasUDH = segment.userDataHeader != nil
            self.sar = segment.sar.map { ($0.reference, $0.total, $0.sequence) }
        }
    }

    /// The one-octet fields, range-checked.
    struct Octets {
        var dataCoding: UInt8?
        var esmClass: UInt8?
        var protocolID: UInt8
        var priorityFlag: UInt8
        var registeredDelivery: UInt8

        init(_ injection: MOInjection) throws {
            func octet(_ value: Int?, _ name: String) throws -> UInt8? {
                guard let value else { return nil }
                guard let octet = UInt8(exactly: value) else {
                    throw ProblemResponse.badRequest("\(name) must be 0 to 255")
                }
                return octet
            }
            self.dataCoding = try octet(injection.dataCoding, "data_coding")
            self.esmClass = try octet(injection.esmClass, "esm_class")
            self.protocolID = try octet(injection.protocolID, "protocol_id") ?? 0
            self.priorityFlag = try octet(injection.priorityFlag, "priority_flag") ?? 0
            self.registeredDelivery = try octet(injection.registeredDelivery, "registered_delivery") ?? 0
            guard self.priorityFlag <= 3 else { throw ProblemResponse.badRequest("priority_flag must be 0 to 3") }
        }
    }

    private static func segments(_ injection: MOInjection, split: Split) throws -> [Part] {
        let scheme: ConcatenationScheme =
            switch split {
            case .udh8, .none: .udh8
            case .udh16: .udh16
            case .sar: .sar
            case .payload: .payload
            }
        let reference = UInt16.random(in: 1 ... .max)
        let segments: [Part]
        switch (injection.text, injection.hex) {
        case (let text?, nil):
            guard let encoding = SMSText.Encoding(rawValue: injection.encoding ?? "auto") else {
                throw ProblemResponse.badRequest("encoding must be auto, gsm7, ucs2, latin1 or ascii")
            }
            guard let parts = SMSText.split(text, encoding: encoding, scheme: scheme, reference: reference) else {
                throw ProblemResponse.badRequest("the text cannot be carried in \(encoding.rawValue) or is too long")
            }
            segments = parts.map(Part.init)
        case (nil, let hex?):
            guard injection.encoding == nil else {
                throw ProblemResponse.badRequest("encoding applies to text; give data_coding with hex")
            }
            guard let bytes = HexString.decode(hex) else {
                throw ProblemResponse.badRequest("hex must be an even number of hex digits")
            }
            guard let parts = Self.split(bytes, scheme: scheme, reference: reference) else {
                throw ProblemResponse.badRequest("hex is too long: more than 255 parts, or 65535 octets as payload")
            }
            segments = parts
        case (nil, nil):
            throw ProblemResponse.badRequest("give text or hex")
        case (.some, .some):
            throw ProblemResponse.badRequest("give text or hex, not both")
        }
        if split == .none, segments.count > 1 {
            throw ProblemResponse.badRequest("the message needs \(segments.count) parts and split is none")
        }
        return segments
    }

    /// Raw octets in parts of 140 octets (the GSM user data), less the UDH; as they are for `payload`.
    private static func split(_ bytes: [UInt8], scheme: ConcatenationScheme, reference: UInt16) -> [Part]? {
        let dataCoding: UInt8 = 0x04  // 8-bit data
        if scheme == .payload || bytes.count <= 140 {
            guard bytes.count <= 0xFFFF else { return nil }
            return [Part(dataCoding: dataCoding, bytes: bytes)]
        }
        let capacity = 140 - (scheme == .udh8 ? 6 : scheme == .udh16 ? 7 : 0)
        let chunks = stride(from: 0, to: bytes.count, by: capacity).map {
            Array(bytes[$0..<min($0 + capacity, bytes.count)])
        }
        guard chunks.count <= 255 else { return nil }
        let total = UInt8(chunks.count)
        return chunks.enumerated().map { index, chunk in
            let sequence = UInt8(index + 1)
            switch scheme {
            case .udh8, .udh16:
                let concatenation = UserDataHeader.Concatenation(
                    reference: scheme == .udh8 ? reference & 0xFF : reference,
                    total: total,
                    sequence: sequence,
                    referenceBits: scheme == .udh8 ? 8 : 16
                )!  // total >= 2 and 1...total holds sequence by construction
                let header = UserDataHeader(concatenation: concatenation)
                var part = Part(dataCoding: dataCoding, bytes: header.bytes + chunk)
                part.hasUDH = true
                return part
            case .sar, .payload:
                var part = Part(dataCoding: dataCoding, bytes: chunk)
                part.sar = (reference, total, sequence)
                return part
            }
        }
    }

    private static func message(
        _ injection: MOInjection,
        _ segment: Part,
        octets: Octets,
        tlvs extra: [(TLVTag, [UInt8])]
    ) -> SubmitSM {
        let from = injection.from.hasPrefix("+") ? String(injection.from.dropFirst()) : injection.from
        let numeric = !from.isEmpty && from.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let to = injection.to.hasPrefix("+") ? String(injection.to.dropFirst()) : injection.to
        let international = injection.to.hasPrefix("+")
        var tlvs = TLVList()
        if let sar = segment.sar {
            tlvs.sarMessageReferenceNumber = sar.reference
            tlvs.sarTotalSegments = sar.total
            tlvs.sarSegmentSequenceNumber = sar.sequence
        }
        let bytes = ByteBuffer(bytes: segment.bytes)
        if bytes.readableBytes > 254 { tlvs.messagePayload = bytes }
        for (tag, value) in extra { tlvs.append(tag, value: value) }
        var esmClass = octets.esmClass ?? 0
        if segment.hasUDH { esmClass |= 0x40 }
        return SubmitSM(
            serviceType: injection.serviceType ?? "",
            sourceAddressTON: injection.fromTON ?? (numeric ? (injection.from.hasPrefix("+") ? 1 : 0) : 5),
            sourceAddressNPI: injection.fromNPI ?? (numeric ? 1 : 0),
            sourceAddress: from,
            destinationAddressTON: injection.toTON ?? (international ? 1 : 0),
            destinationAddressNPI: injection.toNPI ?? 1,
            destinationAddress: to,
            esmClass: esmClass,
            protocolID: octets.protocolID,
            priorityFlag: octets.priorityFlag,
            registeredDelivery: octets.registeredDelivery,
            dataCoding: octets.dataCoding ?? segment.dataCoding,
            shortMessage: bytes.readableBytes > 254 ? ByteBuffer() : bytes,
            tlvs: tlvs
        )
    }

    /// data_sm has no short_message: the octets go in message_payload.
    private static func dataSM(_ message: SubmitSM) -> DataSM {
        var tlvs = message.tlvs
        if message.shortMessage.readableBytes > 0 { tlvs.messagePayload = message.shortMessage }
        return DataSM(
            serviceType: message.serviceType,
            sourceAddressTON: message.sourceAddressTON,
            sourceAddressNPI: message.sourceAddressNPI,
            sourceAddress: message.sourceAddress,
            destinationAddressTON: message.destinationAddressTON,
            destinationAddressNPI: message.destinationAddressNPI,
            destinationAddress: message.destinationAddress,
            esmClass: message.esmClass,
            registeredDelivery: message.registeredDelivery,
            dataCoding: message.dataCoding,
            tlvs: tlvs
        )
    }
}
