// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of replace_sm (SMPP 3.4 §4.10.1): replace a message submitted earlier and not yet delivered.
public struct ReplaceSM: Hashable, Sendable {
    /// `message_id`: C-Octet String, at most 65 octets with the NUL.
    public var messageID: String
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8
    /// `source_addr`: C-Octet String, at most 21 octets with the NUL.
    public var sourceAddress: String
    /// `schedule_delivery_time`: empty, or `YYMMDDhhmmsstnnp`.
    public var scheduleDeliveryTime: String
    /// `validity_period`: empty, or `YYMMDDhhmmsstnnp`.
    public var validityPeriod: String
    /// `registered_delivery`.
    public var registeredDelivery: UInt8
    /// `sm_default_msg_id`.
    public var smDefaultMessageID: UInt8
    /// `short_message`: at most 254 octets.
    public var shortMessage: ByteBuffer

    public init(
        messageID: String,
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String = "",
        scheduleDeliveryTime: String = "",
        validityPeriod: String = "",
        registeredDelivery: UInt8 = 0,
        smDefaultMessageID: UInt8 = 0,
        shortMessage: ByteBuffer = ByteBuffer()
    ) {
        self.messageID = messageID
        self.sourceAddressTON = sourceAddressTON
        self.sourceAddressNPI = sourceAddressNPI
        self.sourceAddress = sourceAddress
        self.scheduleDeliveryTime = scheduleDeliveryTime
        self.validityPeriod = validityPeriod
        self.registeredDelivery = registeredDelivery
        self.smDefaultMessageID = smDefaultMessageID
        self.shortMessage = shortMessage
    }

    // message_id              C-Octet String  max 65
    // source_addr_ton         Integer 1
    // source_addr_npi         Integer 1
    // source_addr             C-Octet String  max 21
    // schedule_delivery_time  C-Octet String  1 or 17
    // validity_period         C-Octet String  1 or 17
    // registered_delivery     Integer 1
    // sm_default_msg_id       Integer 1
    // sm_length               Integer 1       0–254
    // short_message           Octet String    sm_length octets
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
        self.sourceAddressTON = try buffer.readSMPPUInt8(.sourceAddressTON)
        self.sourceAddressNPI = try buffer.readSMPPUInt8(.sourceAddressNPI)
        self.sourceAddress = try buffer.readSMPPCString(maxLength: 21, field: .sourceAddress)
        self.scheduleDeliveryTime = try buffer.readSMPPTime(.scheduleDeliveryTime)
        self.validityPeriod = try buffer.readSMPPTime(.validityPeriod)
        self.registeredDelivery = try buffer.readSMPPUInt8(.registeredDelivery)
        self.smDefaultMessageID = try buffer.readSMPPUInt8(.smDefaultMessageID)
        let length = try buffer.readSMPPUInt8(.smLength)
        self.shortMessage = try buffer.readSMPPShortMessage(length: length)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.messageID)
        buffer.writeMultipleIntegers(self.sourceAddressTON, self.sourceAddressNPI)
        buffer.writeSMPPCString(self.sourceAddress)
        buffer.writeSMPPCString(self.scheduleDeliveryTime)
        buffer.writeSMPPCString(self.validityPeriod)
        var message = self.shortMessage
        buffer.writeMultipleIntegers(
            self.registeredDelivery,
            self.smDefaultMessageID,
            UInt8(truncatingIfNeeded: message.readableBytes)
        )
        buffer.writeBuffer(&message)
    }
}
