// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import PhoneNumbers
import SMPPCore
import Testing

@Suite struct MOExtractorTests {
    let extractor = MOExtractor(defaultCountry: RegionCode("GB")!)
    let now = Date(timeIntervalSince1970: 1_795_000_000.125)

    func deliver(
        from: String = "07700900123",
        fromTON: UInt8 = 2,
        to: String = "447860000000",
        esmClass: UInt8 = 0,
        dataCoding: UInt8 = 0,
        short: [UInt8],
        tlvs: TLVList = TLVList(),
        sequence: UInt32 = 7
    ) -> PDU {
        let message = SubmitSM(
            sourceAddressTON: fromTON,
            sourceAddressNPI: 1,
            sourceAddress: from,
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: to,
            esmClass: esmClass,
            dataCoding: dataCoding,
            shortMessage: ByteBuffer(bytes: short),
            tlvs: tlvs
        )
        return PDU(sequenceNumber: sequence, body: .deliverSM(message))
    }

    func whole(_ pdu: PDU) throws -> MORecord {
        guard
            case .whole(let record) = self.extractor.extract(pdu, systemID: "carrier1", id: "ID1", receivedAt: self.now)
        else { throw ExtractionFailed() }
        return record
    }

    func part(_ pdu: PDU, id: String = "P") throws -> MOPart {
        guard case .part(let part) = self.extractor.extract(pdu, systemID: "carrier1", id: id, receivedAt: self.now)
        else { throw ExtractionFailed() }
        return part
    }

    struct ExtractionFailed: Error {}

    @Test("a GSM 03.38 deliver_sm from a national number becomes an E.164 record")
    func gsm7National() throws {
        let record = try self.whole(self.deliver(short: GSM7.encodeUnpacked("Verify 483920 @£$")!))
        #expect(record.type == .mo)
        #expect(record.from == "+447700900123")
        #expect(record.fromRaw == MORecord.RawAddress(addr: "07700900123", ton: 2, npi: 1))
        #expect(record.fromValid)
        #expect(record.to == "+447860000000")
        #expect(record.text == "Verify 483920 @£$")
        #expect(record.encoding == "gsm7")
        #expect(record.parts == 1)
        #expect(record.concat == nil)
        #expect(record.smpp.command == "deliver_sm")
        #expect(record.smpp.systemID == "carrier1")
        #expect(record.smpp.sequenceNumbers == [7])
    }

    @Test("UCS-2 text with an emoji decodes whole")
    func ucs2() throws {
        let record = try self.whole(self.deliver(dataCoding: 8, short: UCS2.encode("Код 483920 😀")))
        #expect(record.text == "Код 483920 😀")
        #expect(record.encoding == "ucs2")
        #expect(record.dataCoding == 8)
    }

    @Test("an alphanumeric sender is forwarded raw with from_valid false")
    func alphanumeric() throws {
        let record = try self.whole(self.deliver(from: "MyBank", fromTON: 5, short: Array("hi".utf8)))
        #expect(record.from == "MyBank")
        #expect(!record.fromValid)
    }

    @Test("8-bit data has a null text and keeps its octets in body_hex")
    func binary() throws {
        let record = try self.whole(self.deliver(dataCoding: 4, short: [0xDE, 0xAD, 0xBE, 0xEF]))
        #expect(record.text == nil)
        #expect(record.encoding == "binary")
        #expect(record.bodyHex == "deadbeef")
        let json = try #require(try JSONSerialization.jsonObject(with: record.jsonV1()) as? [String: Any])
        #expect(json["text"] is NSNull)
        #expect(json["concat"] is NSNull)
    }

    @Test("a delivery receipt becomes a dlr record with its parsed fields")
    func receipt() throws {
        let text =
            "id:0123456789 sub:001 dlvrd:001 submit date:2611261700 done date:2611261701 stat:DELIVRD err:000 text:Verify"
        var tlvs = TLVList()
        tlvs.receiptedMessageID = "0123456789"
        tlvs.messageStateValue = 2
        let record = try self.whole(self.deliver(esmClass: 0x04, short: Array(text.utf8), tlvs: tlvs))
        #expect(record.type == .dlr)
        #expect(record.receipt?.messageID == "0123456789")
        #expect(record.receipt?.stat == "DELIVRD")
        #expect(record.receipt?.err == "000")
        #expect(record.receipt?.messageState == 2)
    }

    @Test("data_sm carries its text in message_payload")
    func dataSM() throws {
        var tlvs = TLVList()
        tlvs.messagePayload = ByteBuffer(string: "Verify 112233")
        let message = DataSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: "447860000000",
            tlvs: tlvs
        )
        let record = try self.whole(PDU(sequenceNumber: 3, body: .dataSM(message)))
        #expect(record.text == "Verify 112233")
        #expect(record.smpp.command == "data_sm")
        #expect(record.from == "+447700900123")
    }

    @Test("a UDH part with other IEs around the concat IE is recognised")
    func udhWithOtherElements() throws {
        // UDHL 11: application ports (05 04 ...), concat 8-bit ref 0x42 part 2 of 3, then a reserved IE.
        let header: [UInt8] = [11, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x42, 0x03, 0x02]
        let pdu = self.deliver(esmClass: 0x40, short: header + GSM7.encodeUnpacked("middle")!)
        let part = try self.part(pdu)
        #expect(part.key.scheme == "udh8")
        #expect(part.key.reference == 0x42)
        #expect(part.key.total == 3)
        #expect(part.sequence == 2)
        #expect(part.payload == GSM7.encodeUnpacked("middle")!)
        #expect(part.key.source == "07700900123")
        #expect(part.key.systemID == "carrier1")
    }

    @Test("SAR TLVs mark a part without a UDH")
    func sar() throws {
        var tlvs = TLVList()
        tlvs.sarMessageReferenceNumber = 0x1234
        tlvs.sarTotalSegments = 2
        tlvs.sarSegmentSequenceNumber = 1
        let part = try self.part(self.deliver(short: Array("first half ".utf8), tlvs: tlvs))
        #expect(part.key.scheme == "sar")
        #expect(part.key.reference == 0x1234)
        #expect(part.sequence == 1)
    }

    @Test("a surrogate pair split across two UCS-2 parts, out of order, assembles as one emoji")
    func splitSurrogate() throws {
        let units = UCS2.encode("Hi 😀 there")  // 😀 is D83D DE00 at octets 6..<10
        let first = Array(units[0..<8])  // ends with the high surrogate
        let second = Array(units[8...])
        func udh16(_ sequence: UInt8) -> [UInt8] { [6, 0x08, 0x04, 0xAB, 0xCD, 0x02, sequence] }
        let part2 = try self.part(
            self.deliver(esmClass: 0x40, dataCoding: 8, short: udh16(2) + second, sequence: 9),
            id: "B"
        )
        let part1 = try self.part(
            self.deliver(esmClass: 0x40, dataCoding: 8, short: udh16(1) + first, sequence: 8),
            id: "A"
        )
        #expect(part1.key == part2.key)
        #expect(part1.key.scheme == "udh16")
        let record = MOAssembler.assemble([part2, part1])
        #expect(record.text == "Hi 😀 there")
        #expect(record.id == "A")
        #expect(record.parts == 2)
        #expect(record.concat == MORecord.Concat(ref: 0xABCD, total: 2, scheme: "udh16"))
        #expect(record.smpp.sequenceNumbers == [8, 9])
        #expect(record.incomplete == nil)
    }

    @Test("what arrived of a message is marked incomplete with its part numbers")
    func incomplete() throws {
        func udh8(_ sequence: UInt8) -> [UInt8] { [5, 0x00, 0x03, 0x07, 0x03, sequence] }
        let one = try self.part(self.deliver(esmClass: 0x40, short: udh8(1) + GSM7.encodeUnpacked("one ")!))
        let three = try self.part(self.deliver(esmClass: 0x40, short: udh8(3) + GSM7.encodeUnpacked("three")!))
        let record = MOAssembler.assemble([three, one])
        #expect(record.incomplete == true)
        #expect(record.receivedParts == [1, 3])
        #expect(record.text == "one three")
    }

    @Test("JSON v1 uses the contract's keys and a millisecond UTC timestamp")
    func jsonContract() throws {
        let record = try self.whole(self.deliver(short: Array("Verify 483920".utf8)))
        let json = try #require(try JSONSerialization.jsonObject(with: record.jsonV1()) as? [String: Any])
        for key in [
            "id", "type", "from", "from_raw", "from_valid", "to", "to_raw", "to_valid", "text", "encoding",
            "data_coding",
            "body_hex", "parts", "concat", "received_at", "smpp",
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["incomplete"] == nil)
        #expect((json["received_at"] as? String)?.hasSuffix(".125Z") == true, "\(json["received_at"] ?? "")")
        let smpp = try #require(json["smpp"] as? [String: Any])
        for key in ["command", "system_id", "esm_class", "protocol_id", "service_type", "sequence_numbers", "tlvs"] {
            #expect(smpp[key] != nil, "missing smpp.\(key)")
        }
        let decoded = try JSONDecoder().decode(MORecord.self, from: record.jsonV1())
        #expect(decoded == record)
    }

    @Test("record ids are 26-character ULIDs, unique, and sort by time")
    func ids() {
        let early = MessageID.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let late = MessageID.make(at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(early.count == 26)
        #expect(early < late)
        #expect(Set((0..<1000).map { _ in MessageID.make() }).count == 1000)
    }
}
