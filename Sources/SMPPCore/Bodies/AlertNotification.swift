// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of alert_notification (SMPP 3.4 §4.12.1): a mobile became available. It has no response.
public struct AlertNotification: Hashable, Sendable {
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8
    /// `source_addr`: the mobile, C-Octet String, at most 65 octets with the NUL.
    public var sourceAddress: String
    /// `esme_addr_ton`.
    public var esmeAddressTON: UInt8
    /// `esme_addr_npi`.
    public var esmeAddressNPI: UInt8
    /// `esme_addr`: C-Octet String, at most 65 octets with the NUL.
    public var esmeAddress: String
    /// Optional parameters, usually `ms_availability_status`.
    public var tlvs: TLVList

    public init(
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String,
        esmeAddressTON: UInt8 = 0,
        esmeAddressNPI: UInt8 = 0,
        esmeAddress: String,
        tlvs: TLVList = TLVList()
    ) {
        self.sourceAddressTON = sourceAddressTON
        self.sourceAddressNPI = sourceAddressNPI
        self.sourceAddress = sourceAddress
        self.esmeAddressTON = esmeAddressTON
        self.esmeAddressNPI = esmeAddressNPI
        self.esmeAddress = esmeAddress
        self.tlvs = tlvs
    }

    // source_addr_ton      Integer 1
    // source_addr_npi      Integer 1
    // source_addr          C-Octet String  max 65
    // esme_addr_ton        Integer 1
    // esme_addr_npi        Integer 1
    // esme_addr            C-Octet String  max 65
    // optional parameters  TLVs
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.sourceAddressTON = try buffer.readSMPPUInt8(.sourceAddressTON)
        self.sourceAddressNPI = try buffer.readSMPPUInt8(.sourceAddressNPI)
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 65, field: .sourceAddress)
        self.esmeAddressTON = try buffer.readSMPPUInt8(.esmeAddressTON)
        self.esmeAddressNPI = try buffer.readSMPPUInt8(.esmeAddressNPI)
        self.esmeAddress = try buffer.readSMPPCString(maxLength: 65, field: .esmeAddress)
        self.tlvs = try TLVList(validating: buffer.readSlice(length: buffer.readableBytes)!)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
        buffer.writeMultipleIntegers(self.esmeAddressTON, self.esmeAddressNPI)
        buffer.writeSMPPCString(self.esmeAddress)
        self.tlvs.write(to: &buffer)
    }
}
