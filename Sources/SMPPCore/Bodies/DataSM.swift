// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of data_sm (SMPP 3.4 §4.7.1): a message for either direction, its text in `message_payload`.
///
/// Addresses may be up to 65 octets with the NUL here, unlike submit_sm.
public struct DataSM: Hashable, Sendable {
    /// `service_type`: C-Octet String, at most 6 octets with the NUL.
    public var serviceType: String
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8
    /// `source_addr`: C-Octet String, at most 65 octets with the NUL.
    public var sourceAddress: String
    /// `dest_addr_ton`.
    public var destinationAddressTON: UInt8
    /// `dest_addr_npi`.
    public var destinationAddressNPI: UInt8
    /// `destination_addr`: C-Octet String, at most 65 octets with the NUL.
    public var destinationAddress: String
    /// `esm_class` (§5.2.12).
    public var esmClass: UInt8
    /// `registered_delivery` (§5.2.17).
    public var registeredDelivery: UInt8
    /// `data_coding` (§5.2.19).
    public var dataCoding: UInt8
    /// Optional parameters; the message itself is usually `message_payload`.
    public var tlvs: TLVList

    public init(
        serviceType: String = "",
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String,
        destinationAddressTON: UInt8 = 0,
        destinationAddressNPI: UInt8 = 0,
        destinationAddress: String,
        esmClass: UInt8 = 0,
        registeredDelivery: UInt8 = 0,
        dataCoding: UInt8 = 0,
        tlvs: TLVList = TLVList()
    ) {
        self.serviceType = serviceType
        self.sourceAddressTON = sourceAddressTON
        self.sourceAddressNPI = sourceAddressNPI
        self.sourceAddress = sourceAddress
        self.destinationAddressTON = destinationAddressTON
        self.destinationAddressNPI = destinationAddressNPI
        self.destinationAddress = destinationAddress
        self.esmClass = esmClass
        self.registeredDelivery = registeredDelivery
        self.dataCoding = dataCoding
        self.tlvs = tlvs
    }

    // service_type         C-Octet String  max 6
    // source_addr_ton      Integer 1
    // source_addr_npi      Integer 1
    // source_addr          C-Octet String  max 65
    // dest_addr_ton        Integer 1
    // dest_addr_npi        Integer 1
    // destination_addr     C-Octet String  max 65
    // esm_class            Integer 1
    // registered_delivery  Integer 1
    // data_coding          Integer 1
    // optional parameters  TLVs
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.serviceType = try buffer.readSMPPCString(maxLength: 6, field: .serviceType)
        self.sourceAddressTON = try buffer.readSMPPUInt8(.sourceAddressTON)
        self.sourceAddressNPI = try buffer.readSMPPUInt8(.sourceAddressNPI)
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 65, field: .sourceAddress)
        self.destinationAddressTON = try buffer.readSMPPUInt8(.destinationAddressTON)
        self.destinationAddressNPI = try buffer.readSMPPUInt8(.destinationAddressNPI)
        self.destinationAddress = try buffer.readSMPPCString(maxLength: 65, field: .destinationAddress)
        self.esmClass = try buffer.readSMPPUInt8(.esmClass)
        self.registeredDelivery = try buffer.readSMPPUInt8(.registeredDelivery)
        self.dataCoding = try buffer.readSMPPUInt8(.dataCoding)
        self.tlvs = try TLVList(validating: buffer.readSlice(length: buffer.readableBytes)!)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.serviceType)
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
        buffer.writeMultipleIntegers(self.destinationAddressTON, self.destinationAddressNPI)
        buffer.writeSMPPCString(self.destinationAddress)
        buffer.writeMultipleIntegers(self.esmClass, self.registeredDelivery, self.dataCoding)
        self.tlvs.write(to: &buffer)
    }
}
