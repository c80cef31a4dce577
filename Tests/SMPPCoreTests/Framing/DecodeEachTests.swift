// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

@Suite("PDU.decodeEach: a read burst under one access")
struct DecodeEachTests {
    /// Every well-formed and malformed fixture whose command_length frames it, back to back, as one read burst.
    static let framed = (PDUFixture.wellFormed + PDUFixture.malformed).filter {
        $0.bytes.getInteger(at: $0.bytes.readerIndex, as: UInt32.self) == UInt32($0.bytes.readableBytes)
    }

    static let burst: ByteBuffer = {
        var stream = ByteBuffer()
        for fixture in Self.framed {
            var bytes = fixture.bytes
            stream.writeBuffer(&bytes)
        }
        return stream
    }()

    /// The octets a message lends, as plain arrays, so two views of them compare.
    struct Lent: Equatable {
        var source: [UInt8]
        var destination: [UInt8]
        var serviceType: [UInt8]
        var shortMessage: [UInt8]
        var tlvs: [[UInt8]]

        init(_ octets: SubmitSM.UnsafeOctets) {
            self.source = Array(octets.sourceAddress)
            self.destination = Array(octets.destinationAddress)
            self.serviceType = Array(octets.serviceType)
            self.shortMessage = Array(octets.shortMessage)
            self.tlvs = octets.tlvs.map {
                [UInt8($0.tag.rawValue >> 8), UInt8($0.tag.rawValue & 0xFF)] + Array($0.value)
            }
        }
    }

    @Test("yields what decodeNext yields, PDU for PDU, and lends each message's octets")
    func matchesDecodeNext() throws {
        var expected: [PDU.DecodingResult] = []
        var single = Self.burst
        while let result = try PDU.decodeNext(from: &single, maximumLength: SMPPFrameDecoder.defaultMaximumPDULength) {
            expected.append(result)
        }
        #expect(expected.count == Self.framed.count)
        #expect(Self.framed.count > 50)

        var results: [PDU.DecodingResult] = []
        var lentCount = 0
        var stream = Self.burst
        let maximum = SMPPFrameDecoder.defaultMaximumPDULength
        let count = try PDU.decodeEach(from: &stream, maximumLength: maximum) { result, octets in
            results.append(result)
            let message: SubmitSM? =
                switch result {
                case .pdu(let pdu):
                    switch pdu.body {
                    case .submitSM(let message), .deliverSM(let message): message
                    default: nil
                    }
                case .malformed: nil
                }
            #expect((octets == nil) == (message == nil), "octets lent only for a well-formed submit_sm or deliver_sm")
            if let octets, let message {
                lentCount += 1
                #expect(Lent(octets) == message.withUnsafeOctets { Lent($0) })
            }
        }
        #expect(count == expected.count)
        #expect(results == expected)
        let messages = expected.filter {
            guard case .pdu(let pdu) = $0 else { return false }
            return [CommandID.submitSM, .deliverSM].contains(pdu.commandID)
        }
        #expect(lentCount == messages.count)
        #expect(lentCount >= 3)
        #expect(stream.readableBytes == 0)
    }

    @Test("leaves a partial PDU in the buffer, and stops at maximumCount")
    func partialAndCount() throws {
        var stream = ByteBuffer.smppPDU(0x15, sequence: 1)
        var second = ByteBuffer.smppPDU(0x15, sequence: 2)
        var third = ByteBuffer.smppPDU(0x15, sequence: 3)
        stream.writeBuffer(&second)
        stream.writeBytes(third.readBytes(length: 9)!)

        var sequences: [UInt32] = []
        let first = try PDU.decodeEach(from: &stream, maximumLength: 1_024, maximumCount: 1) { result, _ in
            if case .pdu(let pdu) = result { sequences.append(pdu.sequenceNumber) }
        }
        #expect(first == 1)
        #expect(stream.readableBytes == 16 + 9)
        let rest = try PDU.decodeEach(from: &stream, maximumLength: 1_024) { result, _ in
            if case .pdu(let pdu) = result { sequences.append(pdu.sequenceNumber) }
        }
        #expect(rest == 1)
        #expect(sequences == [1, 2])
        #expect(stream.readableBytes == 9)
        #expect(try PDU.decodeEach(from: &stream, maximumLength: 1_024) { _, _ in Issue.record("no whole PDU") } == 0)
        stream.writeBuffer(&third)
        #expect(try PDU.decodeEach(from: &stream, maximumLength: 1_024) { _, _ in } == 1)
    }

    @Test("lost framing throws after the PDUs before it, whose bytes are consumed; its own stay")
    func lostFramingAfterGoodPDUs() throws {
        var stream = ByteBuffer.smppPDU(0x15, sequence: 1)
        var second = ByteBuffer.smppPDU(0x15, sequence: 2)
        stream.writeBuffer(&second)
        stream.writeMultipleIntegers(UInt32(2_000), UInt32(0x04), UInt32(0), UInt32(3))

        var sequences: [UInt32] = []
        #expect(throws: SMPPFramingError(commandLength: 2_000, maximumPDULength: 1_024)) {
            try PDU.decodeEach(from: &stream, maximumLength: 1_024) { result, _ in
                if case .pdu(let pdu) = result { sequences.append(pdu.sequenceNumber) }
            }
        }
        #expect(sequences == [1, 2])
        #expect(stream.readableBytes == 16)
        #expect(stream.getInteger(at: stream.readerIndex, as: UInt32.self) == 2_000)
    }

    @Test("a frame keeps its own bytes after the stream's buffer is reused")
    func framesOutliveTheBurst() throws {
        var stream = PDUFixture.message(source: "447700900123")
        var kept: [PDU] = []
        try PDU.decodeEach(from: &stream, maximumLength: 1_024) { result, _ in
            if case .pdu(let pdu) = result { kept.append(pdu) }
        }
        stream.clear()
        stream.writeRepeatingByte(0xEE, count: 256)
        let pdu = try #require(kept.first)
        guard case .deliverSM(let message) = pdu.body else {
            Issue.record("expected deliver_sm")
            return
        }
        #expect(message.withUnsafeOctets { Array($0.sourceAddress) } == Array("447700900123".utf8))
    }
}
