// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// deliver_sm (SMPP 3.4 §4.6.1) has exactly the layout of submit_sm; the SMSC sends it to the ESME.
///
/// In deliver_sm, schedule_delivery_time and validity_period are normally empty, and esm_class 0x04 marks a
/// delivery receipt rather than an MO message.
public typealias DeliverSM = SubmitSM

/// The body of submit_sm (SMPP 3.4 §4.4.1), and of deliver_sm (§4.6.1).
///
/// Wire example (deliver_sm body, "Hi" from 447700900123 to 4455):
/// `00  01 01 34 34 37 37 30 30 39 30 30 31 32 33 00  03 00 34 34 35 35 00  00 00 00  00  00
///  00 00 00 00  02 48 69`
public struct SubmitSM: Hashable, Sendable {
    /// `service_type`: C-Octet String, at most 6 octets with the NUL.
    public var serviceType: String
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
    /// `esm_class` (§5.2.12): messaging mode, message type (0x04 receipt), and GSM features (0x40 UDHI).
    public var esmClass: UInt8
    /// `protocol_id` (§5.2.13).
    public var protocolID: UInt8
    /// `priority_flag` (§5.2.14).
    public var priorityFlag: UInt8
    /// `schedule_delivery_time`: empty, or `YYMMDDhhmmsstnnp`.
    public var scheduleDeliveryTime: String
    /// `validity_period`: empty, or `YYMMDDhhmmsstnnp`.
    public var validityPeriod: String
    /// `registered_delivery` (§5.2.17).
    public var registeredDelivery: UInt8
    /// `replace_if_present_flag`.
    public var replaceIfPresentFlag: UInt8
    /// `data_coding` (§5.2.19).
    public var dataCoding: UInt8
    /// `sm_default_msg_id`.
    public var smDefaultMessageID: UInt8
    /// `short_message`: at most 254 octets (`sm_length` is written from it); UDH first when esm_class has 0x40.
    public var shortMessage: ByteBuffer
    /// Optional parameters, such as `message_payload` and the `sar_*` TLVs.
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
        self.destinationAddressTON = destinationAddressTON
        self.destinationAddressNPI = destinationAddressNPI
        self.destinationAddress = destinationAddress
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

    // service_type             C-Octet String  max 6
    // source_addr_ton          Integer 1
    // source_addr_npi          Integer 1
    // source_addr              C-Octet String  max 21
    // dest_addr_ton            Integer 1
    // dest_addr_npi            Integer 1
    // destination_addr         C-Octet String  max 21
    // esm_class                Integer 1
    // protocol_id              Integer 1
    // priority_flag            Integer 1
    // schedule_delivery_time   C-Octet String  1 or 17
    // validity_period          C-Octet String  1 or 17
    // registered_delivery      Integer 1
    // replace_if_present_flag  Integer 1
    // data_coding              Integer 1
    // sm_default_msg_id        Integer 1
    // sm_length                Integer 1       0–254
    // short_message            Octet String    sm_length octets
    // optional parameters      TLVs
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.serviceType = try buffer.readSMPPCString(maxLength: 6, field: .serviceType)
        guard let (sourceTON, sourceNPI) = buffer.readMultipleIntegers(as: (UInt8, UInt8).self) else {
            throw .truncated(.sourceAddressTON)
        }
        self.sourceAddressTON = sourceTON
        self.sourceAddressNPI = sourceNPI
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 21, field: .sourceAddress)
        guard let (destinationTON, destinationNPI) = buffer.readMultipleIntegers(as: (UInt8, UInt8).self) else {
            throw .truncated(.destinationAddressTON)
        }
        self.destinationAddressTON = destinationTON
        self.destinationAddressNPI = destinationNPI
        self.destinationAddress = try buffer.readSMPPCString(maxLength: 21, field: .destinationAddress)
        guard let (esmClass, protocolID, priorityFlag) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8).self)
        else { throw .truncated(.esmClass) }
        self.esmClass = esmClass
        self.protocolID = protocolID
        self.priorityFlag = priorityFlag
        self.scheduleDeliveryTime = try buffer.readSMPPTime(.scheduleDeliveryTime)
        self.validityPeriod = try buffer.readSMPPTime(.validityPeriod)
        guard
            let (registered, replace, dataCoding, defaultID, smLength) = buffer.readMultipleIntegers(
                as: (UInt8, UInt8, UInt8, UInt8, UInt8).self
            )
        else { throw .truncated(.registeredDelivery) }
        self.registeredDelivery = registered
        self.replaceIfPresentFlag = replace
        self.dataCoding = dataCoding
        self.smDefaultMessageID = defaultID
        self.shortMessage = try buffer.readSMPPShortMessage(length: smLength)
        self.tlvs = try TLVList(validating: buffer.readSlice(length: buffer.readableBytes)!)
        try self.tlvs.checkPayloadExclusive(shortMessageLength: Int(smLength))
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.serviceType)
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
        buffer.writeMultipleIntegers(self.destinationAddressTON, self.destinationAddressNPI)
        buffer.writeSMPPCString(self.destinationAddress)
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

extension ByteBuffer {
    /// Reads `short_message` for a given `sm_length` (0–254; 255 is invalid, SMPP 3.4 §5.2.21).
    mutating func readSMPPShortMessage(length: UInt8) throws(SMPPDecodingError) -> ByteBuffer {
        guard length < 255, let message = self.readSlice(length: Int(length)) else {
            throw SMPPDecodingError(code: .invalidSMLength, field: .smLength, detail: "sm_length \(length)")
        }
        return message
    }

    /// Writes four one-octet fields, then `sm_length` and `short_message`.
    mutating func writeSMPPShortMessage(_ message: ByteBuffer, after fields: (UInt8, UInt8, UInt8, UInt8)) {
        var message = message
        let length = UInt8(truncatingIfNeeded: message.readableBytes)
        self.writeMultipleIntegers(fields.0, fields.1, fields.2, fields.3, length)
        self.writeBuffer(&message)
    }
}

extension TLVList {
    /// short_message and message_payload must not both carry data (SMPP 3.4 §5.3.2.32).
    func checkPayloadExclusive(shortMessageLength: Int) throws(SMPPDecodingError) {
        guard shortMessageLength > 0, !self.isEmpty, let payload = self[.messagePayload], payload.readableBytes > 0
        else { return }
        throw SMPPDecodingError(code: .conflictingPayload, field: .shortMessage, tag: .messagePayload)
    }
}
