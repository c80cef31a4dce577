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
        // The MO hot path: one pass over the raw bytes, then two slices of the buffer. The closure
        // fills plain locals and returns a trivial layout, so nothing is boxed or copied generically.
        var serviceType = ""
        var sourceAddress = ""
        var destinationAddress = ""
        var scheduleDeliveryTime = ""
        var validityPeriod = ""
        let decoded: Result<Layout, SMPPDecodingError> = buffer.withUnsafeReadableBytes { raw in
            var cursor = SMPPCursor(raw)
            do throws(SMPPDecodingError) {
                var layout = Layout()
                serviceType = try cursor.cString(maxLength: 6, field: .serviceType)
                layout.sourceAddressTON = try cursor.byte(.sourceAddressTON)
                layout.sourceAddressNPI = try cursor.byte(.sourceAddressNPI)
                sourceAddress = try cursor.cString(maxLength: 21, field: .sourceAddress)
                layout.destinationAddressTON = try cursor.byte(.destinationAddressTON)
                layout.destinationAddressNPI = try cursor.byte(.destinationAddressNPI)
                destinationAddress = try cursor.cString(maxLength: 21, field: .destinationAddress)
                layout.esmClass = try cursor.byte(.esmClass)
                layout.protocolID = try cursor.byte(.protocolID)
                layout.priorityFlag = try cursor.byte(.priorityFlag)
                scheduleDeliveryTime = try cursor.time(.scheduleDeliveryTime)
                validityPeriod = try cursor.time(.validityPeriod)
                layout.registeredDelivery = try cursor.byte(.registeredDelivery)
                layout.replaceIfPresentFlag = try cursor.byte(.replaceIfPresentFlag)
                layout.dataCoding = try cursor.byte(.dataCoding)
                layout.smDefaultMessageID = try cursor.byte(.smDefaultMessageID)
                let smLength = try cursor.byte(.smLength)
                layout.shortMessageOffset = try cursor.skipShortMessage(smLength)
                layout.shortMessageLength = Int(smLength)
                layout.tlvOffset = try cursor.validateTLVs()
                return .success(layout)
            } catch {
                return .failure(error)
            }
        }
        let layout = try decoded.get()
        let start = buffer.readerIndex
        self.serviceType = serviceType
        self.sourceAddressTON = layout.sourceAddressTON
        self.sourceAddressNPI = layout.sourceAddressNPI
        self.sourceAddress = sourceAddress
        self.destinationAddressTON = layout.destinationAddressTON
        self.destinationAddressNPI = layout.destinationAddressNPI
        self.destinationAddress = destinationAddress
        self.esmClass = layout.esmClass
        self.protocolID = layout.protocolID
        self.priorityFlag = layout.priorityFlag
        self.scheduleDeliveryTime = scheduleDeliveryTime
        self.validityPeriod = validityPeriod
        self.registeredDelivery = layout.registeredDelivery
        self.replaceIfPresentFlag = layout.replaceIfPresentFlag
        self.dataCoding = layout.dataCoding
        self.smDefaultMessageID = layout.smDefaultMessageID
        self.shortMessage = buffer.getSlice(at: start + layout.shortMessageOffset, length: layout.shortMessageLength)!
        self.tlvs = TLVList(validated: buffer.getSlice(at: start + layout.tlvOffset, length: buffer.readableBytes - layout.tlvOffset)!)
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        try self.tlvs.checkPayloadExclusive(shortMessageLength: layout.shortMessageLength)
    }

    /// The one-octet fields and the offsets found by the decoding pass.
    private struct Layout {
        var sourceAddressTON: UInt8 = 0
        var sourceAddressNPI: UInt8 = 0
        var destinationAddressTON: UInt8 = 0
        var destinationAddressNPI: UInt8 = 0
        var esmClass: UInt8 = 0
        var protocolID: UInt8 = 0
        var priorityFlag: UInt8 = 0
        var registeredDelivery: UInt8 = 0
        var replaceIfPresentFlag: UInt8 = 0
        var dataCoding: UInt8 = 0
        var smDefaultMessageID: UInt8 = 0
        var shortMessageOffset = 0
        var shortMessageLength = 0
        var tlvOffset = 0
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
