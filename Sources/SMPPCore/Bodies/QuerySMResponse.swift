// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of query_sm_resp (SMPP 3.4 §4.8.2).
public struct QuerySMResponse: Hashable, Sendable {
    /// `message_id`: C-Octet String, at most 65 octets with the NUL.
    public var messageID: String
    /// `final_date`: empty, or `YYMMDDhhmmsstnnp` when the message reached a final state.
    public var finalDate: String
    /// `message_state` (§5.2.28): 1 ENROUTE … 8 REJECTED.
    public var messageState: UInt8
    /// `error_code`: the network error code, where there is one.
    public var errorCode: UInt8

    public init(messageID: String, finalDate: String = "", messageState: UInt8, errorCode: UInt8 = 0) {
        self.messageID = messageID
        self.finalDate = finalDate
        self.messageState = messageState
        self.errorCode = errorCode
    }

    // message_id     C-Octet String  max 65
    // final_date     C-Octet String  1 or 17
    // message_state  Integer 1
    // error_code     Integer 1
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
        self.finalDate = try buffer.readSMPPTime(.finalDate)
        self.messageState = try buffer.readSMPPUInt8(.messageState)
        self.errorCode = try buffer.readSMPPUInt8(.errorCode)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.messageID)
        buffer.writeSMPPCString(self.finalDate)
        buffer.writeMultipleIntegers(self.messageState, self.errorCode)
    }
}
