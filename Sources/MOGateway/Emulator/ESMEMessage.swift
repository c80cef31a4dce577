// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
public import SMPPCore

/// A deliver_sm the emulator owes a bound ESME: a routed MO, a loopback, or a delivery receipt.
///
/// Stored whole in the ESME outbox (JSON) and split into parts only when sent, so a message reassembled from
/// parts goes out again as parts, in the same encoding.
public struct ESMEMessage: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case mo
        case loopback
        case receipt
    }

    public var kind: Kind
    public var source: MORecord.RawAddress
    public var destination: MORecord.RawAddress
    /// esm_class without UDHI, which the split sets per part.
    public var esmClass: UInt8
    public var protocolID: UInt8
    public var dataCoding: UInt8
    /// The decoded text, used to re-split a long message on character boundaries; nil for binary.
    public var text: String?
    /// `gsm7`, `ucs2`, `latin1`, `ascii` or `binary`: what ``text`` is encoded as when split.
    public var encoding: String
    /// The user data of the whole message, without any UDH, as lowercase hex.
    public var bodyHex: String
    /// `udh8`, `udh16` or `sar` for a long message: how its parts are tied (udh8 when not known).
    public var concatScheme: String?
    /// TLVs to send, by tag as 4 hex digits, value as hex.
    public var tlvs: [String: String]

    public init(
        kind: Kind,
        source: MORecord.RawAddress,
        destination: MORecord.RawAddress,
        esmClass: UInt8 = 0,
        protocolID: UInt8 = 0,
        dataCoding: UInt8,
        text: String?,
        encoding: String,
        body: [UInt8],
        concatScheme: String? = nil,
        tlvs: [String: String] = [:]
    ) {
        self.kind = kind
        self.source = source
        self.destination = destination
        self.esmClass = esmClass
        self.protocolID = protocolID
        self.dataCoding = dataCoding
        self.text = text
        self.encoding = encoding
        self.bodyHex = body.hexString
        self.concatScheme = concatScheme
        self.tlvs = tlvs
    }

    enum CodingKeys: String, CodingKey {
        case kind, source, destination
        case esmClass = "esm_class"
        case protocolID = "protocol_id"
        case dataCoding = "data_coding"
        case text, encoding
        case bodyHex = "body_hex"
        case concatScheme = "concat_scheme"
        case tlvs
    }

    /// The message's user data.
    public var body: [UInt8] { [UInt8](hexDigits: self.bodyHex) ?? [] }

    /// The deliver_sm PDUs that carry the message: one when it fits 140 octets (the body exactly as stored),
    /// else parts tied by ``concatScheme`` with `reference`.
    public func deliverSMs(reference: UInt16) -> [DeliverSM] {
        let body = self.body
        let tlvs = self.tlvList
        guard body.count > 140 else { return [self.deliverSM(body, esmClass: self.esmClass, tlvs: tlvs)] }
        let scheme = self.concatScheme.flatMap(ConcatenationScheme.init(rawValue:)) ?? .udh8
        if let text = self.text, let encoding = SMSText.Encoding(rawValue: self.encoding),
            let segments = SMSText.split(text, encoding: encoding, scheme: scheme, reference: reference)
        {
            return segments.map { segment in
                let tlvs = segment.addingSAR(to: tlvs)
                var pdu = self.deliverSM(segment.bytes, esmClass: self.esmClass | segment.esmClass, tlvs: tlvs)
                pdu.dataCoding = segment.dataCoding.rawValue
                return pdu
            }
        }
        // Binary (or text the encoding cannot carry): 134-octet chunks behind an 8-bit-reference header.
        let chunks = stride(from: 0, to: body.count, by: 134).map { Array(body[$0..<min($0 + 134, body.count)]) }
        let total = UInt8(min(chunks.count, 255))
        return chunks.prefix(255).enumerated().map { index, chunk in
            let header: [UInt8] = [0x05, 0x00, 0x03, UInt8(reference & 0xFF), total, UInt8(index + 1)]
            return self.deliverSM(header + chunk, esmClass: self.esmClass | 0x40, tlvs: tlvs)
        }
    }

    private func deliverSM(_ userData: [UInt8], esmClass: UInt8, tlvs: TLVList) -> DeliverSM {
        DeliverSM(
            sourceAddressTON: self.source.ton,
            sourceAddressNPI: self.source.npi,
            sourceAddress: self.source.addr,
            destinationAddressTON: self.destination.ton,
            destinationAddressNPI: self.destination.npi,
            destinationAddress: self.destination.addr,
            esmClass: esmClass,
            protocolID: self.protocolID,
            dataCoding: self.dataCoding,
            shortMessage: ByteBuffer(bytes: userData),
            tlvs: tlvs
        )
    }

    private var tlvList: TLVList {
        var list = TLVList()
        for (tag, value) in self.tlvs.sorted(by: { $0.key < $1.key }) {
            guard let raw = UInt16(tag, radix: 16), let bytes = [UInt8](hexDigits: value) else { continue }
            list.append(TLVTag(rawValue: raw), value: bytes)
        }
        return list
    }
}

extension ESMEMessage {
    /// The MO a record carries, for a routed ESME: addresses as they arrived, the whole text re-split on sending.
    init(record: MORecord) {
        let scheme = record.concat?.scheme
        self.init(
            kind: .mo,
            source: record.fromRaw,
            destination: record.toRaw,
            // An MO is a plain message (type 0) to the ESME; only the reply-path bit carries over.
            esmClass: record.smpp.esmClass & 0x80,
            protocolID: record.smpp.protocolID,
            dataCoding: record.dataCoding,
            text: record.text,
            encoding: record.encoding,
            body: [UInt8](hexDigits: record.bodyHex) ?? [],
            concatScheme: scheme
        )
    }
}

extension Array where Element == UInt8 {
    var hexString: String {
        var text = ""
        text.reserveCapacity(self.count * 2)
        for byte in self {
            text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return text
    }
}
