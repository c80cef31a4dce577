// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The body fields of each operation, in the order and with the names of SMPP 3.4 §4.
extension PDURecordWriter {
    mutating func write(_ body: PDU.Body, options: PDURenderOptions) {
        switch body {
        case .genericNack, .unbind, .unbindResponse, .cancelSMResponse, .replaceSMResponse, .enquireLink,
            .enquireLinkResponse, .emptyResponse:
            break
        case .bindReceiver(let bind), .bindTransmitter(let bind), .bindTransceiver(let bind):
            self.write(bind)
        case .bindReceiverResponse(let response), .bindTransmitterResponse(let response),
            .bindTransceiverResponse(let response):
            self.string("system_id", response.systemID)
            self.write(response.tlvs)
        case .outbind(let outbind):
            self.string("system_id", outbind.systemID)
            self.string("password", outbind.password)
        case .submitSM(let message), .deliverSM(let message):
            self.write(message, options: options)
        case .submitSMResponse(let response), .deliverSMResponse(let response):
            self.string("message_id", response.messageID)
        case .submitMulti(let message):
            self.write(message, options: options)
        case .submitMultiResponse(let response):
            self.write(response)
        case .dataSM(let message):
            self.write(message, options: options)
        case .dataSMResponse(let response):
            self.string("message_id", response.messageID)
            self.write(response.tlvs)
        case .querySM(let query):
            self.string("message_id", query.messageID)
            self.number("source_addr_ton", query.sourceAddressTON)
            self.number("source_addr_npi", query.sourceAddressNPI)
            self.string("source_addr", query.sourceAddress)
        case .querySMResponse(let response):
            self.string("message_id", response.messageID)
            self.string("final_date", response.finalDate)
            self.number("message_state", response.messageState)
            self.number("error_code", response.errorCode)
        case .cancelSM(let cancel):
            self.write(cancel)
        case .replaceSM(let replace):
            self.write(replace)
        case .alertNotification(let alert):
            self.number("source_addr_ton", alert.sourceAddressTON)
            self.number("source_addr_npi", alert.sourceAddressNPI)
            self.string("source_addr", alert.sourceAddress)
            self.number("esme_addr_ton", alert.esmeAddressTON)
            self.number("esme_addr_npi", alert.esmeAddressNPI)
            self.string("esme_addr", alert.esmeAddress)
            self.write(alert.tlvs)
        case .unknown(_, let bytes):
            self.hex("body_hex", bytes.readableBytesView)
        }
    }

    private mutating func write(_ bind: Bind) {
        self.string("system_id", bind.systemID)
        self.string("password", bind.password)
        self.string("system_type", bind.systemType)
        self.flag("interface_version", bind.interfaceVersion)
        self.number("addr_ton", bind.addressTON)
        self.number("addr_npi", bind.addressNPI)
        self.string("address_range", bind.addressRange)
    }

    /// submit_sm (§4.4.1) and deliver_sm (§4.6.1), which share a layout.
    private mutating func write(_ message: SubmitSM, options: PDURenderOptions) {
        self.writeSource(
            serviceType: message.serviceType,
            ton: message.sourceAddressTON,
            npi: message.sourceAddressNPI,
            address: message.sourceAddress
        )
        self.number("dest_addr_ton", message.destinationAddressTON)
        self.number("dest_addr_npi", message.destinationAddressNPI)
        self.string("destination_addr", message.destinationAddress)
        self.writeMessageTail(
            esmClass: message.esmClass,
            protocolID: message.protocolID,
            priorityFlag: message.priorityFlag,
            scheduleDeliveryTime: message.scheduleDeliveryTime,
            validityPeriod: message.validityPeriod,
            registeredDelivery: message.registeredDelivery,
            replaceIfPresentFlag: message.replaceIfPresentFlag,
            dataCoding: message.dataCoding,
            smDefaultMessageID: message.smDefaultMessageID,
            shortMessage: message.shortMessage,
            tlvs: message.tlvs,
            options: options
        )
    }

    private mutating func write(_ message: SubmitMulti, options: PDURenderOptions) {
        self.writeSource(
            serviceType: message.serviceType,
            ton: message.sourceAddressTON,
            npi: message.sourceAddressNPI,
            address: message.sourceAddress
        )
        self.number("number_of_dests", message.destinations.count)
        self.beginList("dest_address")
        for destination in message.destinations {
            self.beginItem()
            switch destination {
            case .smeAddress(let ton, let npi, let address):
                self.number("dest_flag", 1)
                self.number("dest_addr_ton", ton)
                self.number("dest_addr_npi", npi)
                self.string("destination_addr", address)
            case .distributionList(let name):
                self.number("dest_flag", 2)
                self.string("dl_name", name)
            }
            self.endItem()
        }
        self.endList()
        self.writeMessageTail(
            esmClass: message.esmClass,
            protocolID: message.protocolID,
            priorityFlag: message.priorityFlag,
            scheduleDeliveryTime: message.scheduleDeliveryTime,
            validityPeriod: message.validityPeriod,
            registeredDelivery: message.registeredDelivery,
            replaceIfPresentFlag: message.replaceIfPresentFlag,
            dataCoding: message.dataCoding,
            smDefaultMessageID: message.smDefaultMessageID,
            shortMessage: message.shortMessage,
            tlvs: message.tlvs,
            options: options
        )
    }

    /// service_type and the source address, which open submit_sm, deliver_sm and submit_multi.
    private mutating func writeSource(serviceType: String, ton: UInt8, npi: UInt8, address: String) {
        self.string("service_type", serviceType)
        self.number("source_addr_ton", ton)
        self.number("source_addr_npi", npi)
        self.string("source_addr", address)
    }

    /// The fields from esm_class to the TLVs, which submit_sm, deliver_sm and submit_multi share (§4.4.1, §4.5.1).
    private mutating func writeMessageTail(
        esmClass: UInt8,
        protocolID: UInt8,
        priorityFlag: UInt8,
        scheduleDeliveryTime: String,
        validityPeriod: String,
        registeredDelivery: UInt8,
        replaceIfPresentFlag: UInt8,
        dataCoding: UInt8,
        smDefaultMessageID: UInt8,
        shortMessage: ByteBuffer,
        tlvs: TLVList,
        options: PDURenderOptions
    ) {
        self.flag("esm_class", esmClass)
        self.number("protocol_id", protocolID)
        self.number("priority_flag", priorityFlag)
        self.string("schedule_delivery_time", scheduleDeliveryTime)
        self.string("validity_period", validityPeriod)
        self.flag("registered_delivery", registeredDelivery)
        self.number("replace_if_present_flag", replaceIfPresentFlag)
        self.flag("data_coding", dataCoding)
        self.number("sm_default_msg_id", smDefaultMessageID)
        self.number("sm_length", shortMessage.readableBytes)
        self.hex("short_message", shortMessage.readableBytesView)
        self.writeMessageContent(
            shortMessage: shortMessage,
            tlvs: tlvs,
            esmClass: esmClass,
            dataCoding: dataCoding,
            options: options
        )
        self.write(tlvs)
    }

    private mutating func write(_ response: SubmitMultiResponse) {
        self.string("message_id", response.messageID)
        self.number("no_unsuccess", response.unsuccessful.count)
        self.beginList("unsuccess_sme")
        for sme in response.unsuccessful {
            self.beginItem()
            self.number("dest_addr_ton", sme.destinationAddressTON)
            self.number("dest_addr_npi", sme.destinationAddressNPI)
            self.string("destination_addr", sme.destinationAddress)
            self.commandStatus("error_status_code", sme.errorStatusCode)
            self.endItem()
        }
        self.endList()
    }

    /// data_sm (§4.7.1): no short_message; the text, if any, is in message_payload.
    private mutating func write(_ message: DataSM, options: PDURenderOptions) {
        self.string("service_type", message.serviceType)
        self.number("source_addr_ton", message.sourceAddressTON)
        self.number("source_addr_npi", message.sourceAddressNPI)
        self.string("source_addr", message.sourceAddress)
        self.number("dest_addr_ton", message.destinationAddressTON)
        self.number("dest_addr_npi", message.destinationAddressNPI)
        self.string("destination_addr", message.destinationAddress)
        self.flag("esm_class", message.esmClass)
        self.flag("registered_delivery", message.registeredDelivery)
        self.flag("data_coding", message.dataCoding)
        self.writeMessageContent(
            shortMessage: ByteBuffer(),
            tlvs: message.tlvs,
            esmClass: message.esmClass,
            dataCoding: message.dataCoding,
            options: options
        )
        self.write(message.tlvs)
    }

    private mutating func write(_ cancel: CancelSM) {
        self.string("service_type", cancel.serviceType)
        self.string("message_id", cancel.messageID)
        self.number("source_addr_ton", cancel.sourceAddressTON)
        self.number("source_addr_npi", cancel.sourceAddressNPI)
        self.string("source_addr", cancel.sourceAddress)
        self.number("dest_addr_ton", cancel.destinationAddressTON)
        self.number("dest_addr_npi", cancel.destinationAddressNPI)
        self.string("destination_addr", cancel.destinationAddress)
    }

    /// replace_sm (§4.10.1). It has no data_coding (the original message's applies), so no `text`.
    private mutating func write(_ replace: ReplaceSM) {
        self.string("message_id", replace.messageID)
        self.number("source_addr_ton", replace.sourceAddressTON)
        self.number("source_addr_npi", replace.sourceAddressNPI)
        self.string("source_addr", replace.sourceAddress)
        self.string("schedule_delivery_time", replace.scheduleDeliveryTime)
        self.string("validity_period", replace.validityPeriod)
        self.flag("registered_delivery", replace.registeredDelivery)
        self.number("sm_default_msg_id", replace.smDefaultMessageID)
        self.number("sm_length", replace.shortMessage.readableBytes)
        self.hex("short_message", replace.shortMessage.readableBytesView)
    }
}
