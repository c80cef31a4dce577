// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
import NIOCore
public import PhoneNumbers
public import SMPPCore

/// Turns an MO-carrying PDU (deliver_sm, submit_sm, data_sm) into a record, or into one stored part of a long
/// message: addresses normalized to E.164, user data split from its header, text decoded, receipts parsed.
public struct MOExtractor: Sendable {
    public var normalizer: PhoneNumberNormalizer
    /// What data_coding 0 means for the peers, and whether their GSM 7-bit is packed.
    public var defaultAlphabet: DefaultAlphabet

    public init(defaultCountry: RegionCode, defaultAlphabet: DefaultAlphabet = .gsm7Unpacked) {
        self.normalizer = PhoneNumberNormalizer(defaultRegion: defaultCountry)
        self.defaultAlphabet = defaultAlphabet
    }

    public enum Extracted: Hashable, Sendable {
        case whole(MORecord)
        case part(MOPart)
    }

    /// The record or part a PDU carries, or nil for a PDU that carries no message.
    public func extract(_ pdu: PDU, systemID: String, id: String, receivedAt: Date) -> Extracted? {
        guard let envelope = Envelope(pdu) else { return nil }
        var userData = envelope.userData
        var concat: (reference: Int, total: Int, sequence: Int, scheme: String)?
        var headerOctets = 0
        if envelope.esmClass & 0x40 != 0, let (header, payload) = try? UserDataHeader.split(userData) {
            headerOctets = userData.count - payload.count
            userData = Array(payload)
            if let parts = header.concatenation, parts.total > 1 {
                let scheme = parts.referenceBits == 16 ? "udh16" : "udh8"
                concat = (Int(parts.reference), Int(parts.total), Int(parts.sequence), scheme)
            }
        }
        if concat == nil, let reference = envelope.tlvs.sarMessageReferenceNumber,
            let total = envelope.tlvs.sarTotalSegments, let sequence = envelope.tlvs.sarSegmentSequenceNumber,
            total > 1, sequence >= 1, sequence <= total
        {
            concat = (Int(reference), Int(total), Int(sequence), "sar")
        }
        let dataCoding = DataCoding(rawValue: envelope.dataCoding)
        let alphabet = dataCoding.alphabet(defaultAlphabet: self.defaultAlphabet)
        if alphabet == .gsm7, self.defaultAlphabet == .gsm7Packed {
            // Stored unpacked, so parts join by septet whatever their fill bits.
            userData = GSM7.unpack(
                userData,
                fillBits: headerOctets == 0 ? 0 : GSM7.fillBits(afterUDHOctets: headerOctets)
            )
        }
        var record = self.record(envelope, systemID: systemID, id: id, receivedAt: receivedAt, pdu: pdu)
        record.encoding = Self.encodingName(alphabet)
        record.bodyHex = MOAssembler.hex(userData)
        if let concat {
            let key = MOPart.Key(
                systemID: systemID,
                source: envelope.sourceAddress,
                destination: envelope.destinationAddress,
                scheme: concat.scheme,
                reference: concat.reference,
                total: concat.total
            )
            record.text = nil
            return .part(MOPart(key: key, sequence: concat.sequence, record: record, payload: userData))
        }
        record.text = self.decode(userData, dataCoding)
        return .whole(record)
    }

    func decode(_ userData: [UInt8], _ dataCoding: DataCoding) -> String? {
        let alphabet = self.defaultAlphabet == .gsm7Packed ? DefaultAlphabet.gsm7Unpacked : self.defaultAlphabet
        return SMSText.decode(userData, dataCoding: dataCoding, defaultAlphabet: alphabet)
    }

    static func encodingName(_ alphabet: Alphabet) -> String {
        switch alphabet {
        case .gsm7: "gsm7"
        case .ascii: "ascii"
        case .latin1: "latin1"
        case .ucs2: "ucs2"
        case .binary: "binary"
        }
    }

    private func record(_ envelope: Envelope, systemID: String, id: String, receivedAt: Date, pdu: PDU) -> MORecord {
        let from = self.normalizer.normalize(envelope.sourceAddress, ton: TypeOfNumber(rawValue: envelope.sourceTON))
        let to = self.normalizer.normalize(
            envelope.destinationAddress,
            ton: TypeOfNumber(rawValue: envelope.destinationTON)
        )
        return MORecord(
            id: id,
            type: envelope.receipt == nil ? .mo : .dlr,
            from: from.e164?.description ?? envelope.sourceAddress,
            fromRaw: envelope.source,
            fromValid: from.isValid,
            to: to.e164?.description ?? envelope.destinationAddress,
            toRaw: envelope.destination,
            toValid: to.isValid,
            text: nil,
            encoding: "",
            dataCoding: envelope.dataCoding,
            bodyHex: "",
            receivedAt: receivedAt,
            smpp: MORecord.SMPPInfo(
                command: "\(pdu.commandID)",
                systemID: systemID,
                esmClass: envelope.esmClass,
                protocolID: envelope.protocolID,
                serviceType: envelope.serviceType,
                sequenceNumbers: [pdu.sequenceNumber],
                tlvs: Self.otherTLVs(envelope.tlvs)
            ),
            receipt: envelope.receipt
        )
    }

    /// The TLVs the record does not already carry, by name, values in hex.
    static func otherTLVs(_ tlvs: TLVList) -> [String: String] {
        let carried: Set<TLVTag> = [
            .messagePayload, .sarMessageReferenceNumber, .sarTotalSegments, .sarSegmentSequenceNumber,
        ]
        var result: [String: String] = [:]
        for tlv in tlvs where !carried.contains(tlv.tag) {
            // A repeated tag keeps its first value, as TLVList's typed accessors read it.
            let name = tlv.tag.name ?? "0x" + String(tlv.tag.rawValue, radix: 16)
            if result[name] == nil { result[name] = MOAssembler.hex(Array(tlv.value.readableBytesView)) }
        }
        return result
    }
}
