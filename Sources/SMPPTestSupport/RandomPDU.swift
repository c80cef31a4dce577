// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
public import SMPPCore

/// Random, valid PDUs of every SMPP 3.4 type, for round-trip property tests and fuzz seeds.
public struct RandomPDUGenerator {
    public var rng: SplitMix64

    public init(seed: UInt64) { self.rng = SplitMix64(seed: seed) }

    public mutating func pdu() -> PDU {
        let isResponse = self.int(0...1) == 1
        let body = self.body()
        let status: CommandStatus =
            body.commandID.isResponse && isResponse ? CommandStatus(rawValue: UInt32(self.int(0...0x67))) : .ok
        return PDU(sequenceNumber: UInt32(self.int(1...0x7FFF_FFFF)), commandStatus: status, body: body)
    }

    public mutating func body() -> PDU.Body {
        switch self.int(0...28) {
        case 0: .genericNack
        case 1: .bindReceiver(self.bind())
        case 2: .bindTransmitter(self.bind())
        case 3: .bindTransceiver(self.bind())
        case 4:
            .bindReceiverResponse(BindResponse(systemID: self.cString(max: 16), tlvs: self.tlvs(allowPayload: false)))
        case 5: .bindTransmitterResponse(BindResponse(systemID: self.cString(max: 16)))
        case 6: .bindTransceiverResponse(BindResponse(systemID: self.cString(max: 16), scInterfaceVersion: 0x34))
        case 7: .outbind(Outbind(systemID: self.cString(max: 16), password: self.cString(max: 9)))
        case 8: .unbind
        case 9: .unbindResponse
        case 10: .submitSM(self.submitSM())
        case 11: .submitSMResponse(SubmitSMResponse(messageID: self.cString(max: 65)))
        case 12: .deliverSM(self.submitSM())
        case 13: .deliverSMResponse(DeliverSMResponse(messageID: self.cString(max: 65)))
        case 14: .submitMulti(self.submitMulti())
        case 15: .submitMultiResponse(self.submitMultiResponse())
        case 16: .dataSM(self.dataSM())
        case 17: .dataSMResponse(DataSMResponse(messageID: self.cString(max: 65), tlvs: self.tlvs(allowPayload: false)))
        case 18:
            .querySM(
                QuerySM(
                    messageID: self.cString(max: 65),
                    sourceAddressTON: self.byte(),
                    sourceAddressNPI: self.byte(),
                    sourceAddress: self.cString(max: 21)
                )
            )
        case 19:
            .querySMResponse(
                QuerySMResponse(
                    messageID: self.cString(max: 65),
                    finalDate: self.time(),
                    messageState: self.byte(),
                    errorCode: self.byte()
                )
            )
        case 20: .cancelSM(self.cancelSM())
        case 21: .cancelSMResponse
        case 22: .replaceSM(self.replaceSM())
        case 23: .replaceSMResponse
        case 24: .enquireLink
        case 25: .enquireLinkResponse
        case 26:
            .alertNotification(
                AlertNotification(
                    sourceAddressTON: self.byte(),
                    sourceAddressNPI: self.byte(),
                    sourceAddress: self.cString(max: 65),
                    esmeAddressTON: self.byte(),
                    esmeAddressNPI: self.byte(),
                    esmeAddress: self.cString(max: 65),
                    tlvs: self.tlvs(allowPayload: false)
                )
            )
        case 27:
            .unknown(CommandID(rawValue: UInt32(self.int(0x200...0x7FFF_FFFF))), ByteBuffer(bytes: self.bytes(0...64)))
        default: .emptyResponse(.submitSMResponse)
        }
    }

    public mutating func submitSM() -> SubmitSM {
        let shortMessage = self.bytes(0...254)
        return SubmitSM(
            serviceType: self.cString(max: 6),
            sourceAddressTON: self.byte(),
            sourceAddressNPI: self.byte(),
            sourceAddress: self.cString(max: 21),
            destinationAddressTON: self.byte(),
            destinationAddressNPI: self.byte(),
            destinationAddress: self.cString(max: 21),
            esmClass: self.byte(),
            protocolID: self.byte(),
            priorityFlag: self.byte(),
            scheduleDeliveryTime: self.time(),
            validityPeriod: self.time(),
            registeredDelivery: self.byte(),
            replaceIfPresentFlag: self.byte(),
            dataCoding: self.byte(),
            smDefaultMessageID: self.byte(),
            shortMessage: ByteBuffer(bytes: shortMessage),
            tlvs: self.tlvs(allowPayload: shortMessage.isEmpty)
        )
    }

    mutating func bind() -> Bind {
        Bind(
            systemID: self.cString(max: 16),
            password: self.cString(max: 9),
            systemType: self.cString(max: 13),
            interfaceVersion: self.byte(),
            addressTON: self.byte(),
            addressNPI: self.byte(),
            addressRange: self.cString(max: 41)
        )
    }

    mutating func submitMulti() -> SubmitMulti {
        let destinations: [SubmitMulti.Destination] = (0..<self.int(1...5)).map { _ in
            self.int(0...1) == 0
                ? .smeAddress(ton: self.byte(), npi: self.byte(), address: self.cString(max: 21))
                : .distributionList(self.cString(max: 21))
        }
        let message = self.submitSM()
        return SubmitMulti(
            serviceType: message.serviceType,
            sourceAddressTON: message.sourceAddressTON,
            sourceAddressNPI: message.sourceAddressNPI,
            sourceAddress: message.sourceAddress,
            destinations: destinations,
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
            tlvs: message.tlvs
        )
    }

    mutating func submitMultiResponse() -> SubmitMultiResponse {
        SubmitMultiResponse(
            messageID: self.cString(max: 65),
            unsuccessful: (0..<self.int(0...4)).map { _ in
                .init(
                    destinationAddressTON: self.byte(),
                    destinationAddressNPI: self.byte(),
                    destinationAddress: self.cString(max: 21),
                    errorStatusCode: CommandStatus(rawValue: self.rng.next(upperBound: UInt32.max))
                )
            }
        )
    }

    mutating func dataSM() -> DataSM {
        DataSM(
            serviceType: self.cString(max: 6),
            sourceAddressTON: self.byte(),
            sourceAddressNPI: self.byte(),
            sourceAddress: self.cString(max: 65),
            destinationAddressTON: self.byte(),
            destinationAddressNPI: self.byte(),
            destinationAddress: self.cString(max: 65),
            esmClass: self.byte(),
            registeredDelivery: self.byte(),
            dataCoding: self.byte(),
            tlvs: self.tlvs(allowPayload: true)
        )
    }

    mutating func cancelSM() -> CancelSM {
        CancelSM(
            serviceType: self.cString(max: 6),
            messageID: self.cString(max: 65),
            sourceAddressTON: self.byte(),
            sourceAddressNPI: self.byte(),
            sourceAddress: self.cString(max: 21),
            destinationAddressTON: self.byte(),
            destinationAddressNPI: self.byte(),
            destinationAddress: self.cString(max: 21)
        )
    }

    mutating func replaceSM() -> ReplaceSM {
        ReplaceSM(
            messageID: self.cString(max: 65),
            sourceAddressTON: self.byte(),
            sourceAddressNPI: self.byte(),
            sourceAddress: self.cString(max: 21),
            scheduleDeliveryTime: self.time(),
            validityPeriod: self.time(),
            registeredDelivery: self.byte(),
            smDefaultMessageID: self.byte(),
            shortMessage: ByteBuffer(bytes: self.bytes(0...254))
        )
    }

    /// A random TLV list: 3.4 tags with lengths the spec allows, and vendor tags with any value.
    public mutating func tlvs(allowPayload: Bool) -> TLVList {
        var list = TLVList()
        for _ in 0..<self.int(0...4) {
            let tag: TLVTag =
                self.int(0...3) == 0
                ? TLVTag(rawValue: UInt16(self.int(0x1400...0x3FFF)))
                : TLVTag.allSMPP34[self.int(0...TLVTag.allSMPP34.count - 1)]
            if tag == .messagePayload && !allowPayload { continue }
            guard let allowed = tag.allowedLengths else {
                list.append(tag, value: self.bytes(0...32))
                continue
            }
            var value = self.bytes(allowed.lowerBound...min(allowed.upperBound, 300))
            switch tag {
            case .sarTotalSegments, .sarSegmentSequenceNumber: value = [UInt8(self.int(1...255))]
            case .receiptedMessageID, .additionalStatusInfoText:
                value = self.cString(max: allowed.upperBound).unicodeScalars.map { UInt8($0.value) } + [0]
            default: break
            }
            list.append(tag, value: value)
        }
        return list
    }

    /// A C-Octet String of at most `max - 1` characters, now and then with Latin-1 octets.
    public mutating func cString(max: Int) -> String {
        let count = self.int(0...(max - 1))
        let latin1 = self.int(0...9) == 0
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            scalars.append(Unicode.Scalar(UInt8(latin1 ? self.int(1...255) : self.int(0x20...0x7E))))
        }
        return String(scalars)
    }

    /// An empty time or a valid `YYMMDDhhmmsstnnp`.
    public mutating func time() -> String {
        guard self.int(0...1) == 1 else { return "" }
        let digits = (0..<15).map { _ in String(self.int(0...9)) }.joined()
        return digits + ["+", "-", "R"][self.int(0...2)]
    }

    public mutating func bytes(_ count: ClosedRange<Int>) -> [UInt8] {
        (0..<self.int(count)).map { _ in self.byte() }
    }

    public mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: self.rng.next()) }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self.rng) }
}
