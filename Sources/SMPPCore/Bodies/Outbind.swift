// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of outbind (SMPP 3.4 §4.1.7): the SMSC asks the ESME to bind_receiver. It has no response.
public struct Outbind: Hashable, Sendable {
    /// `system_id` of the SMSC: C-Octet String, at most 16 octets with the NUL.
    public var systemID: String
    /// `password`: C-Octet String, at most 9 octets with the NUL.
    public var password: String

    public init(systemID: String, password: String) {
        self.systemID = systemID
        self.password = password
    }

    // system_id  C-Octet String  max 16
    // password   C-Octet String  max 9
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.systemID = try buffer.readSMPPCString(maxLength: 16, field: .systemID)
        self.password = try buffer.readSMPPCString(maxLength: 9, field: .password)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.systemID)
        buffer.writeSMPPCString(self.password)
    }
}
