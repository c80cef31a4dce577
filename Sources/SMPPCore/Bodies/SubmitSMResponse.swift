// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// deliver_sm_resp (SMPP 3.4 §4.6.2) has the layout of submit_sm_resp; its message_id is unused (empty).
public typealias DeliverSMResponse = SubmitSMResponse

/// The body of submit_sm_resp (SMPP 3.4 §4.4.2) and deliver_sm_resp (§4.6.2).
///
/// A response whose status is not ESME_ROK may come without a body; that decodes as
/// `PDU.Body.emptyResponse`, not as this type.
public struct SubmitSMResponse: Hashable, Sendable {
    /// `message_id`: C-Octet String, at most 65 octets with the NUL.
    public var messageID: String

    public init(messageID: String = "") {
        self.messageID = messageID
    }

    // message_id  C-Octet String  max 65
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.messageID)
    }
}
