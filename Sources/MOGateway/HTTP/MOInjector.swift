// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPNIO

/// The body of `POST /v1/mo`: an MO as if a handset had sent it.
public struct MOInjection: Codable, Sendable {
    public var from: String
    public var to: String
    public var text: String
    /// `auto` (default), `gsm7`, `ucs2`, `latin1` or `ascii`.
    public var encoding: String?
    /// `udh8` (default), `udh16`, `sar` or `payload`.
    public var split: String?
    public var fromTON: UInt8?
    public var fromNPI: UInt8?
    public var toTON: UInt8?
    public var toNPI: UInt8?

    enum CodingKeys: String, CodingKey {
        case from, to, text, encoding, split
        case fromTON = "from_ton"
        case fromNPI = "from_npi"
        case toTON = "to_ton"
        case toNPI = "to_npi"
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case .dataCorrupted(let context): "invalid JSON: \(context.debugDescription)"
        @unknown default: "invalid body"
        }
    }
}

/// The answer to `POST /v1/mo`.
public struct MOInjectionResult: Codable, Sendable {
    /// The record id of the message (its first part's).
    public var id: String?
    public var parts: Int
    /// `stored`, or the SMPP status the MO would have been answered with.
    public var status: String
}

/// Sends injected MO down the same path as SMPP MO: each part becomes a deliver_sm for the ingest handler.
public struct MOInjector: Sendable {
    let ingest: MOIngestHandler
    public let recordQueued: @Sendable (String) -> Void

    public init(ingest: MOIngestHandler) {
        self.ingest = ingest
        self.recordQueued = ingest.recordQueued
    }

    public func inject(_ injection: MOInjection) async throws -> MOInjectionResult {
        guard let encoding = SMSText.Encoding(rawValue: injection.encoding ?? "auto") else {
            throw ProblemResponse.badRequest("encoding must be auto, gsm7, ucs2, latin1 or ascii")
        }
        guard let scheme = ConcatenationScheme(rawValue: injection.split ?? "udh8") else {
            throw ProblemResponse.badRequest("split must be udh8, udh16, sar or payload")
        }
        guard !injection.from.isEmpty, injection.from.utf8.count <= 20, !injection.to.isEmpty,
            injection.to.utf8.count <= 20
        else { throw ProblemResponse.badRequest("from and to must be 1 to 20 characters") }
        guard
            let segments = SMSText.split(
                injection.text,
                encoding: encoding,
                scheme: scheme,
                reference: .random(in: 1 ... .max)
            )
        else { throw ProblemResponse.badRequest("the text cannot be carried in \(encoding.rawValue) or is too long") }
        var firstID: String?
        for (index, segment) in segments.enumerated() {
            let pdu = PDU(sequenceNumber: UInt32(index + 1), body: .deliverSM(self.message(injection, segment)))
            let result = await self.ingest.ingest(pdu, systemID: "http")
            guard result.status == .ok else {
                return MOInjectionResult(id: firstID, parts: segments.count, status: "\(result.status)")
            }
            if firstID == nil { firstID = result.messageID }
        }
        return MOInjectionResult(id: firstID, parts: segments.count, status: "stored")
    }

    private func message(_ injection: MOInjection, _ segment: SMSText.Segment) -> SubmitSM {
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
        return SubmitSM(
            sourceAddressTON: injection.fromTON ?? (numeric ? (injection.from.hasPrefix("+") ? 1 : 0) : 5),
            sourceAddressNPI: injection.fromNPI ?? (numeric ? 1 : 0),
            sourceAddress: from,
            destinationAddressTON: injection.toTON ?? (international ? 1 : 0),
            destinationAddressNPI: injection.toNPI ?? 1,
            destinationAddress: to,
            esmClass: segment.userDataHeader == nil ? 0 : 0x40,
            dataCoding: segment.dataCoding.rawValue,
            shortMessage: bytes.readableBytes > 254 ? ByteBuffer() : bytes,
            tlvs: tlvs
        )
    }
}
