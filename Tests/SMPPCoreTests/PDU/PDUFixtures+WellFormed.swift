// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport

/// One well-formed fixture per SMPP 3.4 PDU, written field by field from the spec's body tables (§4).
extension PDUFixture {
    static let wellFormed: [PDUFixture] = [
        PDUFixture(
            "bind_transmitter",
            .smppPDU(0x0000_0002, sequence: 1) {
                $0.writeCString("smppclient1")
                $0.writeCString("password")
                $0.writeCString("VMA")
                $0.writeMultipleIntegers(UInt8(0x34), UInt8(1), UInt8(1))
                $0.writeCString("^447")
            },
            .success(
                PDU(
                    sequenceNumber: 1,
                    body: .bindTransmitter(
                        Bind(
                            systemID: "smppclient1",
                            password: "password",
                            systemType: "VMA",
                            addressTON: 1,
                            addressNPI: 1,
                            addressRange: "^447"
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "bind_receiver",
            .smppPDU(0x0000_0001, sequence: 2) {
                $0.writeCString("rx")
                $0.writeCString("pw")
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(0x33), UInt8(0), UInt8(0))
                $0.writeCString("")
            },
            .success(
                PDU(
                    sequenceNumber: 2,
                    body: .bindReceiver(Bind(systemID: "rx", password: "pw", interfaceVersion: 0x33))
                )
            )
        ),
        PDUFixture(
            "bind_transceiver",
            .smppPDU(0x0000_0009, sequence: 3) {
                $0.writeCString("123456789012345")  // 15 characters: the maximum with the NUL
                $0.writeCString("12345678")  // 8 characters: the maximum with the NUL
                $0.writeCString("123456789012")
                $0.writeMultipleIntegers(UInt8(0x34), UInt8(0), UInt8(0))
                $0.writeCString(String(repeating: "9", count: 40))
            },
            .success(
                PDU(
                    sequenceNumber: 3,
                    body: .bindTransceiver(
                        Bind(
                            systemID: "123456789012345",
                            password: "12345678",
                            systemType: "123456789012",
                            addressRange: String(repeating: "9", count: 40)
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "bind_transceiver_resp with sc_interface_version",
            .smppPDU(0x8000_0009, sequence: 3) {
                $0.writeCString("mogate")
                $0.writeTLV(0x0210, [0x34])
            },
            .success(
                PDU(
                    sequenceNumber: 3,
                    body: .bindTransceiverResponse(BindResponse(systemID: "mogate", scInterfaceVersion: 0x34))
                )
            )
        ),
        PDUFixture(
            "bind_transmitter_resp without sc_interface_version",
            .smppPDU(0x8000_0002, sequence: 1) { $0.writeCString("SMSC") },
            .success(PDU(sequenceNumber: 1, body: .bindTransmitterResponse(BindResponse(systemID: "SMSC"))))
        ),
        PDUFixture(
            "bind_receiver_resp",
            .smppPDU(0x8000_0001, sequence: 2) { $0.writeCString("SMSC") },
            .success(PDU(sequenceNumber: 2, body: .bindReceiverResponse(BindResponse(systemID: "SMSC"))))
        ),
        PDUFixture(
            "bind_transceiver_resp error without a body",
            .smppPDU(0x8000_0009, status: 0x0E, sequence: 4),
            .success(
                PDU(sequenceNumber: 4, commandStatus: .invalidPassword, body: .emptyResponse(.bindTransceiverResponse))
            )
        ),
        PDUFixture(
            "bind_transceiver_resp error with a body",
            .smppPDU(0x8000_0009, status: 0x0F, sequence: 4) { $0.writeCString("SMSC") },
            .success(
                PDU(
                    sequenceNumber: 4,
                    commandStatus: .invalidSystemID,
                    body: .bindTransceiverResponse(BindResponse(systemID: "SMSC"))
                )
            )
        ),
        PDUFixture(
            "outbind",
            .smppPDU(0x0000_000B, sequence: 9) {
                $0.writeCString("SMSC")
                $0.writeCString("secret")
            },
            .success(PDU(sequenceNumber: 9, body: .outbind(Outbind(systemID: "SMSC", password: "secret"))))
        ),
        PDUFixture("unbind", .smppPDU(0x0000_0006, sequence: 10), .success(PDU(sequenceNumber: 10, body: .unbind))),
        PDUFixture(
            "unbind_resp",
            .smppPDU(0x8000_0006, sequence: 10),
            .success(PDU(sequenceNumber: 10, body: .unbindResponse))
        ),
        PDUFixture(
            "generic_nack",
            .smppPDU(0x8000_0000, status: 0x03, sequence: 11),
            .success(PDU(sequenceNumber: 11, commandStatus: .invalidCommandID, body: .genericNack))
        ),
        PDUFixture(
            "enquire_link",
            .smppPDU(0x0000_0015, sequence: 12),
            .success(PDU(sequenceNumber: 12, body: .enquireLink))
        ),
        PDUFixture(
            "enquire_link_resp",
            .smppPDU(0x8000_0015, sequence: 12),
            .success(PDU(sequenceNumber: 12, body: .enquireLinkResponse))
        ),
        PDUFixture(
            "submit_sm from a handset",
            .smppPDU(0x0000_0004, sequence: 13) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447700900123")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447860000000")
                $0.writeMultipleIntegers(UInt8(0), UInt8(0), UInt8(1))  // esm_class, protocol_id, priority_flag
                $0.writeCString("261126170000000+")
                $0.writeCString("000001000000000R")
                $0.writeMultipleIntegers(UInt8(1), UInt8(0), UInt8(0), UInt8(0))
                $0.writeInteger(UInt8(13))
                $0.writeString("Verify 483920")
            },
            .success(
                PDU(
                    sequenceNumber: 13,
                    body: .submitSM(
                        SubmitSM(
                            sourceAddressTON: 1,
                            sourceAddressNPI: 1,
                            sourceAddress: "447700900123",
                            destinationAddressTON: 1,
                            destinationAddressNPI: 1,
                            destinationAddress: "447860000000",
                            priorityFlag: 1,
                            scheduleDeliveryTime: "261126170000000+",
                            validityPeriod: "000001000000000R",
                            registeredDelivery: 1,
                            shortMessage: ByteBuffer(string: "Verify 483920")
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "submit_sm_resp",
            .smppPDU(0x8000_0004, sequence: 13) { $0.writeCString("5f3a9c01") },
            .success(PDU(sequenceNumber: 13, body: .submitSMResponse(SubmitSMResponse(messageID: "5f3a9c01"))))
        ),
        PDUFixture(
            "submit_sm_resp throttled without a body",
            .smppPDU(0x8000_0004, status: 0x58, sequence: 14),
            .success(PDU(sequenceNumber: 14, commandStatus: .throttled, body: .emptyResponse(.submitSMResponse)))
        ),
        PDUFixture(
            "deliver_sm with UDH and a vendor TLV",
            .smppPDU(0x0000_0005, sequence: 15) {
                $0.writeCString("CMT")
                $0.writeMultipleIntegers(UInt8(2), UInt8(1))
                $0.writeCString("07700900123")
                $0.writeMultipleIntegers(UInt8(3), UInt8(0))
                $0.writeCString("4455")
                $0.writeZeroMessageFlags(esmClass: 0x40)
                $0.writeInteger(UInt8(8))
                $0.writeBytes([0x05, 0x00, 0x03, 0x2A, 0x02, 0x01, 0x48, 0x69])
                $0.writeTLV(0x1401, [0xDE, 0xAD])
                $0.writeTLV(0x0204, [0x00, 0x07])
            },
            .success(
                PDU(
                    sequenceNumber: 15,
                    body: .deliverSM(
                        DeliverSM(
                            serviceType: "CMT",
                            sourceAddressTON: 2,
                            sourceAddressNPI: 1,
                            sourceAddress: "07700900123",
                            destinationAddressTON: 3,
                            destinationAddress: "4455",
                            esmClass: 0x40,
                            shortMessage: ByteBuffer(bytes: [0x05, 0x00, 0x03, 0x2A, 0x02, 0x01, 0x48, 0x69]),
                            tlvs: TLVList([
                                TLV(tag: TLVTag(0x1401), bytes: [0xDE, 0xAD]),
                                TLV(tag: .userMessageReference, bytes: [0x00, 0x07]),
                            ])
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "deliver_sm long MO in message_payload",
            .smppPDU(0x0000_0005, sequence: 16) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447700900123")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447860000000")
                $0.writeZeroMessageFlags()
                $0.writeInteger(UInt8(0))
                $0.writeTLV(0x0424, Array(repeating: 0x41, count: 300))
            },
            .success(
                PDU(
                    sequenceNumber: 16,
                    body: .deliverSM(
                        DeliverSM(
                            sourceAddressTON: 1,
                            sourceAddressNPI: 1,
                            sourceAddress: "447700900123",
                            destinationAddressTON: 1,
                            destinationAddressNPI: 1,
                            destinationAddress: "447860000000",
                            tlvs: TLVList([TLV(tag: .messagePayload, bytes: Array(repeating: 0x41, count: 300))])
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "deliver_sm_resp",
            .smppPDU(0x8000_0005, sequence: 16) { $0.writeCString("") },
            .success(PDU(sequenceNumber: 16, body: .deliverSMResponse(DeliverSMResponse())))
        ),
        PDUFixture(
            "deliver_sm_resp as a bare header",
            .smppPDU(0x8000_0005, sequence: 17),
            .success(PDU(sequenceNumber: 17, body: .emptyResponse(.deliverSMResponse)))
        ),
        PDUFixture(
            "submit_multi to an SME and a distribution list",
            .smppPDU(0x0000_0021, sequence: 18) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(5), UInt8(0))
                $0.writeCString("ACME")
                $0.writeInteger(UInt8(2))  // number_of_dests
                $0.writeMultipleIntegers(UInt8(1), UInt8(1), UInt8(1))  // dest_flag SME, ton, npi
                $0.writeCString("447700900123")
                $0.writeInteger(UInt8(2))  // dest_flag distribution list
                $0.writeCString("staff")
                $0.writeZeroMessageFlags()
                $0.writeInteger(UInt8(2))
                $0.writeString("Hi")
            },
            .success(
                PDU(
                    sequenceNumber: 18,
                    body: .submitMulti(
                        SubmitMulti(
                            sourceAddressTON: 5,
                            sourceAddress: "ACME",
                            destinations: [
                                .smeAddress(ton: 1, npi: 1, address: "447700900123"), .distributionList("staff"),
                            ],
                            shortMessage: ByteBuffer(string: "Hi")
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "submit_multi_resp with unsuccess_sme",
            .smppPDU(0x8000_0021, sequence: 18) {
                $0.writeCString("m1")
                $0.writeInteger(UInt8(1))
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447700900123")
                $0.writeInteger(UInt32(0x0B))
            },
            .success(
                PDU(
                    sequenceNumber: 18,
                    body: .submitMultiResponse(
                        SubmitMultiResponse(
                            messageID: "m1",
                            unsuccessful: [
                                .init(
                                    destinationAddressTON: 1,
                                    destinationAddressNPI: 1,
                                    destinationAddress: "447700900123",
                                    errorStatusCode: .invalidDestinationAddress
                                )
                            ]
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "data_sm with a 64-octet source_addr",
            .smppPDU(0x0000_0103, sequence: 19) {
                $0.writeCString("WAP")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString(String(repeating: "1", count: 64))
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447860000000")
                $0.writeMultipleIntegers(UInt8(0), UInt8(1), UInt8(8))  // esm_class, registered_delivery, data_coding
                $0.writeTLV(0x0424, [0x00, 0x48])
                $0.writeTLV(0x020A, [0x0B, 0x84])
            },
            .success(
                PDU(
                    sequenceNumber: 19,
                    body: .dataSM(
                        DataSM(
                            serviceType: "WAP",
                            sourceAddressTON: 1,
                            sourceAddressNPI: 1,
                            sourceAddress: String(repeating: "1", count: 64),
                            destinationAddressTON: 1,
                            destinationAddressNPI: 1,
                            destinationAddress: "447860000000",
                            registeredDelivery: 1,
                            dataCoding: 8,
                            tlvs: TLVList([
                                TLV(tag: .messagePayload, bytes: [0x00, 0x48]),
                                TLV(tag: .sourcePort, bytes: [0x0B, 0x84]),
                            ])
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "data_sm_resp with delivery_failure_reason",
            .smppPDU(0x8000_0103, status: 0xFE, sequence: 19) {
                $0.writeCString("")
                $0.writeTLV(0x0425, [0x01])
            },
            .success(
                PDU(
                    sequenceNumber: 19,
                    commandStatus: .deliveryFailure,
                    body: .dataSMResponse(DataSMResponse(tlvs: TLVList([TLV(tag: .deliveryFailureReason, bytes: [1])])))
                )
            )
        ),
        PDUFixture(
            "query_sm",
            .smppPDU(0x0000_0003, sequence: 20) {
                $0.writeCString("5f3a9c01")
                $0.writeMultipleIntegers(UInt8(5), UInt8(0))
                $0.writeCString("ACME")
            },
            .success(
                PDU(
                    sequenceNumber: 20,
                    body: .querySM(QuerySM(messageID: "5f3a9c01", sourceAddressTON: 5, sourceAddress: "ACME"))
                )
            )
        ),
        PDUFixture(
            "query_sm_resp",
            .smppPDU(0x8000_0003, sequence: 20) {
                $0.writeCString("5f3a9c01")
                $0.writeCString("261126170501000+")
                $0.writeMultipleIntegers(UInt8(2), UInt8(0))
            },
            .success(
                PDU(
                    sequenceNumber: 20,
                    body: .querySMResponse(
                        QuerySMResponse(messageID: "5f3a9c01", finalDate: "261126170501000+", messageState: 2)
                    )
                )
            )
        ),
        PDUFixture(
            "cancel_sm",
            .smppPDU(0x0000_0008, sequence: 21) {
                $0.writeCString("")
                $0.writeCString("5f3a9c01")
                $0.writeMultipleIntegers(UInt8(5), UInt8(0))
                $0.writeCString("ACME")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447700900123")
            },
            .success(
                PDU(
                    sequenceNumber: 21,
                    body: .cancelSM(
                        CancelSM(
                            messageID: "5f3a9c01",
                            sourceAddressTON: 5,
                            sourceAddress: "ACME",
                            destinationAddressTON: 1,
                            destinationAddressNPI: 1,
                            destinationAddress: "447700900123"
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "cancel_sm_resp",
            .smppPDU(0x8000_0008, sequence: 21),
            .success(PDU(sequenceNumber: 21, body: .cancelSMResponse))
        ),
        PDUFixture(
            "replace_sm",
            .smppPDU(0x0000_0007, sequence: 22) {
                $0.writeCString("5f3a9c01")
                $0.writeMultipleIntegers(UInt8(5), UInt8(0))
                $0.writeCString("ACME")
                $0.writeCString("")
                $0.writeCString("000002000000000R")
                $0.writeMultipleIntegers(UInt8(1), UInt8(0))
                $0.writeInteger(UInt8(3))
                $0.writeString("New")
            },
            .success(
                PDU(
                    sequenceNumber: 22,
                    body: .replaceSM(
                        ReplaceSM(
                            messageID: "5f3a9c01",
                            sourceAddressTON: 5,
                            sourceAddress: "ACME",
                            validityPeriod: "000002000000000R",
                            registeredDelivery: 1,
                            shortMessage: ByteBuffer(string: "New")
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "replace_sm_resp",
            .smppPDU(0x8000_0007, sequence: 22),
            .success(PDU(sequenceNumber: 22, body: .replaceSMResponse))
        ),
        PDUFixture(
            "alert_notification",
            .smppPDU(0x0000_0102, sequence: 23) {
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447700900123")
                $0.writeMultipleIntegers(UInt8(0), UInt8(0))
                $0.writeCString("esme1")
                $0.writeTLV(0x0422, [0x00])
            },
            .success(
                PDU(
                    sequenceNumber: 23,
                    body: .alertNotification(
                        AlertNotification(
                            sourceAddressTON: 1,
                            sourceAddressNPI: 1,
                            sourceAddress: "447700900123",
                            esmeAddress: "esme1",
                            tlvs: TLVList([TLV(tag: .msAvailabilityStatus, bytes: [0])])
                        )
                    )
                )
            )
        ),
        PDUFixture(
            "unknown command_id keeps its body",
            .smppPDU(0x0000_0111, sequence: 24) { $0.writeBytes([1, 2, 3]) },
            .success(PDU(sequenceNumber: 24, body: .unknown(CommandID(rawValue: 0x111), ByteBuffer(bytes: [1, 2, 3]))))
        ),
        PDUFixture(
            "sequence number 0 from a peer's generic_nack is accepted",
            .smppPDU(0x8000_0000, status: 0x02, sequence: 0),
            .success(PDU(sequenceNumber: 0, commandStatus: .invalidCommandLength, body: .genericNack))
        ),
    ]
}
