// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// One message-carrying PDU that mogate's handler was given, reduced to what the interop tests compare.
struct ReceivedMessage: Sendable, CustomStringConvertible {
    var command: CommandID
    var serviceType: String
    var sourceAddress: String
    var sourceTON: UInt8
    var sourceNPI: UInt8
    var destinationAddress: String
    var destinationTON: UInt8
    var destinationNPI: UInt8
    var esmClass: UInt8
    var dataCoding: UInt8
    /// short_message, or message_payload when short_message is empty.
    var userData: [UInt8]
    var tlvTags: [UInt16]
    var moreMessagesToSend: UInt8?
    /// sar_msg_ref_num, sar_total_segments, sar_segment_seqnum when all three are present.
    var sar: (reference: UInt16, total: UInt8, sequence: UInt8)?
    /// Whether the text came in message_payload.
    var usedPayload: Bool
    var systemID: String
    var bindType: SMPPBindType

    init(_ request: SMPPInboundRequest) throws {
        self.command = request.pdu.commandID
        self.systemID = request.session.systemID
        self.bindType = request.session.bindType
        switch request.pdu.body {
        case .submitSM(let sm), .deliverSM(let sm):
            self.serviceType = sm.serviceType
            self.sourceAddress = sm.sourceAddress
            self.sourceTON = sm.sourceAddressTON
            self.sourceNPI = sm.sourceAddressNPI
            self.destinationAddress = sm.destinationAddress
            self.destinationTON = sm.destinationAddressTON
            self.destinationNPI = sm.destinationAddressNPI
            self.esmClass = sm.esmClass
            self.dataCoding = sm.dataCoding
            let shortMessage = Array(sm.shortMessage.readableBytesView)
            let payload = sm.tlvs.messagePayload.map { Array($0.readableBytesView) } ?? []
            self.userData = shortMessage.isEmpty ? payload : shortMessage
            self.usedPayload = shortMessage.isEmpty && sm.tlvs.messagePayload != nil
            self.tlvTags = sm.tlvs.map { $0.tag.rawValue }
            self.sar = Self.sar(sm.tlvs)
            self.moreMessagesToSend = sm.tlvs[.moreMessagesToSend].flatMap {
                $0.getInteger(at: $0.readerIndex, as: UInt8.self)
            }
        case .dataSM(let data):
            self.serviceType = data.serviceType
            self.sourceAddress = data.sourceAddress
            self.sourceTON = data.sourceAddressTON
            self.sourceNPI = data.sourceAddressNPI
            self.destinationAddress = data.destinationAddress
            self.destinationTON = data.destinationAddressTON
            self.destinationNPI = data.destinationAddressNPI
            self.esmClass = data.esmClass
            self.dataCoding = data.dataCoding
            self.userData = data.tlvs.messagePayload.map { Array($0.readableBytesView) } ?? []
            self.usedPayload = data.tlvs.messagePayload != nil
            self.tlvTags = data.tlvs.map { $0.tag.rawValue }
            self.sar = Self.sar(data.tlvs)
            self.moreMessagesToSend = nil
        default:
            Issue.record("not a message-carrying PDU: \(request.pdu.commandID)")
            throw InteropTimeout(what: "a message-carrying PDU")
        }
    }

    private static func sar(_ tlvs: TLVList) -> (reference: UInt16, total: UInt8, sequence: UInt8)? {
        guard let reference = tlvs.sarMessageReferenceNumber, let total = tlvs.sarTotalSegments,
            let sequence = tlvs.sarSegmentSequenceNumber
        else { return nil }
        return (reference, total, sequence)
    }

    /// Whether esm_class has UDHI (0x40): the user data starts with a User Data Header.
    var hasUDH: Bool { self.esmClass & 0x40 != 0 }

    /// The concatenation element of the UDH, if any.
    var concatenation: UserDataHeader.Concatenation? {
        guard self.hasUDH, let split = try? UserDataHeader.split(self.userData) else { return nil }
        return split.header.concatenation
    }

    /// The text after any UDH, decoded by data_coding with mogate's SMSText (GSM 7-bit unpacked for 0).
    var text: String? {
        var octets = self.userData[...]
        if self.hasUDH {
            guard let split = try? UserDataHeader.split(self.userData) else { return nil }
            octets = split.payload
        }
        return SMSText.decode(octets, dataCoding: DataCoding(rawValue: self.dataCoding))
    }

    var description: String {
        "\(self.command) \(self.sourceAddress)(\(self.sourceTON)/\(self.sourceNPI)) -> "
            + "\(self.destinationAddress)(\(self.destinationTON)/\(self.destinationNPI)) esm=\(self.esmClass) "
            + "dc=\(self.dataCoding) ud=\(self.userData.hex) from \(self.systemID) as \(self.bindType)"
    }
}

/// Joins concatenated parts (by reference, in sequence order) and returns each whole message's text.
func reassemble(_ parts: [ReceivedMessage]) -> String? {
    func order(_ part: ReceivedMessage) -> UInt8 { part.concatenation?.sequence ?? part.sar?.sequence ?? 0 }
    let sorted = parts.sorted { order($0) < order($1) }
    var text = ""
    for part in sorted {
        guard let piece = part.text else { return nil }
        text += piece
    }
    return text
}

/// Collects what mogate's handler was given; tests wait on it with a deadline.
final class MessageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [SMPPInboundRequest] = []
    private var byMessageID: [String: SMPPInboundRequest] = [:]
    private var counter = 0

    /// Records the request and returns the message_id to answer with ("mg-1", "mg-2", …).
    func record(_ request: SMPPInboundRequest) -> String {
        self.lock.withLock {
            self.requests.append(request)
            self.counter += 1
            let messageID = "mg-\(self.counter)"
            self.byMessageID[messageID] = request
            return messageID
        }
    }

    /// The request that was answered with `messageID`.
    func message(answeredWith messageID: String) throws -> ReceivedMessage? {
        try self.lock.withLock { self.byMessageID[messageID] }.map(ReceivedMessage.init)
    }

    var all: [SMPPInboundRequest] { self.lock.withLock { self.requests } }

    func messages() throws -> [ReceivedMessage] {
        try self.all.filter(\.carriesMessage).map(ReceivedMessage.init)
    }

    /// Waits until at least `count` message-carrying PDUs have arrived.
    func waitForMessages(_ count: Int, timeout: Duration) async throws -> [ReceivedMessage] {
        let deadline = ContinuousClock.now + timeout
        while self.all.filter(\.carriesMessage).count < count {
            if ContinuousClock.now >= deadline {
                throw InteropTimeout(what: "\(count) messages at mogate; got \(self.all.count): \(self.all)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try self.messages()
    }
}
