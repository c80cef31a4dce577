// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// One message as mogate forwards it: the outbox record, and, encoded, the webhook body of JSON format v1.
///
/// The coding keys are the wire contract (DESIGN.md, "Webhook, JSON format v1"): change them only by adding.
public struct MORecord: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case mo
        case dlr
    }

    /// An address as it arrived: `from_raw` / `to_raw`.
    public struct RawAddress: Codable, Hashable, Sendable {
        public var addr: String
        public var ton: UInt8
        public var npi: UInt8

        public init(addr: String, ton: UInt8, npi: UInt8) {
            self.addr = addr
            self.ton = ton
            self.npi = npi
        }
    }

    /// How the parts of a long message were tied together: `{"ref", "total", "scheme"}`.
    public struct Concat: Codable, Hashable, Sendable {
        public var ref: Int
        public var total: Int
        /// `udh8`, `udh16` or `sar`.
        public var scheme: String

        public init(ref: Int, total: Int, scheme: String) {
            self.ref = ref
            self.total = total
            self.scheme = scheme
        }
    }

    /// The SMPP envelope: `smpp`.
    public struct SMPPInfo: Codable, Hashable, Sendable {
        /// `deliver_sm`, `submit_sm`, `data_sm`, or `http` for an injected MO.
        public var command: String
        public var systemID: String
        public var esmClass: UInt8
        public var protocolID: UInt8
        public var serviceType: String
        public var sequenceNumbers: [UInt32]
        /// TLVs other than those the record already carries, by tag name (or `0x1234`), value as hex.
        public var tlvs: [String: String]

        public init(
            command: String,
            systemID: String,
            esmClass: UInt8 = 0,
            protocolID: UInt8 = 0,
            serviceType: String = "",
            sequenceNumbers: [UInt32] = [],
            tlvs: [String: String] = [:]
        ) {
            self.command = command
            self.systemID = systemID
            self.esmClass = esmClass
            self.protocolID = protocolID
            self.serviceType = serviceType
            self.sequenceNumbers = sequenceNumbers
            self.tlvs = tlvs
        }

        enum CodingKeys: String, CodingKey {
            case command
            case systemID = "system_id"
            case esmClass = "esm_class"
            case protocolID = "protocol_id"
            case serviceType = "service_type"
            case sequenceNumbers = "sequence_numbers"
            case tlvs
        }
    }

    /// A delivery receipt's parsed fields (`type: "dlr"`).
    public struct Receipt: Codable, Hashable, Sendable {
        public var messageID: String
        /// `DELIVRD`, `UNDELIV`, … from the text, or from the message_state TLV.
        public var stat: String?
        public var err: String?
        public var submitDate: String?
        public var doneDate: String?
        public var submitted: Int?
        public var delivered: Int?
        public var text: String?
        /// The message_state TLV (1 ENROUTE … 8 REJECTED).
        public var messageState: UInt8?
        /// The network_error_code TLV as hex.
        public var networkErrorCode: String?

        public init(messageID: String) { self.messageID = messageID }

        enum CodingKeys: String, CodingKey {
            case messageID = "message_id"
            case stat, err
            case submitDate = "submit_date"
            case doneDate = "done_date"
            case submitted = "sub"
            case delivered = "dlvrd"
            case text
            case messageState = "message_state"
            case networkErrorCode = "network_error_code"
        }
    }

    /// Stable and unique: webhook receivers deduplicate on it (`Idempotency-Key`).
    public var id: String
    public var type: Kind
    /// E.164 when valid, else the raw address.
    public var from: String
    public var fromRaw: RawAddress
    public var fromValid: Bool
    public var to: String
    public var toRaw: RawAddress
    public var toValid: Bool
    /// The decoded text of the whole message; nil for 8-bit data.
    public var text: String?
    /// `gsm7`, `ascii`, `latin1`, `ucs2` or `binary`.
    public var encoding: String
    public var dataCoding: UInt8
    /// The user data of the whole message (parts joined, headers removed), as lowercase hex.
    public var bodyHex: String
    public var parts: Int
    public var concat: Concat?
    /// Set when the reassembly timeout forwarded a message with parts missing.
    public var incomplete: Bool?
    /// With `incomplete`: the part numbers that did arrive.
    public var receivedParts: [Int]?
    public var receivedAt: Date
    public var smpp: SMPPInfo
    public var receipt: Receipt?

    public init(
        id: String,
        type: Kind,
        from: String,
        fromRaw: RawAddress,
        fromValid: Bool,
        to: String,
        toRaw: RawAddress,
        toValid: Bool,
        text: String?,
        encoding: String,
        dataCoding: UInt8,
        bodyHex: String,
        parts: Int = 1,
        concat: Concat? = nil,
        receivedAt: Date,
        smpp: SMPPInfo,
        receipt: Receipt? = nil
    ) {
        self.id = id
        self.type = type
        self.from = from
        self.fromRaw = fromRaw
        self.fromValid = fromValid
        self.to = to
        self.toRaw = toRaw
        self.toValid = toValid
        self.text = text
        self.encoding = encoding
        self.dataCoding = dataCoding
        self.bodyHex = bodyHex
        self.parts = parts
        self.concat = concat
        self.receivedAt = receivedAt
        self.smpp = smpp
        self.receipt = receipt
    }

    enum CodingKeys: String, CodingKey {
        case id, type, from
        case fromRaw = "from_raw"
        case fromValid = "from_valid"
        case to
        case toRaw = "to_raw"
        case toValid = "to_valid"
        case text, encoding
        case dataCoding = "data_coding"
        case bodyHex = "body_hex"
        case parts, concat, incomplete
        case receivedParts = "received_parts"
        case receivedAt = "received_at"
        case smpp, receipt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.type, forKey: .type)
        try container.encode(self.from, forKey: .from)
        try container.encode(self.fromRaw, forKey: .fromRaw)
        try container.encode(self.fromValid, forKey: .fromValid)
        try container.encode(self.to, forKey: .to)
        try container.encode(self.toRaw, forKey: .toRaw)
        try container.encode(self.toValid, forKey: .toValid)
        try container.encode(self.text, forKey: .text)  // null for binary, never absent
        try container.encode(self.encoding, forKey: .encoding)
        try container.encode(self.dataCoding, forKey: .dataCoding)
        try container.encode(self.bodyHex, forKey: .bodyHex)
        try container.encode(self.parts, forKey: .parts)
        try container.encode(self.concat, forKey: .concat)  // null when not concatenated
        try container.encodeIfPresent(self.incomplete, forKey: .incomplete)
        try container.encodeIfPresent(self.receivedParts, forKey: .receivedParts)
        try container.encode(MOTimestamp.string(self.receivedAt), forKey: .receivedAt)
        try container.encode(self.smpp, forKey: .smpp)
        try container.encodeIfPresent(self.receipt, forKey: .receipt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.type = try container.decode(Kind.self, forKey: .type)
        self.from = try container.decode(String.self, forKey: .from)
        self.fromRaw = try container.decode(RawAddress.self, forKey: .fromRaw)
        self.fromValid = try container.decode(Bool.self, forKey: .fromValid)
        self.to = try container.decode(String.self, forKey: .to)
        self.toRaw = try container.decode(RawAddress.self, forKey: .toRaw)
        self.toValid = try container.decode(Bool.self, forKey: .toValid)
        self.text = try container.decodeIfPresent(String.self, forKey: .text)
        self.encoding = try container.decode(String.self, forKey: .encoding)
        self.dataCoding = try container.decode(UInt8.self, forKey: .dataCoding)
        self.bodyHex = try container.decode(String.self, forKey: .bodyHex)
        self.parts = try container.decode(Int.self, forKey: .parts)
        self.concat = try container.decodeIfPresent(Concat.self, forKey: .concat)
        self.incomplete = try container.decodeIfPresent(Bool.self, forKey: .incomplete)
        self.receivedParts = try container.decodeIfPresent([Int].self, forKey: .receivedParts)
        let stamp = try container.decode(String.self, forKey: .receivedAt)
        guard let date = MOTimestamp.date(stamp) else {
            throw DecodingError.dataCorruptedError(forKey: .receivedAt, in: container, debugDescription: stamp)
        }
        self.receivedAt = date
        self.smpp = try container.decode(SMPPInfo.self, forKey: .smpp)
        self.receipt = try container.decodeIfPresent(Receipt.self, forKey: .receipt)
    }

    /// The JSON v1 body: compact, keys sorted, so that the same record always signs the same.
    ///
    /// Written by ``MORecordJSONWriter``, byte for byte what `JSONEncoder` makes of `encode(to:)` with
    /// `.sortedKeys` and `.withoutEscapingSlashes` (tested), without its cost on the ingest path.
    public func jsonV1() throws -> Data {
        Data(self.jsonV1Bytes())
    }

    /// ``jsonV1()`` as the octets the writer made, without the copy into `Data`: what the store, the webhook body
    /// and the dispatcher's hand-over use.
    public func jsonV1Bytes() -> [UInt8] {
        var writer = MORecordJSONWriter()
        writer.write(self)
        return writer.bytes
    }
}

/// `received_at` timestamps: RFC 3339 in UTC with milliseconds, `2026-11-26T17:00:00.123Z`.
public enum MOTimestamp {
    public static func string(_ date: Date) -> String {
        if let fast = Self.fastString(date) { return fast }
        return date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }

    public static func date(_ string: String) -> Date? {
        let parsed =
            try? Date(string, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
            ?? Date(string, strategy: .iso8601)
        // The text names a millisecond and `string(_:)` truncates: its start can come back a hair below it in
        // binary and print one less. A microsecond on makes it print the same text again.
        guard let parsed, Self.string(parsed) != string else { return parsed }
        let nudged = parsed.addingTimeInterval(0.000_001)
        return Self.string(nudged) == string ? nudged : parsed
    }
}
