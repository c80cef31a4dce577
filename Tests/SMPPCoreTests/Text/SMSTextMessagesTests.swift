// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

@Suite struct SMSTextMessagesTests {
    static let long = String(repeating: "Your verification code is 483920. ", count: 12)

    @Test("UDH parts set UDHI and keep the header in short_message")
    func udh() throws {
        let segments = try #require(SMSText.split(Self.long, encoding: .gsm7, scheme: .udh8, reference: 7))
        #expect(segments.count == 3)
        for segment in segments {
            let message = SubmitSM(segment: segment, sourceAddress: "447700900123", destinationAddress: "3456")
            #expect(message.esmClass == 0x40)
            #expect(Array(buffer: message.shortMessage) == segment.bytes)
            #expect(message.tlvs.sarTotalSegments == nil && message.tlvs.messagePayload == nil)
        }
    }

    @Test("SAR parts carry sar_* TLVs and no UDHI")
    func sar() throws {
        let segments = try #require(SMSText.split(Self.long, encoding: .gsm7, scheme: .sar, reference: 0x2A17))
        for (index, segment) in segments.enumerated() {
            let message = SubmitSM(segment: segment, sourceAddress: "447700900123", destinationAddress: "3456")
            #expect(message.esmClass == 0)
            #expect(message.tlvs.sarMessageReferenceNumber == 0x2A17)
            #expect(message.tlvs.sarTotalSegments == UInt8(segments.count))
            #expect(message.tlvs.sarSegmentSequenceNumber == UInt8(index + 1))
        }
    }

    @Test("octets over 254 go to message_payload; data_sm always uses it")
    func payload() throws {
        let segments = try #require(SMSText.split(Self.long, encoding: .gsm7, scheme: .payload, reference: 1))
        let segment = try #require(segments.first)
        #expect(segment.bytes.count > 254)
        let message = SubmitSM(segment: segment, sourceAddress: "447700900123", destinationAddress: "3456")
        #expect(message.shortMessage.readableBytes == 0)
        #expect(message.tlvs.messagePayload.map { Array(buffer: $0) } == segment.bytes)
        let short = try #require(SMSText.split("Verify 483920", scheme: .udh8, reference: 1)?.first)
        let data = DataSM(segment: short, sourceAddress: "447700900123", destinationAddress: "3456")
        #expect(data.tlvs.messagePayload.map { Array(buffer: $0) } == short.bytes)
        #expect(data.esmClass == 0)
    }
}
