// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOEmbedded
import NIOTestUtils
import SMPPCore
import SMPPTestSupport
import Testing

@Suite("SMPP frame decoder")
struct SMPPFrameDecoderTests {
    @Test("frames PDUs fed byte by byte and in batches")
    func dripFeed() throws {
        let pairs: [(ByteBuffer, [PDU.DecodingResult])] = PDUFixture.wellFormed.map { fixture in
            (fixture.bytes, [PDU.decode(bytes: fixture.bytes)])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { SMPPFrameDecoder() }
    }

    @Test("a malformed body is a value that does not lose framing")
    func malformedKeepsFraming() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMPPFrameDecoder()))
        var input = ByteBuffer()
        var bad = PDUFixture.message(smLength: 255)
        var good = ByteBuffer.smppPDU(0x15, sequence: 8)
        input.writeBuffer(&bad)
        input.writeBuffer(&good)
        try channel.writeInbound(input)
        let first = try #require(try channel.readInbound(as: PDU.DecodingResult.self))
        guard case .malformed(let header, let error) = first else {
            Issue.record("expected malformed")
            return
        }
        #expect(header.sequenceNumber == 7)
        #expect(error.commandStatus == CommandStatus.invalidMessageLength)
        #expect(
            try channel.readInbound(as: PDU.DecodingResult.self) == .pdu(PDU(sequenceNumber: 8, body: .enquireLink))
        )
        #expect(try channel.finish().isClean)
    }

    @Test("an over-limit command_length fails on the header alone, before any payload arrives")
    func overLimitHeaderOnly() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMPPFrameDecoder(maximumPDULength: 1_024)))
        var header = ByteBuffer()
        header.writeMultipleIntegers(UInt32(1_025), UInt32(0x04), UInt32(0), UInt32(1))
        #expect(throws: SMPPFramingError(commandLength: 1_025, maximumPDULength: 1_024)) {
            try channel.writeInbound(header)
        }
        _ = try? channel.finish()
    }

    @Test("the length check needs only the four length octets")
    func overLimitFourOctets() throws {
        var decoder = SMPPFrameDecoder()
        var buffer = ByteBuffer(bytes: [0x48, 0x54, 0x54, 0x50])  // "HTTP": 1,213,486,160 octets
        #expect(throws: SMPPFramingError.self) { try decoder.decode(buffer: &buffer) }
    }

    @Test("a command_length under 16 loses framing", arguments: [UInt32(0), 1, 15])
    func underHeaderLength(_ length: UInt32) throws {
        var decoder = SMPPFrameDecoder()
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(length, UInt32(0x15), UInt32(0), UInt32(1))
        #expect(
            throws: SMPPFramingError(commandLength: length, maximumPDULength: SMPPFrameDecoder.defaultMaximumPDULength)
        ) {
            try decoder.decode(buffer: &buffer)
        }
        #expect(SMPPFramingError(commandLength: length, maximumPDULength: 16).commandStatus == .invalidCommandLength)
    }

    @Test("a PDU of exactly the default maximum (65,536 + 16) is accepted, one octet more is refused")
    func defaultMaximum() throws {
        let overhead = PDUFixture.message { $0.writeTLV(0x0424, []) }.readableBytes
        let payload = SMPPFrameDecoder.defaultMaximumPDULength - overhead
        var decoder = SMPPFrameDecoder()
        var buffer = PDUFixture.message { $0.writeTLV(0x0424, Array(repeating: 0x41, count: payload)) }
        #expect(buffer.readableBytes == 65_552)
        let result = try #require(try decoder.decode(buffer: &buffer))
        guard case .pdu(let pdu) = result, case .deliverSM(let message) = pdu.body else {
            Issue.record("expected deliver_sm")
            return
        }
        #expect(message.tlvs.messagePayload?.readableBytes == payload)
        var over = PDUFixture.message { $0.writeTLV(0x0424, Array(repeating: 0x41, count: payload + 1)) }
        #expect(throws: SMPPFramingError.self) { try decoder.decode(buffer: &over) }
    }

    @Test("waits for the rest of a PDU without consuming it")
    func partial() throws {
        var decoder = SMPPFrameDecoder()
        var whole = ByteBuffer.smppPDU(0x15, sequence: 3)
        var buffer = whole.readSlice(length: 10)!
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 10)
        buffer.writeBuffer(&whole)
        #expect(try decoder.decode(buffer: &buffer) == .pdu(PDU(sequenceNumber: 3, body: .enquireLink)))
    }
}
