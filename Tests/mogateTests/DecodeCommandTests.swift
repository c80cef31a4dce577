// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import Testing

@Suite struct DecodeCommandTests {
    let mogate: MogateExecutable

    init() throws {
        self.mogate = try MogateExecutable()
    }

    private func decodeJSON(
        _ bytes: [UInt8],
        _ extra: [String] = []
    ) async throws -> (MogateExecutable.Output, [[String: Any]]) {
        let output = try await self.mogate.run(["decode", "--json", "--hex", PDUFixtures.hex(bytes)] + extra)
        return (output, try output.jsonLines())
    }

    @Test("a deliver_sm with UDH, GSM 7-bit text and TLVs renders with the spec's field names")
    func deliverSMFields() async throws {
        let udh: [UInt8] = [0x05, 0x00, 0x03, 0x2A, 0x02, 0x01]
        let text = try #require(SMSText.encode("Hello €", preferred: .gsm7)).bytes
        var tlvs = TLVList()
        tlvs.append(.userMessageReference, value: [0x00, 0x07])
        tlvs.append(TLVTag(rawValue: 0x1401), value: [0xCA, 0xFE])
        let pdu = PDUFixtures.deliverSM(sequenceNumber: 9, esmClass: 0x40, shortMessage: udh + text, tlvs: tlvs)

        let (output, lines) = try await self.decodeJSON(PDUFixtures.bytes([pdu]))
        #expect(output.status == 0)
        let object = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(object["command_length"] as? Int == pdu.encoded().readableBytes)
        #expect(object["command_id"] as? String == "deliver_sm")
        #expect(object["command_status"] as? Int == 0)
        #expect(object["sequence_number"] as? Int == 9)
        #expect(object["service_type"] as? String == "")
        #expect(object["source_addr_ton"] as? Int == 1)
        #expect(object["source_addr_npi"] as? Int == 1)
        #expect(object["source_addr"] as? String == "447700900123")
        #expect(object["dest_addr_ton"] as? Int == 0)
        #expect(object["dest_addr_npi"] as? Int == 0)
        #expect(object["destination_addr"] as? String == "12345")
        #expect(object["esm_class"] as? Int == 0x40)
        #expect(object["protocol_id"] as? Int == 0)
        #expect(object["priority_flag"] as? Int == 0)
        #expect(object["schedule_delivery_time"] as? String == "")
        #expect(object["validity_period"] as? String == "")
        #expect(object["registered_delivery"] as? Int == 0)
        #expect(object["replace_if_present_flag"] as? Int == 0)
        #expect(object["data_coding"] as? Int == 0)
        #expect(object["sm_default_msg_id"] as? Int == 0)
        #expect(object["sm_length"] as? Int == udh.count + text.count)
        #expect(object["short_message"] as? String == PDUFixtures.hex(udh + text))
        #expect(object["text"] as? String == "Hello €")

        let elements = try #require(object["udh"] as? [[String: Any]])
        #expect(elements.count == 1)
        #expect(elements.first?["iei"] as? Int == 0)
        #expect(elements.first?["data_hex"] as? String == "2a0201")

        let parameters = try #require(object["tlvs"] as? [[String: Any]])
        #expect(parameters.count == 2)
        #expect(parameters.first?["tag"] as? Int == 0x0204)
        #expect(parameters.first?["name"] as? String == "user_message_reference")
        #expect(parameters.first?["value_hex"] as? String == "0007")
        #expect(parameters.last?["tag"] as? Int == 0x1401)
        #expect(parameters.last?["name"] is NSNull)
        #expect(parameters.last?["value_hex"] as? String == "cafe")
    }

    @Test("UCS-2 text with an emoji (a surrogate pair) decodes to UTF-8")
    func ucs2Emoji() async throws {
        let message = "Hi 👋 ✓"
        let ucs2 = message.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let pdu = PDUFixtures.deliverSM(sequenceNumber: 3, dataCoding: 0x08, shortMessage: ucs2)
        let (output, lines) = try await self.decodeJSON(PDUFixtures.bytes([pdu]))
        #expect(output.status == 0)
        #expect(lines.first?["data_coding"] as? Int == 8)
        #expect(lines.first?["text"] as? String == message)
        #expect(lines.first?["udh"] == nil)
    }

    @Test("text from message_payload when short_message is empty, with JSON escaping of quotes and controls")
    func payloadTextAndEscaping() async throws {
        let message = "a\"b\\c\nd\t\u{01}é"
        var tlvs = TLVList()
        tlvs.append(.messagePayload, value: try #require(SMSText.encode(message, preferred: .latin1)).bytes)
        let pdu = PDUFixtures.deliverSM(sequenceNumber: 4, dataCoding: 0x03, shortMessage: [], tlvs: tlvs)
        let (output, lines) = try await self.decodeJSON(PDUFixtures.bytes([pdu]))
        #expect(output.status == 0)
        #expect(lines.first?["sm_length"] as? Int == 0)
        #expect(lines.first?["short_message"] as? String == "")
        #expect(lines.first?["text"] as? String == message)
        let parameters = try #require(lines.first?["tlvs"] as? [[String: Any]])
        #expect(parameters.first?["name"] as? String == "message_payload")
    }

    @Test("8-bit data has no text field")
    func binaryHasNoText() async throws {
        let pdu = PDUFixtures.deliverSM(sequenceNumber: 5, dataCoding: 0x04, shortMessage: [0x00, 0xFF])
        let (_, lines) = try await self.decodeJSON(PDUFixtures.bytes([pdu]))
        #expect(lines.first?["short_message"] as? String == "00ff")
        #expect(lines.first?["text"] == nil)
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var status: String
        var testDescription: String { self.name }
    }

    static let malformed: [MalformedCase] = [
        MalformedCase(
            name: "sm_length 255",
            bytes:
                PDUFixtures.raw(commandID: 0x05, sequenceNumber: 42) {
                    PDUFixtures.writeDeliverSMFields(&$0, sourceAddress: Array("447700900123".utf8), smLength: 255)
                    $0.writeBytes([UInt8](repeating: 0x41, count: 10))
                },
            status: "ESME_RINVMSGLEN"
        ),
        MalformedCase(
            name: "source_addr over 21 octets",
            bytes:
                PDUFixtures.raw(commandID: 0x05, sequenceNumber: 42) {
                    PDUFixtures.writeDeliverSMFields(&$0, sourceAddress: Array(repeating: 0x31, count: 30), smLength: 0)
                },
            status: "ESME_RINVSRCADR"
        ),
        MalformedCase(
            name: "a TLV that runs past the body",
            bytes:
                PDUFixtures.raw(commandID: 0x05, sequenceNumber: 42) {
                    PDUFixtures.writeDeliverSMFields(&$0, sourceAddress: Array("447700900123".utf8), smLength: 0)
                    $0.writeMultipleIntegers(UInt16(0x0424), UInt16(50), UInt8(0x41))
                },
            status: "ESME_RINVOPTPARSTREAM"
        ),
    ]

    @Test(
        "a malformed PDU prints an error record with its status and sequence, and decoding continues",
        arguments: Self.malformed
    )
    func malformedPDU(_ fixture: MalformedCase) async throws {
        let next = PDU(sequenceNumber: 43, body: .enquireLink)
        let (output, lines) = try await self.decodeJSON(fixture.bytes + PDUFixtures.bytes([next]))
        #expect(output.status == 1)
        try #require(lines.count == 2)
        #expect((lines[0]["error"] as? String)?.isEmpty == false)
        #expect(lines[0]["command_status"] as? String == fixture.status)
        #expect(lines[0]["sequence_number"] as? Int == 42)
        #expect(lines[0]["command_id"] as? String == "deliver_sm")
        #expect(lines[1]["command_id"] as? String == "enquire_link")
        #expect(lines[1]["sequence_number"] as? Int == 43)
    }

    @Test("several PDUs print in input order, one JSON line each")
    func inputOrder() async throws {
        let pdus = [
            PDU(sequenceNumber: 1, body: .enquireLink),
            PDU(sequenceNumber: 2, body: .submitSMResponse(SubmitSMResponse(messageID: "abc123"))),
            PDUFixtures.deliverSM(sequenceNumber: 3, shortMessage: Array("hi".utf8)),
            PDU(sequenceNumber: 4, body: .bindTransceiver(Bind(systemID: "esme", password: "secret"))),
            PDU(sequenceNumber: 5, commandStatus: .throttled, body: .emptyResponse(.submitSMResponse)),
            PDU(sequenceNumber: 6, body: .unbind),
        ]
        let (output, lines) = try await self.decodeJSON(PDUFixtures.bytes(pdus))
        #expect(output.status == 0)
        #expect(lines.map { $0["sequence_number"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(
            lines.map { $0["command_id"] as? String }
                == ["enquire_link", "submit_sm_resp", "deliver_sm", "bind_transceiver", "submit_sm_resp", "unbind"]
        )
        #expect(lines[1]["message_id"] as? String == "abc123")
        #expect(lines[3]["system_id"] as? String == "esme")
        #expect(lines[3]["password"] as? String == "secret")
        #expect(lines[3]["interface_version"] as? Int == 0x34)
        #expect(lines[4]["command_status"] as? Int == 0x58)
        #expect(lines[0]["tlvs"] == nil)
        #expect((lines[2]["tlvs"] as? [Any])?.isEmpty == true)
    }

    @Test("hex on standard input may have whitespace, newlines and 0x prefixes")
    func hexOnStandardInput() async throws {
        let pdus = [PDU(sequenceNumber: 7, body: .enquireLink), PDU(sequenceNumber: 8, body: .enquireLinkResponse)]
        let hex = PDUFixtures.hex(pdus)
        var text = "0x" + hex.prefix(8) + " 0X" + hex.dropFirst(8).prefix(8) + "\n"
        text += hex.dropFirst(16).prefix(10) + "\r\n\t  " + hex.dropFirst(26) + "\n"
        let output = try await self.mogate.run(["decode", "--json"], stdin: Data(text.utf8))
        #expect(output.status == 0, "\(output.stderr)")
        let lines = try output.jsonLines()
        #expect(lines.map { $0["command_id"] as? String } == ["enquire_link", "enquire_link_resp"])
        #expect(lines.map { $0["sequence_number"] as? Int } == [7, 8])
    }

    @Test("text that is not hex is refused with exit status 1")
    func invalidHex() async throws {
        let output = try await self.mogate.run(["decode", "--json"], stdin: Data("00 00 00 1g".utf8))
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("invalid hex input"))
    }

    @Test("an unknown command_id renders as 0x… with its body as hex")
    func unknownCommandID() async throws {
        let bytes = PDUFixtures.raw(commandID: 0x0000_0999, sequenceNumber: 11) {
            $0.writeBytes([0xDE, 0xAD, 0xBE, 0xEF])
        }
        let (output, lines) = try await self.decodeJSON(bytes)
        #expect(output.status == 0)
        #expect(lines.first?["command_id"] as? String == "0x00000999")
        #expect(lines.first?["body_hex"] as? String == "deadbeef")
        #expect(lines.first?["sequence_number"] as? Int == 11)
    }

    @Test("a command_length under 16 loses framing: one error record, then decoding stops")
    func framingLost() async throws {
        let good = PDUFixtures.bytes([PDU(sequenceNumber: 1, body: .enquireLink)])
        let bad: [UInt8] = [0, 0, 0, 8, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 2]
        let (output, lines) = try await self.decodeJSON(good + bad + good)
        #expect(output.status == 1)
        try #require(lines.count == 2)
        #expect(lines[0]["command_id"] as? String == "enquire_link")
        #expect(lines[1]["command_status"] as? String == "ESME_RINVCMDLEN")
        #expect(lines[1]["command_length"] as? Int == 8)
        #expect(lines[1]["sequence_number"] as? Int == 2)
        #expect((lines[1]["error"] as? String)?.contains("framing lost") == true)
    }

    @Test("input that ends inside a PDU is reported and fails")
    func truncatedInput() async throws {
        let bytes = PDUFixtures.bytes([PDUFixtures.deliverSM(sequenceNumber: 1, shortMessage: Array("hello".utf8))])
        let (output, lines) = try await self.decodeJSON(Array(bytes.dropLast(3)))
        #expect(output.status == 1)
        #expect(lines.count == 1)
        #expect(lines.first?["command_status"] as? String == "ESME_RINVCMDLEN")
        #expect(lines.first?["sequence_number"] as? Int == 1)
    }

    @Test("submit_multi and its response render their destination lists")
    func submitMultiLists() async throws {
        let multi = PDU(
            sequenceNumber: 1,
            body: .submitMulti(
                SubmitMulti(
                    sourceAddress: "ALERTS",
                    destinations: [.smeAddress(ton: 1, npi: 1, address: "447700900001"), .distributionList("staff")],
                    shortMessage: ByteBuffer(string: "hi")
                )
            )
        )
        let response = PDU(
            sequenceNumber: 1,
            body: .submitMultiResponse(
                SubmitMultiResponse(
                    messageID: "m1",
                    unsuccessful: [
                        .init(
                            destinationAddressTON: 1,
                            destinationAddressNPI: 1,
                            destinationAddress: "447700900001",
                            errorStatusCode: .invalidDestinationAddress
                        )
                    ]
                )
            )
        )
        let (output, lines) = try await self.decodeJSON(PDUFixtures.bytes([multi, response]))
        #expect(output.status == 0)
        #expect(lines[0]["number_of_dests"] as? Int == 2)
        let destinations = try #require(lines[0]["dest_address"] as? [[String: Any]])
        #expect(destinations[0]["dest_flag"] as? Int == 1)
        #expect(destinations[0]["destination_addr"] as? String == "447700900001")
        #expect(destinations[1]["dest_flag"] as? Int == 2)
        #expect(destinations[1]["dl_name"] as? String == "staff")
        #expect(lines[0]["text"] as? String == "hi")
        #expect(lines[1]["no_unsuccess"] as? Int == 1)
        let failures = try #require(lines[1]["unsuccess_sme"] as? [[String: Any]])
        #expect(failures.first?["error_status_code"] as? Int == 0x0B)
    }

    @Test("--default-alphabet latin1 changes how data_coding 0 is read")
    func defaultAlphabet() async throws {
        let pdu = PDUFixtures.deliverSM(sequenceNumber: 1, shortMessage: [0x63, 0x61, 0x66, 0xE9])
        let (_, lines) = try await self.decodeJSON(PDUFixtures.bytes([pdu]), ["--default-alphabet", "latin1"])
        #expect(lines.first?["text"] as? String == "café")
    }

    @Test("the readable form prints one block per PDU with the spec's field names")
    func readableForm() async throws {
        let pdus = [
            PDUFixtures.deliverSM(sequenceNumber: 1, shortMessage: Array("hi".utf8)),
            PDU(sequenceNumber: 2, body: .enquireLink),
        ]
        let output = try await self.mogate.run(["decode", "--hex", PDUFixtures.hex(pdus)])
        #expect(output.status == 0)
        let text = output.stdoutText
        #expect(text.contains("PDU 1: deliver_sm\n"))
        #expect(text.contains("  command_id: deliver_sm (0x00000005)\n"))
        #expect(text.contains("  source_addr: \"447700900123\"\n"))
        #expect(text.contains("  text: \"hi\"\n"))
        #expect(text.contains("  tlvs: []\n"))
        #expect(text.contains("\nPDU 2: enquire_link\n"))
    }
}
