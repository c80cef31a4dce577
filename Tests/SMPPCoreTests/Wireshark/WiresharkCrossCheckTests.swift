// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

/// An independent cross-check of the codec against Wireshark's SMPP dissector (Debian's `tshark`).
///
/// Our own fixtures test the codec against our own reading of SMPP 3.4. Here a second implementation reads the bytes
/// the codec wrote: every PDU type goes into a pcap of one TCP connection to port 2775, tshark dissects it, and the
/// test asserts that tshark finds nothing malformed, raises no expert warning or error, and reads the same values we
/// encoded, PDU by PDU.
///
/// It needs tshark, so it runs only when `MOGATE_INTEROP=1` (CI sets it, and `.ci/run` installs tshark). Without the
/// variable the test is reported as skipped. With it and no tshark on PATH the test fails: in CI a missing tshark is
/// a broken install, not a reason to pass.
@Suite("Wireshark cross-check")
struct WiresharkCrossCheckTests {
    @Test(
        "tshark dissects every PDU the codec encodes with nothing malformed and no expert warnings",
        // Skipped unless MOGATE_INTEROP=1: it runs an external program (tshark), which a plain `swift test` on a
        // developer machine may not have. It fails, rather than skips, when the variable is set and tshark is missing.
        .enabled(if: Interop.isRequested, "set MOGATE_INTEROP=1 (and install tshark) to run the Wireshark cross-check")
    )
    func nothingMalformed() async throws {
        let tshark = try Interop.requireTShark()
        let capture = try Capture.write(Transcript.segments)
        defer { capture.remove() }

        let diagnosis = try await tshark.diagnose(capture)
        #expect(diagnosis.smppTrees == Transcript.pduCount, "one SMPP tree per PDU")
        #expect(diagnosis.problems.isEmpty, "\(diagnosis.problems)")
    }

    @Test(
        "the cross-check notices a PDU that is really malformed",
        // Skipped unless MOGATE_INTEROP=1, for the same reason as the test above.
        .enabled(if: Interop.isRequested, "set MOGATE_INTEROP=1 (and install tshark) to run the Wireshark cross-check")
    )
    func noticesMalformed() async throws {
        // A check that can never fail proves nothing: break one PDU on purpose and expect tshark to complain.
        let tshark = try Interop.requireTShark()
        var bytes = Array(Transcript.deliver(90, text: "Hello").encoded().readableBytesView)
        let smLengthOffset = bytes.count - 6  // sm_length precedes the five octets of "Hello"
        #expect(bytes[smLengthOffset] == 5)
        bytes[smLengthOffset] = 200  // now short_message runs past the end of the PDU
        let capture = try Capture.write(raw: [(.serverToClient, bytes)])
        defer { capture.remove() }

        let diagnosis = try await tshark.diagnose(capture)
        #expect(!diagnosis.problems.isEmpty, "tshark found nothing wrong with sm_length 200 in a 5-octet body")
    }

    @Test(
        "tshark reads the header and body fields the codec encoded, PDU by PDU",
        // Skipped unless MOGATE_INTEROP=1, for the same reason as the test above.
        .enabled(if: Interop.isRequested, "set MOGATE_INTEROP=1 (and install tshark) to run the Wireshark cross-check")
    )
    func fieldsMatch() async throws {
        let tshark = try Interop.requireTShark()
        let capture = try Capture.write(Transcript.segments)
        defer { capture.remove() }

        let columns = Expected.columns
        var arguments = ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=\u{1E}"]
        for column in ["frame.number"] + columns { arguments += ["-e", column] }
        let output = try await tshark.run(capture, arguments)
        let rows = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count == PcapWriter.handshakeFrameCount + Transcript.segments.count, "one row per frame")

        for (index, segment) in Transcript.segments.enumerated() {
            let row = rows[PcapWriter.handshakeFrameCount + index]
            let expected = segment.pdus.map(Expected.fields(of:))
            for (offset, column) in columns.enumerated() {
                let got = offset + 1 < row.count ? row[offset + 1] : ""
                // Within one frame tshark lists a field's occurrences across all its PDUs in order.
                let want = expected.flatMap { $0[column] ?? [] }.joined(separator: "\u{1E}")
                #expect(
                    Expected.normalize(got, column: column) == want,
                    "frame \(row[0]) (\(segment.label)) \(column): tshark \(got.debugDescription), ours \(want.debugDescription)"
                )
            }
        }
    }

    @Test("the Internet checksum matches RFC 1071's worked example")
    func internetChecksum() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is its complement, 220d.
        #expect(PcapWriter.internetChecksum([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]) == 0x220D)
        // An odd length is padded with a zero octet.
        #expect(PcapWriter.internetChecksum([0x00, 0x01, 0xF2]) == ~UInt16(0xF201))
    }

    @Test("the capture's sequence numbers follow on without gaps")
    func contiguousSequenceNumbers() {
        var writer = PcapWriter(serverPort: 2775)
        writer.appendSegment(from: .clientToServer, payload: [1, 2, 3])
        writer.appendSegment(from: .serverToClient, payload: [4, 5])
        writer.appendSegment(from: .clientToServer, payload: [6])
        // Ethernet 14 + IPv4 20: the TCP header starts at 34; sequence at +4, acknowledgement at +8.
        func numbers(_ frame: [UInt8]) -> (UInt32, UInt32) {
            let read = { (at: Int) in frame[at..<at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
            return (read(38), read(42))
        }
        let frames = writer.frames.map(numbers)
        #expect(frames.count == 6)
        #expect(frames[3] == (1_001, 5_001))
        #expect(frames[4] == (5_001, 1_004))
        #expect(frames[5] == (1_004, 5_003))
    }
}

// MARK: - The transcript

/// One TCP segment of the capture: one PDU, or several back to back.
struct Segment: Sendable {
    var label: String
    var direction: PcapWriter.Direction
    var pdus: [PDU]
}

/// Every SMPP 3.4 PDU type, in the order a session might carry them, and the MO variants a gateway meets.
enum Transcript {
    static let segments: [Segment] = {
        var segments: [Segment] = []
        func esme(_ label: String, _ pdus: PDU...) {
            segments.append(Segment(label: label, direction: .clientToServer, pdus: pdus))
        }
        func smsc(_ label: String, _ pdus: PDU...) {
            segments.append(Segment(label: label, direction: .serverToClient, pdus: pdus))
        }

        // Binding (SMPP 3.4 §4.1).
        esme(
            "bind_transmitter",
            PDU(
                sequenceNumber: 1,
                body: .bindTransmitter(
                    Bind(systemID: "esme-tx", password: "secret1", systemType: "VMS", addressTON: 1, addressNPI: 1)
                )
            )
        )
        smsc(
            "bind_transmitter_resp",
            PDU(
                sequenceNumber: 1,
                body: .bindTransmitterResponse(BindResponse(systemID: "mogate", scInterfaceVersion: 0x34))
            )
        )
        esme(
            "bind_receiver",
            PDU(
                sequenceNumber: 2,
                body: .bindReceiver(Bind(systemID: "esme-rx", password: "pw", addressRange: "^4477"))
            )
        )
        smsc(
            "bind_receiver_resp",
            PDU(sequenceNumber: 2, body: .bindReceiverResponse(BindResponse(systemID: "mogate")))
        )
        esme(
            "bind_transceiver",
            PDU(
                sequenceNumber: 3,
                body: .bindTransceiver(
                    Bind(systemID: "smppclient1", password: "password", systemType: "OTP", addressTON: 2, addressNPI: 1)
                )
            )
        )
        smsc(
            "bind_transceiver_resp",
            PDU(
                sequenceNumber: 3,
                body: .bindTransceiverResponse(BindResponse(systemID: "mogate", scInterfaceVersion: 0x34))
            )
        )
        smsc("outbind", PDU(sequenceNumber: 4, body: .outbind(Outbind(systemID: "carrier1", password: "pass"))))

        // Submitting (§4.4, §4.5).
        esme(
            "submit_sm",
            PDU(
                sequenceNumber: 10,
                body: .submitSM(
                    SubmitSM(
                        serviceType: "CMT",
                        sourceAddressTON: 5,
                        sourceAddressNPI: 0,
                        sourceAddress: "MOGATE",
                        destinationAddressTON: 1,
                        destinationAddressNPI: 1,
                        destinationAddress: "447700900123",
                        esmClass: 0x03,
                        protocolID: 0,
                        priorityFlag: 1,
                        scheduleDeliveryTime: "260101120000000+",
                        validityPeriod: "000001000000000R",
                        registeredDelivery: 0x01,
                        replaceIfPresentFlag: 1,
                        dataCoding: 0x00,
                        shortMessage: ByteBuffer(string: "Your code is 483920")
                    )
                )
            )
        )
        smsc(
            "submit_sm_resp",
            PDU(sequenceNumber: 10, body: .submitSMResponse(SubmitSMResponse(messageID: "5f3a9c01")))
        )
        smsc(
            "submit_sm_resp, error without a body",
            PDU(sequenceNumber: 11, commandStatus: .throttled, body: .emptyResponse(.submitSMResponse))
        )
        esme(
            "submit_multi",
            PDU(
                sequenceNumber: 12,
                body: .submitMulti(
                    SubmitMulti(
                        sourceAddressTON: 1,
                        sourceAddressNPI: 1,
                        sourceAddress: "447860000000",
                        destinations: [
                            .smeAddress(ton: 1, npi: 1, address: "447700900001"),
                            .distributionList("friends"),
                            .smeAddress(ton: 1, npi: 1, address: "447700900002"),
                        ],
                        validityPeriod: "000003000000000R",
                        registeredDelivery: 0x11,
                        dataCoding: 0x01,
                        shortMessage: ByteBuffer(string: "Hello all")
                    )
                )
            )
        )
        smsc(
            "submit_multi_resp",
            PDU(
                sequenceNumber: 12,
                body: .submitMultiResponse(
                    SubmitMultiResponse(
                        messageID: "mm-77",
                        unsuccessful: [
                            .init(
                                destinationAddressTON: 1,
                                destinationAddressNPI: 1,
                                destinationAddress: "447700900002",
                                errorStatusCode: .invalidDestinationAddress
                            ),
                            .init(destinationAddress: "friends", errorStatusCode: .invalidDistributionListName),
                        ]
                    )
                )
            )
        )
        esme("generic_nack", PDU(sequenceNumber: 13, commandStatus: .invalidCommandID, body: .genericNack))

        // Mobile-originated messages (§4.6) in their common shapes.
        smsc("deliver_sm, GSM 03.38 text", Self.deliver(20, text: "Verify 483920"))
        esme("deliver_sm_resp", PDU(sequenceNumber: 20, body: .deliverSMResponse(DeliverSMResponse())))
        smsc(
            "deliver_sm, UDH 8-bit reference, part 1 of 2, UCS-2",
            Self.deliver(21, udh: [0x05, 0x00, 0x03, 0x2A, 0x02, 0x01], ucs2: "Привет, ваш код ")
        )
        smsc(
            "deliver_sm, UDH 8-bit reference, part 2 of 2, UCS-2",
            Self.deliver(22, udh: [0x05, 0x00, 0x03, 0x2A, 0x02, 0x02], ucs2: "483920 👍")
        )
        smsc(
            "deliver_sm, UDH 16-bit reference, part 1 of 1, UCS-2",
            Self.deliver(23, udh: [0x06, 0x08, 0x04, 0x12, 0x34, 0x01, 0x01], ucs2: "Ok")
        )
        smsc("deliver_sm, UCS-2 with a surrogate pair", Self.deliver(24, ucs2: "Код 483920 😀", dataCoding: 0x08))
        smsc("deliver_sm, message_payload", Self.deliver(25, payload: String(repeating: "Long MO text. ", count: 30)))
        smsc("deliver_sm, sar_* part 1 of 2", Self.deliver(26, text: "First half ", sar: (0x0102, 2, 1)))
        smsc("deliver_sm, sar_* part 2 of 2", Self.deliver(27, text: "second half", sar: (0x0102, 2, 2)))
        smsc("deliver_sm, delivery receipt", Self.receipt(28))
        smsc("deliver_sm, vendor TLV 0x1400", Self.deliver(29, text: "vendor", vendor: [0xDE, 0xAD, 0xBE, 0xEF]))
        smsc(
            "two deliver_sm in one segment",
            Self.deliver(30, text: "Burst one"),
            Self.deliver(31, text: "Burst two")
        )
        esme(
            "deliver_sm_resp and enquire_link in one segment",
            PDU(sequenceNumber: 30, body: .deliverSMResponse(DeliverSMResponse())),
            PDU(sequenceNumber: 14, body: .enquireLink)
        )
        smsc("enquire_link_resp", PDU(sequenceNumber: 14, body: .enquireLinkResponse))

        // data_sm (§4.7), either way, with TLVs.
        smsc("data_sm with TLVs", Self.dataSM(40))
        esme(
            "data_sm_resp",
            PDU(
                sequenceNumber: 40,
                body: .dataSMResponse(
                    DataSMResponse(
                        messageID: "",
                        tlvs: TLVList([TLV(tag: .additionalStatusInfoText, bytes: Array("stored".utf8) + [0])])
                    )
                )
            )
        )

        // Message management (§4.8–§4.10).
        esme(
            "query_sm",
            PDU(
                sequenceNumber: 50,
                body: .querySM(QuerySM(messageID: "5f3a9c01", sourceAddressTON: 5, sourceAddress: "MOGATE"))
            )
        )
        smsc(
            "query_sm_resp",
            PDU(
                sequenceNumber: 50,
                body: .querySMResponse(
                    QuerySMResponse(messageID: "5f3a9c01", finalDate: "261126170000000+", messageState: 2, errorCode: 0)
                )
            )
        )
        esme(
            "cancel_sm",
            PDU(
                sequenceNumber: 51,
                body: .cancelSM(
                    CancelSM(
                        serviceType: "CMT",
                        messageID: "5f3a9c01",
                        sourceAddressTON: 5,
                        sourceAddress: "MOGATE",
                        destinationAddressTON: 1,
                        destinationAddressNPI: 1,
                        destinationAddress: "447700900123"
                    )
                )
            )
        )
        smsc("cancel_sm_resp", PDU(sequenceNumber: 51, body: .cancelSMResponse))
        esme(
            "replace_sm",
            PDU(
                sequenceNumber: 52,
                body: .replaceSM(
                    ReplaceSM(
                        messageID: "5f3a9c01",
                        sourceAddressTON: 5,
                        sourceAddress: "MOGATE",
                        validityPeriod: "000002000000000R",
                        registeredDelivery: 1,
                        shortMessage: ByteBuffer(string: "Your new code is 111222")
                    )
                )
            )
        )
        smsc("replace_sm_resp", PDU(sequenceNumber: 52, body: .replaceSMResponse))

        // Keepalive, alerts and unbinding (§4.11–§4.12, §4.2).
        smsc("enquire_link", PDU(sequenceNumber: 60, body: .enquireLink))
        esme("enquire_link_resp", PDU(sequenceNumber: 60, body: .enquireLinkResponse))
        smsc(
            "alert_notification",
            PDU(
                sequenceNumber: 61,
                body: .alertNotification(
                    AlertNotification(
                        sourceAddressTON: 1,
                        sourceAddressNPI: 1,
                        sourceAddress: "447700900123",
                        esmeAddressTON: 5,
                        esmeAddress: "MOGATE",
                        tlvs: TLVList([TLV(tag: .msAvailabilityStatus, bytes: [0x00])])
                    )
                )
            )
        )
        esme("unbind", PDU(sequenceNumber: 70, body: .unbind))
        smsc("unbind_resp", PDU(sequenceNumber: 70, body: .unbindResponse))
        return segments
    }()

    static var pduCount: Int { self.segments.reduce(0) { $0 + $1.pdus.count } }

    /// A deliver_sm from a handset, 447700900123 (TON 1, NPI 1), to the short code 4455 (TON 3).
    static func deliver(
        _ sequence: UInt32,
        text: String? = nil,
        udh: [UInt8]? = nil,
        ucs2: String? = nil,
        dataCoding: UInt8? = nil,
        payload: String? = nil,
        sar: (reference: UInt16, total: UInt8, sequence: UInt8)? = nil,
        vendor: [UInt8]? = nil
    ) -> PDU {
        var message = DeliverSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddressTON: 3,
            destinationAddressNPI: 0,
            destinationAddress: "4455"
        )
        var body: [UInt8] = []
        if let udh {
            body += udh
            message.esmClass |= 0x40
        }
        if let text { body += Array(text.utf8) }  // letters, digits and spaces: GSM 03.38 unpacked equals ASCII
        if let ucs2 {
            for unit in ucs2.utf16 { body += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            message.dataCoding = 0x08
        }
        if let dataCoding { message.dataCoding = dataCoding }
        message.shortMessage = ByteBuffer(bytes: body)
        if let payload { message.tlvs.messagePayload = ByteBuffer(string: payload) }
        if let sar {
            message.tlvs.sarMessageReferenceNumber = sar.reference
            message.tlvs.sarTotalSegments = sar.total
            message.tlvs.sarSegmentSequenceNumber = sar.sequence
        }
        if let vendor { message.tlvs.append(TLVTag(0x1400), value: vendor) }
        return PDU(sequenceNumber: sequence, body: .deliverSM(message))
    }

    /// An SMSC delivery receipt (esm_class 0x04) with the Appendix B text and the 3.4 receipt TLVs.
    static func receipt(_ sequence: UInt32) -> PDU {
        var message = DeliverSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddressTON: 5,
            destinationAddress: "MOGATE",
            esmClass: 0x04,
            shortMessage: ByteBuffer(
                string:
                    "id:5f3a9c01 sub:001 dlvrd:001 submit date:2611261700 done date:2611261701 stat:DELIVRD err:000 text:Your code is 4839"
            )
        )
        message.tlvs.receiptedMessageID = "5f3a9c01"
        message.tlvs.messageStateValue = 2
        message.tlvs.networkErrorCode = NetworkErrorCode(networkType: 3, errorCode: 0x0001)
        return PDU(sequenceNumber: sequence, body: .deliverSM(message))
    }

    /// A data_sm MO carrying its text in message_payload, with port, reference and other typed TLVs.
    static func dataSM(_ sequence: UInt32) -> PDU {
        var message = DataSM(
            serviceType: "WAP",
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: "447860000000",
            esmClass: 0x00,
            registeredDelivery: 0x01,
            dataCoding: 0x03
        )
        message.tlvs.messagePayload = ByteBuffer(string: "Verify 483920 via data_sm")
        message.tlvs.sourcePort = 9200
        message.tlvs.destinationPort = 2948
        message.tlvs.userMessageReference = 0x0BEE
        message.tlvs.payloadType = 0
        message.tlvs.languageIndicator = 1
        message.tlvs.moreMessagesToSend = 0
        return PDU(sequenceNumber: sequence, body: .dataSM(message))
    }
}

extension TLVList {
    /// `more_messages_to_send` (0x0426), written here only; the codec does not type it.
    fileprivate var moreMessagesToSend: UInt8? {
        get { self[.moreMessagesToSend].flatMap { $0.getInteger(at: $0.readerIndex) } }
        set { self.set(.moreMessagesToSend, value: newValue.map { [$0] }) }
    }
}

// MARK: - What tshark should read

/// The tshark fields the test compares, and the values our PDUs should produce in them.
enum Expected {
    static let columns = [
        "smpp.command_length", "smpp.command_id", "smpp.command_status", "smpp.sequence_number",
        "smpp.system_id", "smpp.password", "smpp.system_type", "smpp.interface_version", "smpp.addr_ton",
        "smpp.addr_npi", "smpp.address_range",
        "smpp.service_type", "smpp.source_addr_ton", "smpp.source_addr_npi", "smpp.source_addr",
        "smpp.dest_addr_ton", "smpp.dest_addr_npi", "smpp.destination_addr", "smpp.dl_name",
        "smpp.esm.submit.msg_mode", "smpp.esm.submit.msg_type", "smpp.esm.submit.features",
        "smpp.protocol_id", "smpp.priority_flag", "smpp.regdel.receipt", "smpp.regdel.acks", "smpp.regdel.notif",
        "smpp.replace_if_present_flag", "smpp.data_coding", "smpp.sm_default_msg_id", "smpp.sm_length",
        "smpp.message_id", "smpp.message_state", "smpp.error_code", "smpp.error_status_code",
        "smpp.esme_addr_ton", "smpp.esme_addr_npi", "smpp.esme_addr",
        "smpp.opt_param_tag", "smpp.opt_param_len", "smpp.SC_interface_version", "smpp.receipted_message_id",
        "smpp.network_error.type", "smpp.network_error.code", "smpp.message_payload",
        "smpp.sar_msg_ref_num", "smpp.sar_total_segments", "smpp.sar_segment_seqnum", "smpp.source_port",
        "smpp.destination_port", "smpp.user_message_reference", "smpp.payload_type", "smpp.language_indicator",
        "smpp.more_messages_to_send", "smpp.ms_availability_status", "smpp.additional_status_info_text",
        "smpp.vendor_op",
        "smpp.schedule_delivery_time", "smpp.schedule_delivery_time_r", "smpp.validity_period",
        "smpp.validity_period_r", "smpp.final_date", "smpp.message", "smpp.message_text",
        "gsm_sms.ie_identifier", "gsm_sms.udh.mm.msg_id", "gsm_sms.udh.mm.msg_parts", "gsm_sms.udh.mm.msg_part",
    ]

    /// Brings tshark's rendering to ours where the two differ only in form.
    static func normalize(_ value: String, column: String) -> String {
        var value = value
        // Hex-displayed integers (ton, npi, data_coding, …) print as 0x.., with varying width and case.
        value = value.split(separator: "\u{1E}", omittingEmptySubsequences: false).map { item in
            if item.hasPrefix("0x"), let number = UInt64(item.dropFirst(2), radix: 16) { return String(number) }
            return String(item)
        }.joined(separator: "\u{1E}")
        if ["smpp.message_payload", "smpp.vendor_op", "smpp.message"].contains(column) {
            value = value.replacingOccurrences(of: ":", with: "").lowercased()
        }
        return value
    }

    /// The values of `pdu` in each column, in decimal for integers and hex for octets.
    static func fields(of pdu: PDU) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        func put(_ column: String, _ values: String...) { fields[column, default: []] += values }
        func put(_ column: String, _ value: some BinaryInteger) { put(column, String(value)) }

        put("smpp.command_length", pdu.encoded().readableBytes)
        put("smpp.command_id", pdu.commandID.rawValue)
        // tshark shows command_status (its "Result") in responses only.
        if pdu.commandID.isResponse { put("smpp.command_status", pdu.commandStatus.rawValue) }
        put("smpp.sequence_number", pdu.sequenceNumber)

        func bind(_ bind: Bind) {
            put("smpp.system_id", bind.systemID)
            put("smpp.password", bind.password)
            put("smpp.system_type", bind.systemType)
            put("smpp.interface_version", bind.interfaceVersion)
            put("smpp.addr_ton", bind.addressTON)
            put("smpp.addr_npi", bind.addressNPI)
            put("smpp.address_range", bind.addressRange)
        }
        func source(_ ton: UInt8, _ npi: UInt8, _ address: String) {
            put("smpp.source_addr_ton", ton)
            put("smpp.source_addr_npi", npi)
            put("smpp.source_addr", address)
        }
        func destination(_ ton: UInt8, _ npi: UInt8, _ address: String) {
            put("smpp.dest_addr_ton", ton)
            put("smpp.dest_addr_npi", npi)
            put("smpp.destination_addr", address)
        }
        func esm(_ esmClass: UInt8) {
            put("smpp.esm.submit.msg_mode", esmClass & 0x03)
            put("smpp.esm.submit.msg_type", (esmClass >> 2) & 0x0F)
            put("smpp.esm.submit.features", esmClass >> 6)
        }
        func registered(_ flags: UInt8) {
            put("smpp.regdel.receipt", flags & 0x03)
            put("smpp.regdel.acks", (flags >> 2) & 0x03)
            put("smpp.regdel.notif", (flags >> 4) & 0x01)
        }
        func tlvs(_ list: TLVList) { Self.tlvs(list, into: &fields) }

        switch pdu.body {
        case .bindTransmitter(let b), .bindReceiver(let b), .bindTransceiver(let b):
            bind(b)
        case .bindTransmitterResponse(let r), .bindReceiverResponse(let r), .bindTransceiverResponse(let r):
            put("smpp.system_id", r.systemID)
            tlvs(r.tlvs)
        case .outbind(let o):
            put("smpp.system_id", o.systemID)
            put("smpp.password", o.password)
        case .submitSM(let m), .deliverSM(let m):
            put("smpp.service_type", Self.serviceType(m.serviceType))
            source(m.sourceAddressTON, m.sourceAddressNPI, m.sourceAddress)
            destination(m.destinationAddressTON, m.destinationAddressNPI, m.destinationAddress)
            esm(m.esmClass)
            put("smpp.protocol_id", m.protocolID)
            put("smpp.priority_flag", m.priorityFlag)
            registered(m.registeredDelivery)
            put("smpp.replace_if_present_flag", m.replaceIfPresentFlag)
            put("smpp.data_coding", m.dataCoding)
            put("smpp.sm_default_msg_id", m.smDefaultMessageID)
            Self.time(m.scheduleDeliveryTime, "smpp.schedule_delivery_time", into: &fields)
            Self.time(m.validityPeriod, "smpp.validity_period", into: &fields)
            put("smpp.sm_length", m.shortMessage.readableBytes)
            Self.message(m.shortMessage, esmClass: m.esmClass, dataCoding: m.dataCoding, tlvs: m.tlvs, into: &fields)
            tlvs(m.tlvs)
        case .submitMulti(let m):
            put("smpp.service_type", Self.serviceType(m.serviceType))
            source(m.sourceAddressTON, m.sourceAddressNPI, m.sourceAddress)
            for destination in m.destinations {
                switch destination {
                case .smeAddress(let ton, let npi, let address):
                    put("smpp.dest_addr_ton", ton)
                    put("smpp.dest_addr_npi", npi)
                    put("smpp.destination_addr", address)
                case .distributionList(let name):
                    put("smpp.dl_name", name)
                }
            }
            esm(m.esmClass)
            put("smpp.protocol_id", m.protocolID)
            put("smpp.priority_flag", m.priorityFlag)
            registered(m.registeredDelivery)
            put("smpp.replace_if_present_flag", m.replaceIfPresentFlag)
            put("smpp.data_coding", m.dataCoding)
            put("smpp.sm_default_msg_id", m.smDefaultMessageID)
            Self.time(m.scheduleDeliveryTime, "smpp.schedule_delivery_time", into: &fields)
            Self.time(m.validityPeriod, "smpp.validity_period", into: &fields)
            put("smpp.sm_length", m.shortMessage.readableBytes)
            Self.message(m.shortMessage, esmClass: m.esmClass, dataCoding: m.dataCoding, tlvs: m.tlvs, into: &fields)
            tlvs(m.tlvs)
        case .submitSMResponse(let r), .deliverSMResponse(let r):
            put("smpp.message_id", r.messageID)
        case .submitMultiResponse(let r):
            put("smpp.message_id", r.messageID)
            for sme in r.unsuccessful {
                put("smpp.dest_addr_ton", sme.destinationAddressTON)
                put("smpp.dest_addr_npi", sme.destinationAddressNPI)
                put("smpp.destination_addr", sme.destinationAddress)
                put("smpp.error_status_code", sme.errorStatusCode.rawValue)
            }
        case .dataSM(let m):
            put("smpp.service_type", Self.serviceType(m.serviceType))
            source(m.sourceAddressTON, m.sourceAddressNPI, m.sourceAddress)
            destination(m.destinationAddressTON, m.destinationAddressNPI, m.destinationAddress)
            esm(m.esmClass)
            registered(m.registeredDelivery)
            put("smpp.data_coding", m.dataCoding)
            Self.message(ByteBuffer(), esmClass: m.esmClass, dataCoding: m.dataCoding, tlvs: m.tlvs, into: &fields)
            tlvs(m.tlvs)
        case .dataSMResponse(let r):
            put("smpp.message_id", r.messageID)
            tlvs(r.tlvs)
        case .querySM(let q):
            put("smpp.message_id", q.messageID)
            source(q.sourceAddressTON, q.sourceAddressNPI, q.sourceAddress)
        case .querySMResponse(let r):
            put("smpp.message_id", r.messageID)
            Self.time(r.finalDate, "smpp.final_date", into: &fields)
            put("smpp.message_state", r.messageState)
            put("smpp.error_code", r.errorCode)
        case .cancelSM(let c):
            put("smpp.service_type", Self.serviceType(c.serviceType))
            put("smpp.message_id", c.messageID)
            source(c.sourceAddressTON, c.sourceAddressNPI, c.sourceAddress)
            destination(c.destinationAddressTON, c.destinationAddressNPI, c.destinationAddress)
        case .replaceSM(let r):
            put("smpp.message_id", r.messageID)
            source(r.sourceAddressTON, r.sourceAddressNPI, r.sourceAddress)
            Self.time(r.scheduleDeliveryTime, "smpp.schedule_delivery_time", into: &fields)
            Self.time(r.validityPeriod, "smpp.validity_period", into: &fields)
            registered(r.registeredDelivery)
            put("smpp.sm_default_msg_id", r.smDefaultMessageID)
            put("smpp.sm_length", r.shortMessage.readableBytes)
            // replace_sm has no data_coding; tshark decodes its text as data_coding 0.
            Self.message(r.shortMessage, esmClass: 0, dataCoding: 0, tlvs: TLVList(), into: &fields)
        case .alertNotification(let a):
            source(a.sourceAddressTON, a.sourceAddressNPI, a.sourceAddress)
            put("smpp.esme_addr_ton", a.esmeAddressTON)
            put("smpp.esme_addr_npi", a.esmeAddressNPI)
            put("smpp.esme_addr", a.esmeAddress)
            tlvs(a.tlvs)
        case .genericNack, .unbind, .unbindResponse, .cancelSMResponse, .replaceSMResponse, .enquireLink,
            .enquireLinkResponse, .emptyResponse, .unknown:
            break
        }
        return fields
    }

    /// The TLV tags and lengths in wire order, and the value of each TLV tshark types.
    private static func tlvs(_ list: TLVList, into fields: inout [String: [String]]) {
        func put(_ column: String, _ value: String) { fields[column, default: []].append(value) }
        for tlv in list {
            put("smpp.opt_param_tag", String(tlv.tag.rawValue))
            put("smpp.opt_param_len", String(tlv.value.readableBytes))
            let bytes = Array(tlv.value.readableBytesView)
            let integer = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            switch tlv.tag {
            case .scInterfaceVersion: put("smpp.SC_interface_version", String(integer))
            case .receiptedMessageID:
                put("smpp.receipted_message_id", String(decoding: bytes.dropLast(), as: UTF8.self))
            case .additionalStatusInfoText:
                put("smpp.additional_status_info_text", String(decoding: bytes.dropLast(), as: UTF8.self))
            case .networkErrorCode:
                put("smpp.network_error.type", String(bytes[0]))
                put("smpp.network_error.code", String(UInt16(bytes[1]) << 8 | UInt16(bytes[2])))
            case .messageState: put("smpp.message_state", String(integer))
            case .messagePayload: put("smpp.message_payload", bytes.hex)
            case .sarMessageReferenceNumber: put("smpp.sar_msg_ref_num", String(integer))
            case .sarTotalSegments: put("smpp.sar_total_segments", String(integer))
            case .sarSegmentSequenceNumber: put("smpp.sar_segment_seqnum", String(integer))
            case .sourcePort: put("smpp.source_port", String(integer))
            case .destinationPort: put("smpp.destination_port", String(integer))
            case .userMessageReference: put("smpp.user_message_reference", String(integer))
            case .payloadType: put("smpp.payload_type", String(integer))
            case .languageIndicator: put("smpp.language_indicator", String(integer))
            case .moreMessagesToSend: put("smpp.more_messages_to_send", String(integer))
            case .msAvailabilityStatus: put("smpp.ms_availability_status", String(integer))
            default:
                if tlv.tag.isVendorSpecific { put("smpp.vendor_op", bytes.hex) }
            }
        }
    }

    /// tshark shows an empty service_type as "(Default)".
    private static func serviceType(_ value: String) -> String { value.isEmpty ? "(Default)" : value }

    /// An SMPP time (SMPP 3.4 §7.1) as tshark prints it, with TZ=UTC: absolute times as a UTC date, relative ones
    /// (ending in R) in seconds in the `_r` field, and empty ones ("immediate", "SMSC default", "keep the initial
    /// setting") as a hidden relative zero.
    private static func time(_ value: String, _ column: String, into fields: inout [String: [String]]) {
        let digits = value.utf8.prefix(15).map { Int($0) - 0x30 }
        func number(_ at: Int) -> Int { digits[at] * 10 + digits[at + 1] }
        if value.isEmpty {
            fields[column + "_r", default: []].append("0.000000000")
        } else if value.hasSuffix("R") {
            // Our fixtures use days and smaller units only, which need no calendar.
            precondition(number(0) == 0 && number(2) == 0, "relative years and months are not modelled")
            let seconds = ((number(4) * 24 + number(6)) * 60 + number(8)) * 60 + number(10)
            fields[column + "_r", default: []].append("\(seconds).\(digits[12])00000000")
        } else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let local = DateComponents(
                year: 2000 + number(0),
                month: number(2),
                day: number(4),
                hour: number(6),
                minute: number(8),
                second: number(10)
            )
            // nn quarter hours ahead of (+) or behind (-) UTC.
            let offset = (number(13) * 15 * 60) * (value.hasSuffix("-") ? -1 : 1)
            let date = calendar.date(from: local)!.addingTimeInterval(TimeInterval(-offset))
            let utc = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let day = String(utc.day!).leftPadded(2, with: " ")
            let clock = [utc.hour!, utc.minute!, utc.second!].map { String($0).leftPadded(2) }.joined(separator: ":")
            fields[column, default: []].append(
                "\(months[utc.month! - 1]) \(day), \(utc.year!) \(clock).\(digits[12])00000000 UTC"
            )
        }
    }

    /// short_message in hex, its text as tshark decodes it, and the UDH's concatenation element.
    ///
    /// tshark decodes message_payload instead when short_message is empty.
    private static func message(
        _ shortMessage: ByteBuffer,
        esmClass: UInt8,
        dataCoding: UInt8,
        tlvs: TLVList,
        into fields: inout [String: [String]]
    ) {
        var text = Array(shortMessage.readableBytesView)
        if !text.isEmpty { fields["smpp.message", default: []].append(text.hex) }
        if text.isEmpty, let payload = tlvs.messagePayload { text = Array(payload.readableBytesView) }
        if esmClass & 0x40 != 0 {
            let udh = Array(text[1..<(1 + Int(text[0]))])
            text.removeFirst(1 + Int(text[0]))
            Self.concatenation(udh, into: &fields)
        }
        guard !text.isEmpty else { return }
        fields["smpp.message_text", default: []].append(Self.decode(text, dataCoding: dataCoding))
    }

    /// Text as tshark 4.0 decodes it. Our fixtures' 7-bit and 8-bit texts are plain ASCII, where GSM 03.38 unpacked,
    /// IA5 and Latin-1 agree. data_coding 8 is read as UCS-2 proper, not UTF-16: tshark writes each half of a
    /// surrogate pair as its own three-octet sequence, which is not valid UTF-8, so both sides go through the same
    /// lenient UTF-8 decoding before they are compared.
    static func decode(_ bytes: [UInt8], dataCoding: UInt8) -> String {
        guard dataCoding == 0x08 else {
            precondition(bytes.allSatisfy { $0 < 0x80 }, "fixture text must be ASCII")
            return String(decoding: bytes, as: UTF8.self)
        }
        var utf8: [UInt8] = []
        for index in stride(from: 0, to: bytes.count - 1, by: 2) {
            let unit = UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            switch unit {
            case 0..<0x80: utf8.append(UInt8(unit))
            case 0x80..<0x800: utf8 += [UInt8(0xC0 | unit >> 6), UInt8(0x80 | unit & 0x3F)]
            default: utf8 += [UInt8(0xE0 | unit >> 12), UInt8(0x80 | (unit >> 6) & 0x3F), UInt8(0x80 | unit & 0x3F)]
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The information elements of a UDH and its concatenation element, as tshark's GSM SMS dissector reads them.
    private static func concatenation(_ udh: [UInt8], into fields: inout [String: [String]]) {
        func put(_ column: String, _ value: some BinaryInteger) { fields[column, default: []].append(String(value)) }
        var index = 0
        while index + 1 < udh.count {
            let (iei, length) = (udh[index], Int(udh[index + 1]))
            let data = Array(udh[(index + 2)..<(index + 2 + length)])
            put("gsm_sms.ie_identifier", iei)
            if iei == 0x00 {
                put("gsm_sms.udh.mm.msg_id", data[0])
                put("gsm_sms.udh.mm.msg_parts", data[1])
                put("gsm_sms.udh.mm.msg_part", data[2])
            } else if iei == 0x08 {
                put("gsm_sms.udh.mm.msg_id", UInt16(data[0]) << 8 | UInt16(data[1]))
                put("gsm_sms.udh.mm.msg_parts", data[2])
                put("gsm_sms.udh.mm.msg_part", data[3])
            }
            index += 2 + length
        }
    }
}

extension [UInt8] {
    fileprivate var hex: String { self.map { String($0, radix: 16).leftPadded(2) }.joined() }
}

extension String {
    fileprivate func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        self.count >= width ? self : String(repeating: pad, count: width - self.count) + self
    }
}

// MARK: - Running tshark

/// Whether the interop tests were asked for, and where tshark is.
enum Interop {
    /// `MOGATE_INTEROP=1` asks for tests that run external programs.
    static let isRequested = ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1"

    /// tshark found on PATH, or nil.
    static let tsharkPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/tshark"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// tshark, or a failure: the caller was asked to run (MOGATE_INTEROP=1), so a missing tool is an error.
    static func requireTShark() throws -> TShark {
        let path = try #require(
            Interop.tsharkPath,
            "MOGATE_INTEROP=1 but tshark is not on PATH (apt-get install tshark)"
        )
        return TShark(path: path)
    }
}

/// A pcap file of the transcript in a fresh temporary directory.
struct Capture {
    let directory: URL
    var file: URL { self.directory.appendingPathComponent("smpp.pcap") }

    /// Encodes each segment's PDUs with `PDU.write(to:)` and writes them as one TCP connection to port 2775.
    ///
    /// Set `MOGATE_PCAP_OUT=/some/file.pcap` to keep a copy for opening in Wireshark.
    static func write(_ segments: [Segment]) throws -> Capture {
        try Self.write(
            raw: segments.map { segment in
                var buffer = ByteBuffer()
                for pdu in segment.pdus { pdu.write(to: &buffer) }
                return (segment.direction, Array(buffer.readableBytesView))
            }
        )
    }

    /// Writes segments of raw bytes as one TCP connection to port 2775.
    static func write(raw segments: [(PcapWriter.Direction, [UInt8])]) throws -> Capture {
        var writer = PcapWriter(serverPort: 2775)
        for (direction, payload) in segments { writer.appendSegment(from: direction, payload: payload) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let capture = Capture(directory: directory)
        let bytes = Data(writer.fileBytes)
        try bytes.write(to: capture.file)
        if let keep = ProcessInfo.processInfo.environment["MOGATE_PCAP_OUT"], !keep.isEmpty {
            try bytes.write(to: URL(fileURLWithPath: keep))
        }
        return capture
    }

    func remove() { try? FileManager.default.removeItem(at: self.directory) }
}

/// Runs tshark over a capture, with SMPP decoded on port 2775 and checksum validation turned on.
struct TShark {
    let path: String

    /// What tshark found wrong with a capture, and how many SMPP PDUs it dissected.
    struct Diagnosis {
        var smppTrees = 0
        var problems: [String] = []
    }

    /// Looks for trouble three ways: "Malformed" anywhere in the verbose tree, any expert item of severity warning
    /// or error in any layer (a bad IPv4 or TCP checksum, a TCP sequence gap, an SMPP field the dissector objects
    /// to), and the expert summary.
    func diagnose(_ capture: Capture) async throws -> Diagnosis {
        var diagnosis = Diagnosis()
        let verbose = try await self.run(capture, ["-V"])
        for line in verbose.split(separator: "\n") {
            if line.hasPrefix("Short Message Peer to Peer") { diagnosis.smppTrees += 1 }
            if line.localizedCaseInsensitiveContains("malformed") { diagnosis.problems.append("-V: \(line)") }
        }

        let expert = try await self.run(
            capture,
            [
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=\u{1E}",
                "-e", "frame.number", "-e", "_ws.expert.severity", "-e", "_ws.expert.message", "-e", "_ws.malformed",
            ]
        )
        for line in expert.split(separator: "\n") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 4 else { continue }
            let severities = columns[1].split(separator: "\u{1E}").map { Self.integer(String($0)) }
            let messages = columns[2].split(separator: "\u{1E}").map(String.init)
            // Severity levels (epan/proto.h): chat 0x00200000, note 0x00400000, warn 0x00600000, error 0x00800000.
            for (severity, message) in zip(severities, messages) where severity >= 0x0060_0000 {
                diagnosis.problems.append("frame \(columns[0]) expert 0x\(String(severity, radix: 16)): \(message)")
            }
            if !columns[3].isEmpty { diagnosis.problems.append("frame \(columns[0]): _ws.malformed") }
        }

        let summary = try await self.run(capture, ["-q", "-z", "expert,warn"])
        for heading in ["Errors (", "Warns ("] where summary.contains(heading) {
            diagnosis.problems.append("-z expert: \(summary)")
        }
        return diagnosis
    }

    private static func integer(_ text: String) -> Int {
        text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) ?? 0 : Int(text) ?? 0
    }

    func run(_ capture: Capture, _ arguments: [String]) async throws -> String {
        let result = try await ChildProcess.run(
            self.path,
            [
                "-n", "-r", capture.file.path, "-d", "tcp.port==2775,smpp",
                // Checksums are not validated by default; turn it on so a bad one is an expert error.
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                // data_coding 0 is "SMSC default"; our tests put GSM 03.38 unpacked there.
                "-o", "smpp.decode_sms_over_smpp:GSM 7-bit",
            ] + arguments,
            // Absolute SMPP times print in the local zone.
            environment: ["LC_ALL": "C.UTF-8", "TZ": "UTC"]
        )
        try #require(
            result.succeeded,
            "tshark \(arguments.joined(separator: " ")) ended \(result.status): \(result.errors)"
        )
        return result.output
    }
}
