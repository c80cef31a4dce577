// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

@Suite("PDU codec")
struct PDUCodecTests {
    @Test("decodes each hand-built PDU to the expected value", arguments: PDUFixture.wellFormed)
    func decode(_ fixture: PDUFixture) throws {
        guard case .success(let expected) = fixture.expected else {
            Issue.record("not a success fixture")
            return
        }
        #expect(PDU.decode(bytes: fixture.bytes) == .pdu(expected))
    }

    @Test("encodes each expected value to the hand-built bytes", arguments: PDUFixture.wellFormed)
    func encode(_ fixture: PDUFixture) throws {
        guard case .success(let expected) = fixture.expected else {
            Issue.record("not a success fixture")
            return
        }
        #expect(expected.encoded().hexString == fixture.bytes.hexString)
    }

    @Test("answers each malformed PDU with its status and keeps the header", arguments: PDUFixture.malformed)
    func malformed(_ fixture: PDUFixture) throws {
        guard case .malformed(let status) = fixture.expected else {
            Issue.record("not a malformed fixture")
            return
        }
        guard case .malformed(let header, let error) = PDU.decode(bytes: fixture.bytes) else {
            Issue.record("decoded a malformed PDU")
            return
        }
        #expect(error.commandStatus == status, "\(error)")
        #expect(header.sequenceNumber == 7)
        #expect(header.commandID.rawValue == fixture.bytes.getInteger(at: 4, as: UInt32.self))
    }

    @Test("covers every SMPP 3.4 command_id with a fixture")
    func everyCommandHasAFixture() {
        let covered = Set(
            PDUFixture.wellFormed.compactMap { fixture -> UInt32? in fixture.bytes.getInteger(at: 4, as: UInt32.self) }
        )
        let all: [CommandID] = [
            .genericNack, .bindReceiver, .bindReceiverResponse, .bindTransmitter, .bindTransmitterResponse, .querySM,
            .querySMResponse, .submitSM, .submitSMResponse, .deliverSM, .deliverSMResponse, .unbind, .unbindResponse,
            .replaceSM, .replaceSMResponse, .cancelSM, .cancelSMResponse, .bindTransceiver, .bindTransceiverResponse,
            .outbind, .enquireLink, .enquireLinkResponse, .submitMulti, .submitMultiResponse, .alertNotification,
            .dataSM, .dataSMResponse,
        ]
        for id in all { #expect(covered.contains(id.rawValue), "no fixture for \(id)") }
        #expect(all.allSatisfy { $0.name != nil })
    }

    @Test("a re-encode of a decoded PDU reproduces its bytes, vendor TLVs included")
    func reencodeIsByteExact() throws {
        for fixture in PDUFixture.wellFormed {
            guard case .pdu(let pdu) = PDU.decode(bytes: fixture.bytes) else {
                Issue.record("\(fixture.name) did not decode")
                continue
            }
            #expect(pdu.encoded() == fixture.bytes, "\(fixture.name)")
        }
    }

    @Test("C-Octet Strings keep octets above 0x7F through a round trip")
    func latin1OctetsSurvive() throws {
        let bytes = ByteBuffer.smppPDU(0x0B, sequence: 1) {
            $0.writeBytes([0x53, 0xE9, 0xFF, 0x00])  // "Sé\u{FF}"
            $0.writeCString("pw")
        }
        var input = bytes
        let pdu = try PDU(decoding: &input)
        guard case .outbind(let outbind) = pdu.body else {
            Issue.record("not an outbind")
            return
        }
        #expect(outbind.systemID == "S\u{E9}\u{FF}")
        #expect(pdu.encoded() == bytes)
    }

    @Test("command_id follows the body when the body is replaced")
    func commandIDFollowsBody() {
        var pdu = PDU(sequenceNumber: 1, body: .enquireLink)
        #expect(pdu.commandID == .enquireLink)
        pdu.body = .unbind
        #expect(pdu.commandID == .unbind)
        #expect(pdu.encoded().getInteger(at: 4, as: UInt32.self) == CommandID.unbind.rawValue)
        #expect(pdu == PDU(sequenceNumber: 1, body: .unbind))
    }

    @Test("validationError names what the strict decoder would refuse")
    func validation() {
        let long = PDU(
            sequenceNumber: 1,
            body: .submitSM(SubmitSM(sourceAddress: String(repeating: "1", count: 25), destinationAddress: "1"))
        )
        #expect(long.validationError()?.commandStatus == .invalidSourceAddress)
        let fine = PDU(sequenceNumber: 1, body: .submitSM(SubmitSM(sourceAddress: "1", destinationAddress: "2")))
        #expect(fine.validationError() == nil)
    }
}
