// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of query_sm (SMPP 3.4 §4.8.1): the state of a message submitted earlier.
public struct QuerySM: Hashable, Sendable {
    /// `message_id`: C-Octet String, at most 65 octets with the NUL.
    public var messageID: String
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8
    /// `source_addr`: C-Octet String, at most 21 octets with the NUL.
    public var sourceAddress: String

    public init(messageID: String, sourceAddressTON: UInt8 = 0, sourceAddressNPI: UInt8 = 0, sourceAddress: String = "")
    {
        self.messageID = messageID
        self.sourceAddressTON = sourceAddressTON
        self.sourceAddressNPI = sourceAddressNPI
        self.sourceAddress = sourceAddress
    }

    // message_id       C-Octet String  max 65
    // source_addr_ton  Integer 1
    // source_addr_npi  Integer 1
    // source_addr      C-Octet String  max 21
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
        self.sourceAddressTON = try buffer.readSMPPUInt8(.sourceAddressTON)
        self.sourceAddressNPI = try buffer.readSMPPUInt8(.sourceAddressNPI)
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 21, field: .sourceAddress)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.messageID)
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
    }
}
