// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

/// The C-Octet String scan reads eight octets at a time: every length and octet value around a word boundary must
/// still find the first NUL, and a field with none within its maximum must still be refused.
@Suite struct CStringScanTests {
    /// A deliver_sm whose source_addr field is `octets` followed by `terminator` (none: the field runs on).
    static func deliverSM(source octets: [UInt8], terminated: Bool = true) -> ByteBuffer {
        var body: [UInt8] = [0]  // service_type
        body += [1, 1] + octets + (terminated ? [0] : [])  // source_addr_ton, _npi, source_addr
        body += [1, 1] + Array("447700900123".utf8) + [0]  // destination
        body += [0, 0, 0, 0, 0, 0, 0, 0, 0, 5] + Array("hello".utf8)  // esm_class … sm_length, short_message
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(16 + body.count))
        buffer.writeInteger(UInt32(0x0000_0005))
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(UInt32(7))
        buffer.writeBytes(body)
        return buffer
    }

    @Test("every source_addr length from 0 to 20, with octets that look like zeros to a careless word scan")
    func everyLength() throws {
        // 0x80 and 0x01 next to each other are what a wrong has-zero-byte test mistakes for a NUL.
        let alphabet: [UInt8] = [0x80, 0x01, 0xFF, 0x7F, 0x81, 0x30, 0x01, 0x80]
        for length in 0...20 {
            for shift in 0..<alphabet.count {
                let octets = (0..<length).map { alphabet[($0 + shift) % alphabet.count] }
                var frame = Self.deliverSM(source: octets)
                guard case .pdu(let pdu) = PDU.decode(from: &frame), case .deliverSM(let message) = pdu.body else {
                    Issue.record("length \(length), shift \(shift): not decoded")
                    continue
                }
                #expect(Array(message.sourceAddressOctets) == octets, "length \(length), shift \(shift)")
                #expect(message.destinationAddress == "447700900123")
            }
        }
    }

    @Test("21 octets without a NUL are refused with ESME_RINVSRCADR, by both decode paths")
    func unterminated() throws {
        var frame = Self.deliverSM(source: Array(repeating: 0x34, count: 21), terminated: false)
        var stream = frame
        guard case .malformed(let header, let error) = PDU.decode(from: &frame) else {
            Issue.record("decoded a source_addr of 21 octets")
            return
        }
        #expect(header.sequenceNumber == 7)
        #expect(error.commandStatus == .invalidSourceAddress)
        let next = try PDU.decodeNext(from: &stream, maximumLength: SMPPFrameDecoder.defaultMaximumPDULength)
        guard case .malformed(_, let streamed) = next else {
            Issue.record("decodeNext decoded a source_addr of 21 octets")
            return
        }
        #expect(streamed.commandStatus == .invalidSourceAddress)
        #expect(stream.readableBytes == 0, "the bad PDU is consumed whole; framing is kept")
    }

    @Test("decodeNext waits for the whole PDU, then takes exactly one, and refuses a command_length under 16")
    func framing() throws {
        let whole = Self.deliverSM(source: Array("447700900001".utf8))
        var twice = whole
        twice.writeImmutableBuffer(whole)
        for cut in [0, 3, 4, 15, 16, whole.readableBytes - 1] {
            var partial = whole.getSlice(at: 0, length: cut)!
            #expect(try PDU.decodeNext(from: &partial, maximumLength: 1000) == nil, "\(cut) octets")
            #expect(partial.readableBytes == cut, "nothing consumed at \(cut) octets")
        }
        for _ in 0..<2 {
            guard case .pdu(let pdu) = try PDU.decodeNext(from: &twice, maximumLength: 1000) else {
                Issue.record("not decoded")
                return
            }
            #expect(pdu.sequenceNumber == 7)
        }
        #expect(twice.readableBytes == 0)
        var short = ByteBuffer(bytes: [0, 0, 0, 15, 0, 0, 0, 0x15])
        #expect(throws: SMPPFramingError.self) { try PDU.decodeNext(from: &short, maximumLength: 1000) }
        var long = whole
        #expect(throws: SMPPFramingError.self) { try PDU.decodeNext(from: &long, maximumLength: 40) }
    }
}
