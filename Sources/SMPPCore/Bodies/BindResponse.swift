// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of bind_transmitter_resp, bind_receiver_resp and bind_transceiver_resp (SMPP 3.4 §4.1.2).
///
/// The optional `sc_interface_version` TLV tells the ESME which version the SMSC speaks; peers often omit it.
public struct BindResponse: Hashable, Sendable {
    /// `system_id` of the SMSC: C-Octet String, at most 16 octets with the NUL.
    public var systemID: String
    /// Optional parameters, usually `sc_interface_version`.
    public var tlvs: TLVList

    public init(systemID: String, tlvs: TLVList = TLVList()) {
        self.systemID = systemID
        self.tlvs = tlvs
    }

    /// A response that advertises `sc_interface_version` (0x34 for SMPP 3.4).
    public init(systemID: String, scInterfaceVersion: UInt8) {
        self.init(systemID: systemID)
        self.tlvs.scInterfaceVersion = scInterfaceVersion
    }

    // system_id             C-Octet String  max 16
    // sc_interface_version  TLV             optional
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.systemID = try buffer.readSMPPCString(maxLength: 16, field: .systemID)
        self.tlvs = try TLVList(validating: buffer.readSlice(length: buffer.readableBytes)!)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.systemID)
        self.tlvs.write(to: &buffer)
    }
}
