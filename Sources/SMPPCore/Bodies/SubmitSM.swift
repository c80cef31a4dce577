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
/// This is the MO hot path, so the value keeps the body's wire bytes and the position of each field, found
/// in one validating pass. Decoding creates no strings, copying a message retains one buffer, and encoding
/// a decoded message copies its bytes. Strings are made when they are read; setters re-encode.
///
/// Wire example (deliver_sm body, "Hi" from 447700900123 to 4455):
/// `00  01 01 34 34 37 37 30 30 39 30 30 31 32 33 00  03 00 34 34 35 35 00  00 00 00  00  00
///  00 00 00 00  02 48 69`
public struct SubmitSM: Hashable, Sendable {
    // Internal but usable from inlinable code: `withUnsafeOctets` reads them in the caller's module.
    @usableFromInline internal var wire: ByteBuffer
    @usableFromInline internal var layout: Layout

    /// `service_type`: C-Octet String, at most 6 octets with the NUL.
    public var serviceType: String {
        get { self.string(self.layout.serviceType) }
        set { self.update { $0.serviceType = newValue } }
    }
    /// `source_addr_ton`.
    public var sourceAddressTON: UInt8 {
        get { self.layout.sourceAddressTON }
        set { self.patch(\.sourceAddressTON, newValue, at: self.layout.serviceType.end) }
    }
    /// `source_addr_npi`.
    public var sourceAddressNPI: UInt8 {
        get { self.layout.sourceAddressNPI }
        set { self.patch(\.sourceAddressNPI, newValue, at: self.layout.serviceType.end + 1) }
    }
    /// `source_addr`: C-Octet String, at most 21 octets with the NUL.
    public var sourceAddress: String {
        get { self.string(self.layout.sourceAddress) }
        set { self.update { $0.sourceAddress = newValue } }
    }
    /// `dest_addr_ton`.
    public var destinationAddressTON: UInt8 {
        get { self.layout.destinationAddressTON }
        set { self.patch(\.destinationAddressTON, newValue, at: self.layout.sourceAddress.end) }
    }
    /// `dest_addr_npi`.
    public var destinationAddressNPI: UInt8 {
        get { self.layout.destinationAddressNPI }
        set { self.patch(\.destinationAddressNPI, newValue, at: self.layout.sourceAddress.end + 1) }
    }
    /// `destination_addr`: C-Octet String, at most 21 octets with the NUL.
    public var destinationAddress: String {
        get { self.string(self.layout.destinationAddress) }
        set { self.update { $0.destinationAddress = newValue } }
    }
    /// `esm_class` (§5.2.12): messaging mode, message type (0x04 receipt), and GSM features (0x40 UDHI).
    public var esmClass: UInt8 {
        get { self.layout.esmClass }
        set { self.patch(\.esmClass, newValue, at: self.layout.destinationAddress.end) }
    }
    /// `protocol_id` (§5.2.13).
    public var protocolID: UInt8 {
        get { self.layout.protocolID }
        set { self.patch(\.protocolID, newValue, at: self.layout.destinationAddress.end + 1) }
    }
    /// `priority_flag` (§5.2.14).
    public var priorityFlag: UInt8 {
        get { self.layout.priorityFlag }
        set { self.patch(\.priorityFlag, newValue, at: self.layout.destinationAddress.end + 2) }
    }
    /// `schedule_delivery_time`: empty, or `YYMMDDhhmmsstnnp`.
    public var scheduleDeliveryTime: String {
        get { self.string(self.layout.scheduleDeliveryTime) }
        set { self.update { $0.scheduleDeliveryTime = newValue } }
    }
    /// `validity_period`: empty, or `YYMMDDhhmmsstnnp`.
    public var validityPeriod: String {
        get { self.string(self.layout.validityPeriod) }
        set { self.update { $0.validityPeriod = newValue } }
    }
    /// `registered_delivery` (§5.2.17).
    public var registeredDelivery: UInt8 {
        get { self.layout.registeredDelivery }
        set { self.patch(\.registeredDelivery, newValue, at: self.layout.validityPeriod.end) }
    }
    /// `replace_if_present_flag`.
    public var replaceIfPresentFlag: UInt8 {
        get { self.layout.replaceIfPresentFlag }
        set { self.patch(\.replaceIfPresentFlag, newValue, at: self.layout.validityPeriod.end + 1) }
    }
    /// `data_coding` (§5.2.19).
    public var dataCoding: UInt8 {
        get { self.layout.dataCoding }
        set { self.patch(\.dataCoding, newValue, at: self.layout.validityPeriod.end + 2) }
    }
    /// `sm_default_msg_id`.
    public var smDefaultMessageID: UInt8 {
        get { self.layout.smDefaultMessageID }
        set { self.patch(\.smDefaultMessageID, newValue, at: self.layout.validityPeriod.end + 3) }
    }
    /// `short_message`: at most 254 octets (`sm_length` is written from it); UDH first when esm_class has 0x40.
    public var shortMessage: ByteBuffer {
        get { self.part(self.layout.shortMessage.start, count: self.layout.shortMessage.count) }
        set { self.update { $0.shortMessage = newValue } }
    }
    /// Optional parameters, such as `message_payload` and the `sar_*` TLVs.
    public var tlvs: TLVList {
        get {
            let start = self.layout.tlvStart
            return TLVList(validated: self.part(start, count: self.wire.readableBytes - start))
        }
        set { self.update { $0.tlvs = newValue } }
    }

    /// The octets of `source_addr`, without the NUL, as a view of the wire bytes: no String is made.
    public var sourceAddressOctets: ByteBufferView { self.view(self.layout.sourceAddress) }

    /// The octets of `destination_addr`, without the NUL, as a view of the wire bytes: no String is made.
    public var destinationAddressOctets: ByteBufferView { self.view(self.layout.destinationAddress) }

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
        self.init(
            fields: Fields(
                serviceType: serviceType,
                sourceAddressTON: sourceAddressTON,
                sourceAddressNPI: sourceAddressNPI,
                sourceAddress: sourceAddress,
                destinationAddressTON: destinationAddressTON,
                destinationAddressNPI: destinationAddressNPI,
                destinationAddress: destinationAddress,
                esmClass: esmClass,
                protocolID: protocolID,
                priorityFlag: priorityFlag,
                scheduleDeliveryTime: scheduleDeliveryTime,
                validityPeriod: validityPeriod,
                registeredDelivery: registeredDelivery,
                replaceIfPresentFlag: replaceIfPresentFlag,
                dataCoding: dataCoding,
                smDefaultMessageID: smDefaultMessageID,
                shortMessage: shortMessage,
                tlvs: tlvs
            )
        )
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
        var layout = Layout()
        let failure: SMPPDecodingError? = buffer.withUnsafeReadableBytes { raw in
            var cursor = SMPPCursor(raw)
            do throws(SMPPDecodingError) {
                layout = try Layout(validating: &cursor)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        self.init(wire: buffer, layout: layout)
        buffer.moveReaderIndex(to: buffer.writerIndex)
    }

    /// Takes `wire`, exactly the body that a validating pass laid out. The argument is consuming, so the last use
    /// of a local moves in without a retain.
    init(wire: consuming ByteBuffer, layout: Layout) {
        self.layout = layout
        self.wire = wire
    }

    /// The size of the encoded body in octets.
    public var encodedLength: Int { self.wire.readableBytes }

    public func write(to buffer: inout ByteBuffer) {
        var wire = self.wire
        buffer.writeBuffer(&wire)
    }
}

extension SubmitSM: CustomStringConvertible {
    /// The fields, with addresses and message content left out (they are personal data).
    public var description: String {
        "SubmitSM(source: \(self.sourceAddressTON)/\(self.sourceAddressNPI) \(self.layout.sourceAddress.count) octets, "
            + "destination: \(self.destinationAddressTON)/\(self.destinationAddressNPI) "
            + "\(self.layout.destinationAddress.count) octets, esm_class: \(self.esmClass), "
            + "data_coding: \(self.dataCoding), sm_length: \(self.layout.shortMessage.count), "
            + "TLV octets: \(self.wire.readableBytes - self.layout.tlvStart))"
    }
}

extension SubmitSM {
    /// Where a variable field sits in the wire bytes.
    /// The one-octet fields and where the variable fields sit, for one encoding of the body.
    @usableFromInline
    struct Layout: Hashable, Sendable {
        @usableFromInline var serviceType = OctetSpan(start: 0, count: 0)
        @usableFromInline var sourceAddress = OctetSpan(start: 0, count: 0)
        @usableFromInline var destinationAddress = OctetSpan(start: 0, count: 0)
        @usableFromInline var scheduleDeliveryTime = OctetSpan(start: 0, count: 0)
        @usableFromInline var validityPeriod = OctetSpan(start: 0, count: 0)
        @usableFromInline var shortMessage = OctetSpan(start: 0, count: 0)
        @usableFromInline var storedTLVStart: UInt32 = 0
        @inlinable var tlvStart: Int {
            get { Int(self.storedTLVStart) }
            set { self.storedTLVStart = UInt32(truncatingIfNeeded: newValue) }
        }
        @usableFromInline var sourceAddressTON: UInt8 = 0
        @usableFromInline var sourceAddressNPI: UInt8 = 0
        @usableFromInline var destinationAddressTON: UInt8 = 0
        @usableFromInline var destinationAddressNPI: UInt8 = 0
        @usableFromInline var esmClass: UInt8 = 0
        var protocolID: UInt8 = 0
        var priorityFlag: UInt8 = 0
        @usableFromInline var registeredDelivery: UInt8 = 0
        var replaceIfPresentFlag: UInt8 = 0
        @usableFromInline var dataCoding: UInt8 = 0
        var smDefaultMessageID: UInt8 = 0

        init() {}

        /// Checks a whole body against SMPP 3.4 §4.4.1 and records where its fields are.
        init(validating cursor: inout SMPPCursor) throws(SMPPDecodingError) {
            self.serviceType = try cursor.cStringSpan(maxLength: 6, field: .serviceType)
            // Runs of one-octet fields are bounds-checked once per run.
            var at = try cursor.skip(2, field: .sourceAddressTON)
            self.sourceAddressTON = cursor.bytes[at]
            self.sourceAddressNPI = cursor.bytes[at &+ 1]
            self.sourceAddress = try cursor.cStringSpan(maxLength: 21, field: .sourceAddress)
            at = try cursor.skip(2, field: .destinationAddressTON)
            self.destinationAddressTON = cursor.bytes[at]
            self.destinationAddressNPI = cursor.bytes[at &+ 1]
            self.destinationAddress = try cursor.cStringSpan(maxLength: 21, field: .destinationAddress)
            at = try cursor.skip(3, field: .esmClass)
            self.esmClass = cursor.bytes[at]
            self.protocolID = cursor.bytes[at &+ 1]
            self.priorityFlag = cursor.bytes[at &+ 2]
            self.scheduleDeliveryTime = try cursor.timeSpan(.scheduleDeliveryTime)
            self.validityPeriod = try cursor.timeSpan(.validityPeriod)
            at = try cursor.skip(5, field: .registeredDelivery)
            self.registeredDelivery = cursor.bytes[at]
            self.replaceIfPresentFlag = cursor.bytes[at &+ 1]
            self.dataCoding = cursor.bytes[at &+ 2]
            self.smDefaultMessageID = cursor.bytes[at &+ 3]
            let smLength = cursor.bytes[at &+ 4]
            self.shortMessage = OctetSpan(start: try cursor.skipShortMessage(smLength), count: Int(smLength))
            let (tlvStart, payloadHasData) = try cursor.validateTLVs()
            self.tlvStart = tlvStart
            try TLVList.checkPayloadExclusive(shortMessageLength: Int(smLength), payloadHasData: payloadHasData)
        }
    }

    /// The fields as plain values: what the public initialiser takes and setters edit.
    struct Fields {
        var serviceType: String
        var sourceAddressTON: UInt8
        var sourceAddressNPI: UInt8
        var sourceAddress: String
        var destinationAddressTON: UInt8
        var destinationAddressNPI: UInt8
        var destinationAddress: String
        var esmClass: UInt8
        var protocolID: UInt8
        var priorityFlag: UInt8
        var scheduleDeliveryTime: String
        var validityPeriod: String
        var registeredDelivery: UInt8
        var replaceIfPresentFlag: UInt8
        var dataCoding: UInt8
        var smDefaultMessageID: UInt8
        var shortMessage: ByteBuffer
        var tlvs: TLVList
    }

    /// Encodes the fields, recording where each lands. Values over the spec's limits are written as they are.
    init(fields: Fields) {
        var wire = ByteBuffer()
        var layout = Layout()
        func cString(_ value: String) -> OctetSpan {
            let start = wire.writerIndex
            let written = wire.writeSMPPCString(value)
            return OctetSpan(start: start, count: written - 1)
        }
        layout.serviceType = cString(fields.serviceType)
        wire.writeMultipleIntegers(fields.sourceAddressTON, fields.sourceAddressNPI)
        layout.sourceAddress = cString(fields.sourceAddress)
        wire.writeMultipleIntegers(fields.destinationAddressTON, fields.destinationAddressNPI)
        layout.destinationAddress = cString(fields.destinationAddress)
        wire.writeMultipleIntegers(fields.esmClass, fields.protocolID, fields.priorityFlag)
        layout.scheduleDeliveryTime = cString(fields.scheduleDeliveryTime)
        layout.validityPeriod = cString(fields.validityPeriod)
        wire.writeSMPPShortMessage(
            fields.shortMessage,
            after: (
                fields.registeredDelivery, fields.replaceIfPresentFlag, fields.dataCoding, fields.smDefaultMessageID
            )
        )
        layout.shortMessage = OctetSpan(
            start: wire.writerIndex - fields.shortMessage.readableBytes,
            count: fields.shortMessage.readableBytes
        )
        layout.tlvStart = wire.writerIndex
        fields.tlvs.write(to: &wire)
        layout.sourceAddressTON = fields.sourceAddressTON
        layout.sourceAddressNPI = fields.sourceAddressNPI
        layout.destinationAddressTON = fields.destinationAddressTON
        layout.destinationAddressNPI = fields.destinationAddressNPI
        layout.esmClass = fields.esmClass
        layout.protocolID = fields.protocolID
        layout.priorityFlag = fields.priorityFlag
        layout.registeredDelivery = fields.registeredDelivery
        layout.replaceIfPresentFlag = fields.replaceIfPresentFlag
        layout.dataCoding = fields.dataCoding
        layout.smDefaultMessageID = fields.smDefaultMessageID
        self.wire = wire
        self.layout = layout
    }

    var fields: Fields {
        Fields(
            serviceType: self.serviceType,
            sourceAddressTON: self.sourceAddressTON,
            sourceAddressNPI: self.sourceAddressNPI,
            sourceAddress: self.sourceAddress,
            destinationAddressTON: self.destinationAddressTON,
            destinationAddressNPI: self.destinationAddressNPI,
            destinationAddress: self.destinationAddress,
            esmClass: self.esmClass,
            protocolID: self.protocolID,
            priorityFlag: self.priorityFlag,
            scheduleDeliveryTime: self.scheduleDeliveryTime,
            validityPeriod: self.validityPeriod,
            registeredDelivery: self.registeredDelivery,
            replaceIfPresentFlag: self.replaceIfPresentFlag,
            dataCoding: self.dataCoding,
            smDefaultMessageID: self.smDefaultMessageID,
            shortMessage: self.shortMessage,
            tlvs: self.tlvs
        )
    }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = self.fields
        change(&fields)
        self = SubmitSM(fields: fields)
    }

    private mutating func patch(_ field: WritableKeyPath<Layout, UInt8>, _ value: UInt8, at offset: Int) {
        self.layout[keyPath: field] = value
        self.wire.setInteger(value, at: self.wire.readerIndex + offset)
    }

    /// `count` octets of the body from `offset`, sharing its storage. Moving a copy's indices costs less than
    /// `getSlice`, and the decoding pass has already checked the bounds.
    private func part(_ offset: Int, count: Int) -> ByteBuffer {
        var part = self.wire
        part.moveReaderIndex(forwardBy: offset)
        part.moveWriterIndex(to: part.readerIndex + count)
        return part
    }

    private func view(_ span: OctetSpan) -> ByteBufferView {
        self.part(span.start, count: span.count).readableBytesView
    }

    private func string(_ span: OctetSpan) -> String {
        guard span.count > 0 else { return "" }
        return self.wire.withUnsafeReadableBytes { bytes in
            String(smppOctets: UnsafeRawBufferPointer(rebasing: bytes[span.start..<(span.start + span.count)]))
        }
    }
}

extension ByteBuffer {
    /// Reads `short_message` for a given `sm_length` (0–254; 255 is invalid, SMPP 3.4 §5.2.21).
    mutating func readSMPPShortMessage(length: UInt8) throws(SMPPDecodingError) -> ByteBuffer {
        guard length < 255, let message = self.readSlice(length: Int(length)) else {
            throw .invalidSMLength(length)
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
