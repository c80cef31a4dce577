// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of data_sm_resp (SMPP 3.4 §4.7.2).
public struct DataSMResponse: Hashable, Sendable {
    /// `message_id`: C-Octet String, at most 65 octets with the NUL.
    public var messageID: String
    /// Optional parameters (delivery_failure_reason, network_error_code, additional_status_info_text, dpf_result).
    public var tlvs: TLVList

    public init(messageID: String = "", tlvs: TLVList = TLVList()) {
        self.messageID = messageID
        self.tlvs = tlvs
    }

    // message_id           C-Octet String  max 65
    // optional parameters  TLVs
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
        self.tlvs = try TLVList(validating: buffer.readSlice(length: buffer.readableBytes)!)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.messageID)
        self.tlvs.write(to: &buffer)
    }
}
