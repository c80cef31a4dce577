// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

@Suite("submit_sm and deliver_sm values")
struct SubmitSMTests {
    @Test("setting each field of a decoded message equals building it with that value")
    func setters() throws {
        var generator = RandomPDUGenerator(seed: 99)
        for _ in 0..<200 {
            let original = generator.submitSM()
            var bytes = ByteBuffer()
            original.write(to: &bytes)
            var decoded = try SubmitSM(decoding: &bytes)
            let other = generator.submitSM()
            decoded.sourceAddressTON = other.sourceAddressTON
            decoded.sourceAddressNPI = other.sourceAddressNPI
            decoded.destinationAddressTON = other.destinationAddressTON
            decoded.destinationAddressNPI = other.destinationAddressNPI
            decoded.esmClass = other.esmClass
            decoded.protocolID = other.protocolID
            decoded.priorityFlag = other.priorityFlag
            decoded.registeredDelivery = other.registeredDelivery
            decoded.replaceIfPresentFlag = other.replaceIfPresentFlag
            decoded.dataCoding = other.dataCoding
            decoded.smDefaultMessageID = other.smDefaultMessageID
            decoded.serviceType = other.serviceType
            decoded.sourceAddress = other.sourceAddress
            decoded.destinationAddress = other.destinationAddress
            decoded.scheduleDeliveryTime = other.scheduleDeliveryTime
            decoded.validityPeriod = other.validityPeriod
            decoded.shortMessage = other.shortMessage
            decoded.tlvs = other.tlvs
            #expect(decoded == other)
            var reencoded = ByteBuffer()
            decoded.write(to: &reencoded)
            var expected = ByteBuffer()
            other.write(to: &expected)
            #expect(reencoded == expected)
        }
    }

    @Test("a one-octet setter patches the wire bytes in place without touching other copies")
    func copyOnWrite() throws {
        var bytes = PDUFixture.message(shortMessage: Array("Hi".utf8))
        guard case .pdu(let pdu) = PDU.decode(from: &bytes), case .deliverSM(let message) = pdu.body else {
            Issue.record("expected deliver_sm")
            return
        }
        var changed = message
        changed.dataCoding = 8
        changed.esmClass = 0x40
        #expect(message.dataCoding == 0 && message.esmClass == 0)
        #expect(changed.dataCoding == 8 && changed.esmClass == 0x40)
        #expect(changed.sourceAddress == "447700900123" && changed.shortMessage == ByteBuffer(string: "Hi"))
        var wire = ByteBuffer()
        changed.write(to: &wire)
        #expect(try SubmitSM(decoding: &wire) == changed)
    }

    @Test("address octets are views of the wire bytes, equal to the strings' octets")
    func addressOctets() throws {
        var bytes = PDUFixture.message(source: "447700900123", destination: "4455")
        guard case .pdu(let pdu) = PDU.decode(from: &bytes), case .deliverSM(let message) = pdu.body else {
            Issue.record("expected deliver_sm")
            return
        }
        #expect(Array(message.sourceAddressOctets) == Array("447700900123".utf8))
        #expect(Array(message.destinationAddressOctets) == Array("4455".utf8))
        let empty = SubmitSM(sourceAddress: "", destinationAddress: "1")
        #expect(empty.sourceAddressOctets.isEmpty)
    }

    @Test("the description leaves addresses and text out")
    func redacted() {
        let message = SubmitSM(
            sourceAddress: "447700900123",
            destinationAddress: "447860000000",
            shortMessage: ByteBuffer(string: "Verify 483920")
        )
        #expect(!message.description.contains("4477"))
        #expect(!message.description.contains("483920"))
        #expect(message.description.contains("12 octets"))
    }
}
