// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of cancel_sm (SMPP 3.4 §4.9.1): cancel one message, or all from a source to a destination.
public struct CancelSM: Hashable, Sendable {
    /// `service_type`: C-Octet String, at most 6 octets with the NUL.
    public var serviceType: String
    /// `message_id`: C-Octet String, at most 65 octets with the NUL; empty to cancel by address.
    public var messageID: String
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8
    /// `source_addr`: C-Octet String, at most 21 octets with the NUL.
    public var sourceAddress: String
    /// `dest_addr_ton`.
    public var destinationAddressTON: UInt8
    /// `dest_addr_npi`.
    public var destinationAddressNPI: UInt8
    /// `destination_addr`: C-Octet String, at most 21 octets with the NUL.
    public var destinationAddress: String

    public init(
        serviceType: String = "",
        messageID: String,
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String = "",
        destinationAddressTON: UInt8 = 0,
        destinationAddressNPI: UInt8 = 0,
        destinationAddress: String = ""
    ) {
        self.serviceType = serviceType
        self.messageID = messageID
        self.sourceAddressTON = sourceAddressTON
        self.sourceAddressNPI = sourceAddressNPI
        self.sourceAddress = sourceAddress
        self.destinationAddressTON = destinationAddressTON
        self.destinationAddressNPI = destinationAddressNPI
        self.destinationAddress = destinationAddress
    }

    // service_type      C-Octet String  max 6
    // message_id        C-Octet String  max 65
    // source_addr_ton   Integer 1
    // source_addr_npi   Integer 1
    // source_addr       C-Octet String  max 21
    // dest_addr_ton     Integer 1
    // dest_addr_npi     Integer 1
    // destination_addr  C-Octet String  max 21
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.serviceType = try buffer.readSMPPCString(maxLength: 6, field: .serviceType)
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
        self.sourceAddressTON = try buffer.readSMPPUInt8(.sourceAddressTON)
        self.sourceAddressNPI = try buffer.readSMPPUInt8(.sourceAddressNPI)
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 21, field: .sourceAddress)
        self.destinationAddressTON = try buffer.readSMPPUInt8(.destinationAddressTON)
        self.destinationAddressNPI = try buffer.readSMPPUInt8(.destinationAddressNPI)
        self.destinationAddress = try buffer.readSMPPCString(maxLength: 21, field: .destinationAddress)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.serviceType)
        buffer.writeSMPPCString(self.messageID)
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
        buffer.writeMultipleIntegers(self.destinationAddressTON, self.destinationAddressNPI)
        buffer.writeSMPPCString(self.destinationAddress)
    }
}
