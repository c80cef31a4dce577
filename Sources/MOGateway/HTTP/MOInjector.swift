// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPNIO

/// The body of `POST /v1/mo`: an MO as if a handset had sent it.
///
/// The fields follow SMPPSim's `inject_mo`: addresses with TON/NPI, the message as `text` (encoded per
/// `encoding`) or as raw `hex` octets, an explicit `data_coding`, `esm_class`, `protocol_id`, `priority_flag`,
/// `registered_delivery`, `service_type`, extra `tlvs`, the `split` mode for long messages, and the `command`
/// the MO arrives as (`deliver_sm` or `data_sm`).
public struct MOInjection: Codable, Sendable {
    public var from: String
    public var to: String
    /// The message text; give this or `hex`.
    public var text: String?
    /// The short_message octets as hex, sent as they are; give this or `text`.
    public var hex: String?
    /// `auto` (default), `gsm7`, `ucs2`, `latin1` or `ascii`: how `text` is encoded.
    public var encoding: String?
    /// `udh8` (default), `udh16`, `sar`, `payload`, or `none` (refuse a message that needs more than one part).
    public var split: String?
    public var fromTON: UInt8?
    public var fromNPI: UInt8?
    public var toTON: UInt8?
    public var toNPI: UInt8?
    /// The data_coding octet on the wire; overrides the one `encoding` picks (default 4, 8-bit data, for `hex`).
    public var dataCoding: Int?
    /// esm_class; 0x40 (UDHI) is added when a split adds a UDH.
    public var esmClass: Int?
    public var protocolID: Int?
    public var priorityFlag: Int?
    public var registeredDelivery: Int?
    public var serviceType: String?
    /// `deliver_sm` (default) or `data_sm`.
    public var command: String?
    /// Optional parameters added to every part.
    public var tlvs: [InjectedTLV]?

    public init(from: String, to: String, text: String? = nil, hex: String? = nil) {
        self.from = from
        self.to = to
        self.text = text
        self.hex = hex
    }

    enum CodingKeys: String, CodingKey {
        case from, to, text, hex, encoding, split, command, tlvs
        case fromTON = "from_ton"
        case fromNPI = "from_npi"
        case toTON = "to_ton"
        case toNPI = "to_npi"
        case dataCoding = "data_coding"
        case esmClass = "esm_class"
        case protocolID = "protocol_id"
        case priorityFlag = "priority_flag"
        case registeredDelivery = "registered_delivery"
        case serviceType = "service_type"
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
        let plan = try InjectionPlan(injection)
        var firstID: String?
        for (index, body) in plan.bodies.enumerated() {
            let pdu = PDU(sequenceNumber: UInt32(index + 1), body: body)
            let result = await self.ingest.ingest(pdu, systemID: "http")
            guard result.status == .ok else {
                return MOInjectionResult(id: firstID, parts: plan.bodies.count, status: "\(result.status)")
            }
            if firstID == nil { firstID = result.messageID }
        }
        return MOInjectionResult(id: firstID, parts: plan.bodies.count, status: "stored")
    }
}
