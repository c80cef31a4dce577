// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The fields of deliver_sm, submit_sm and data_sm that make an MO record (or hold an emulated MT), read once.
struct Envelope {
    var serviceType: String
    var sourceTON: UInt8
    var sourceNPI: UInt8
    var sourceAddress: String
    var destinationTON: UInt8
    var destinationNPI: UInt8
    var destinationAddress: String
    var esmClass: UInt8
    var protocolID: UInt8
    var registeredDelivery: UInt8
    var dataCoding: UInt8
    /// short_message, or message_payload when short_message is empty.
    var userData: [UInt8]
    var tlvs: TLVList
    var receipt: MORecord.Receipt?

    init?(_ pdu: PDU) {
        switch pdu.body {
        case .deliverSM(let message), .submitSM(let message): self.init(message)
        case .dataSM(let message): self.init(message)
        default: return nil
        }
    }

    /// deliver_sm or submit_sm (one body type).
    init(_ message: SubmitSM) {
        self.serviceType = message.serviceType
        self.sourceTON = message.sourceAddressTON
        self.sourceNPI = message.sourceAddressNPI
        self.sourceAddress = message.sourceAddress
        self.destinationTON = message.destinationAddressTON
        self.destinationNPI = message.destinationAddressNPI
        self.destinationAddress = message.destinationAddress
        self.esmClass = message.esmClass
        self.protocolID = message.protocolID
        self.registeredDelivery = message.registeredDelivery
        self.dataCoding = message.dataCoding
        self.tlvs = message.tlvs
        let short = message.shortMessage
        self.userData = Array((short.readableBytes > 0 ? short : self.tlvs.messagePayload ?? short).readableBytesView)
        self.receipt = message.deliveryReceipt.map { Self.receipt($0, tlvs: message.tlvs) }
    }

    init(_ message: DataSM) {
        self.serviceType = message.serviceType
        self.sourceTON = message.sourceAddressTON
        self.sourceNPI = message.sourceAddressNPI
        self.sourceAddress = message.sourceAddress
        self.destinationTON = message.destinationAddressTON
        self.destinationNPI = message.destinationAddressNPI
        self.destinationAddress = message.destinationAddress
        self.esmClass = message.esmClass
        self.protocolID = 0
        self.registeredDelivery = message.registeredDelivery
        self.dataCoding = message.dataCoding
        self.tlvs = message.tlvs
        self.userData = Array((self.tlvs.messagePayload ?? ByteBuffer()).readableBytesView)
        self.receipt = nil
        if let id = message.tlvs.receiptedMessageID, message.tlvs.messageStateValue != nil {
            var receipt = MORecord.Receipt(messageID: id)
            Self.addTLVs(&receipt, message.tlvs)
            self.receipt = receipt
        }
    }

    var source: MORecord.RawAddress { .init(addr: self.sourceAddress, ton: self.sourceTON, npi: self.sourceNPI) }

    var destination: MORecord.RawAddress {
        .init(addr: self.destinationAddress, ton: self.destinationTON, npi: self.destinationNPI)
    }

    private static func receipt(_ parsed: DeliveryReceipt, tlvs: TLVList) -> MORecord.Receipt {
        var receipt = MORecord.Receipt(messageID: parsed.messageID)
        receipt.stat = parsed.stat
        receipt.err = parsed.error
        receipt.submitted = parsed.submitted
        receipt.delivered = parsed.delivered
        receipt.submitDate = parsed.submitDate.map { "\($0)" }
        receipt.doneDate = parsed.doneDate.map { "\($0)" }
        receipt.text = parsed.text
        Self.addTLVs(&receipt, tlvs)
        return receipt
    }

    private static func addTLVs(_ receipt: inout MORecord.Receipt, _ tlvs: TLVList) {
        receipt.messageState = tlvs.messageStateValue
        if let code = tlvs[.networkErrorCode] {
            receipt.networkErrorCode = MOAssembler.hex(Array(code.readableBytesView))
        }
        if receipt.stat == nil, let state = tlvs.messageStateValue.map(MessageState.init(rawValue:)) {
            receipt.stat = state.stat
        }
    }
}
