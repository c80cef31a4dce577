// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of submit_multi (SMPP 3.4 §4.5.1): one message to up to 254 SMEs or distribution lists.
public struct SubmitMulti: Hashable, Sendable {
    /// One entry of `dest_address` (§4.5.1.1), chosen by `dest_flag`.
    public enum Destination: Hashable, Sendable {
        /// dest_flag 1: an SME address, with `destination_addr` at most 21 octets with the NUL.
        case smeAddress(ton: UInt8, npi: UInt8, address: String)
        /// dest_flag 2: `dl_name`, at most 21 octets with the NUL.
        case distributionList(String)
    }

    /// `service_type`: C-Octet String, at most 6 octets with the NUL.
    public var serviceType: String
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8
    /// `source_addr`: C-Octet String, at most 21 octets with the NUL.
    public var sourceAddress: String
    /// `dest_address`: 1 to 254 destinations (`number_of_dests` is written from it).
    public var destinations: [Destination]
    /// `esm_class`.
    public var esmClass: UInt8
    /// `protocol_id`.
    public var protocolID: UInt8
    /// `priority_flag`.
    public var priorityFlag: UInt8
    /// `schedule_delivery_time`: empty, or `YYMMDDhhmmsstnnp`.
    public var scheduleDeliveryTime: String
    /// `validity_period`: empty, or `YYMMDDhhmmsstnnp`.
    public var validityPeriod: String
    /// `registered_delivery`.
    public var registeredDelivery: UInt8
    /// `replace_if_present_flag`.
    public var replaceIfPresentFlag: UInt8
    /// `data_coding`.
    public var dataCoding: UInt8
    /// `sm_default_msg_id`.
    public var smDefaultMessageID: UInt8
    /// `short_message`: at most 254 octets.
    public var shortMessage: ByteBuffer
    /// Optional parameters.
    public var tlvs: TLVList

    public init(
        serviceType: String = "",
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String,
        destinations: [Destination],
        esmClass: UInt8 = 0,
        protocolID: UInt8 = 0,
        priorityFlag: UInt8 = 0,
        scheduleDeliveryTime: String = "",
        validityPeriod: String = "",
        registeredDelivery: UInt8 = 0,
        replaceIfPresentFlag: UInt8 = 0,
        dataCoding: UInt8 = 0,
        smDefaultMessageID: UInt8 = 0,
        shortMessage: ByteBuffer = ByteBuffer(),
        tlvs: TLVList = TLVList()
    ) {
        self.serviceType = serviceType
        self.sourceAddressTON = sourceAddressTON
        self.sourceAddressNPI = sourceAddressNPI
        self.sourceAddress = sourceAddress
        self.destinations = destinations
        self.esmClass = esmClass
        self.protocolID = protocolID
        self.priorityFlag = priorityFlag
        self.scheduleDeliveryTime = scheduleDeliveryTime
        self.validityPeriod = validityPeriod
        self.registeredDelivery = registeredDelivery
        self.replaceIfPresentFlag = replaceIfPresentFlag
        self.dataCoding = dataCoding
        self.smDefaultMessageID = smDefaultMessageID
        self.shortMessage = shortMessage
        self.tlvs = tlvs
    }

    // service_type, source_addr_ton, source_addr_npi, source_addr (max 21)
    // number_of_dests          Integer 1       1–254
    // dest_address             number_of_dests × (dest_flag 1 | SME address, or dest_flag 2 | dl_name)
    // esm_class … sm_default_msg_id, sm_length, short_message, optional parameters (as submit_sm)
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.serviceType = try buffer.readSMPPCString(maxLength: 6, field: .serviceType)
        self.sourceAddressTON = try buffer.readSMPPUInt8(.sourceAddressTON)
        self.sourceAddressNPI = try buffer.readSMPPUInt8(.sourceAddressNPI)
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 21, field: .sourceAddress)
        let count = try buffer.readSMPPUInt8(.numberOfDestinations)
        guard (1...254).contains(count) else { throw .invalid(.numberOfDestinations, "\(count), allowed 1...254") }
        var destinations: [Destination] = []
        destinations.reserveCapacity(Int(count))
        for _ in 0..<count {
            switch try buffer.readSMPPUInt8(.destinationFlag) {
            case 1:
                let ton = try buffer.readSMPPUInt8(.destinationAddressTON)
                let npi = try buffer.readSMPPUInt8(.destinationAddressNPI)
                let address = try buffer.readSMPPCString(maxLength: 21, field: .destinationAddress)
                destinations.append(.smeAddress(ton: ton, npi: npi, address: address))
            case 2:
                destinations.append(
                    .distributionList(try buffer.readSMPPCString(maxLength: 21, field: .distributionListName))
                )
            case let flag:
                throw .invalid(.destinationFlag, "\(flag), allowed 1 or 2")
            }
        }
        self.destinations = destinations
        self.esmClass = try buffer.readSMPPUInt8(.esmClass)
        self.protocolID = try buffer.readSMPPUInt8(.protocolID)
        self.priorityFlag = try buffer.readSMPPUInt8(.priorityFlag)
        self.scheduleDeliveryTime = try buffer.readSMPPTime(.scheduleDeliveryTime)
        self.validityPeriod = try buffer.readSMPPTime(.validityPeriod)
        self.registeredDelivery = try buffer.readSMPPUInt8(.registeredDelivery)
        self.replaceIfPresentFlag = try buffer.readSMPPUInt8(.replaceIfPresentFlag)
        self.dataCoding = try buffer.readSMPPUInt8(.dataCoding)
        self.smDefaultMessageID = try buffer.readSMPPUInt8(.smDefaultMessageID)
        let length = try buffer.readSMPPUInt8(.smLength)
        self.shortMessage = try buffer.readSMPPShortMessage(length: length)
        let (tlvs, payloadHasData) = try TLVList.validated(buffer.readSlice(length: buffer.readableBytes)!)
        try TLVList.checkPayloadExclusive(shortMessageLength: Int(length), payloadHasData: payloadHasData)
        self.tlvs = tlvs
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.serviceType)
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
        buffer.writeInteger(UInt8(truncatingIfNeeded: self.destinations.count))
        for destination in self.destinations {
            switch destination {
            case .smeAddress(let ton, let npi, let address):
                buffer.writeMultipleIntegers(UInt8(1), ton, npi)
                buffer.writeSMPPCString(address)
            case .distributionList(let name):
                buffer.writeInteger(UInt8(2))
                buffer.writeSMPPCString(name)
            }
        }
        buffer.writeMultipleIntegers(self.esmClass, self.protocolID, self.priorityFlag)
        buffer.writeSMPPCString(self.scheduleDeliveryTime)
        buffer.writeSMPPCString(self.validityPeriod)
        buffer.writeSMPPShortMessage(
            self.shortMessage,
            after: (self.registeredDelivery, self.replaceIfPresentFlag, self.dataCoding, self.smDefaultMessageID)
        )
        self.tlvs.write(to: &buffer)
    }
}
