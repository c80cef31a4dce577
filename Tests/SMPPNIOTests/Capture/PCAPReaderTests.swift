// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import Testing

@testable import SMPPNIO

/// `PCAPReader` and `PCAPStreamReassembler` on files and segments other than the ones mogate writes.
@Suite("pcap reader")
struct PCAPReaderTests {
    @Test("a big-endian Linux cooked (SLL) capture of the same session reads back to the same PDUs")
    func linuxCookedBigEndian() async throws {
        let files = try await CaptureFixtures.session(sending: [CaptureFixtures.deliver("Verify 1")])
        let (_, frames) = try CaptureFixtures.frames(files.server)
        var file = ByteBuffer()
        file.writeInteger(UInt32(0xA1B2_C3D4), endianness: .big)
        file.writeInteger(UInt16(2), endianness: .big)
        file.writeInteger(UInt16(4), endianness: .big)
        file.writeInteger(UInt64(0), endianness: .big)
        file.writeInteger(UInt32(65_535), endianness: .big)
        file.writeInteger(UInt32(113), endianness: .big)  // LINKTYPE_LINUX_SLL
        for frame in frames {
            let ip = frame.bytes.dropFirst(14)
            file.writeInteger(frame.seconds, endianness: .big)
            file.writeInteger(frame.microseconds, endianness: .big)
            file.writeInteger(UInt32(ip.count + 16), endianness: .big)
            file.writeInteger(UInt32(ip.count + 16), endianness: .big)
            // packet type, ARPHRD_LOOPBACK, address length, address (8), protocol
            file.writeBytes([0, 0, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00])
            file.writeBytes(ip)
        }
        let converted = try CaptureFixtures.temporaryFile("sll.pcap")
        try Data(file.readableBytesView).write(to: URL(fileURLWithPath: converted))
        let original = try CaptureFixtures.read(files.server).pdus
        let read = try CaptureFixtures.read(converted)
        #expect(read.problems.isEmpty)
        #expect(read.pdus.map(\.bytes) == original.map(\.bytes))
        #expect(read.pdus.count == 6)
    }

    @Test("segments out of order and retransmitted are put back in stream order, once")
    func outOfOrder() throws {
        let client = CaptureEndpoint(address: [10, 0, 0, 1], port: 40_000)
        let server = CaptureEndpoint(address: [10, 0, 0, 2], port: 2775)
        let one = PDU(sequenceNumber: 1, body: .enquireLink).encoded()
        let two = PDU(sequenceNumber: 2, body: CaptureFixtures.deliver("abc")).encoded()
        var stream = one
        var second = two
        stream.writeBuffer(&second)
        // Three segments: the first 10 octets, the next 20, the rest.
        let parts = [
            stream.getSlice(at: 0, length: 10)!, stream.getSlice(at: 10, length: 20)!,
            stream.getSlice(at: 30, length: stream.readableBytes - 30)!,
        ]
        func packet(_ sequence: UInt32, _ payload: ByteBuffer, syn: Bool = false) -> PCAPReader.Packet {
            PCAPReader.Packet(
                timestamp: Int64(sequence),
                source: client,
                destination: server,
                sequenceNumber: sequence,
                isSYN: syn,
                isFIN: false,
                payload: payload
            )
        }
        var reassembler = PCAPStreamReassembler()
        let start: UInt32 = 0xFFFF_FFF0  // sequence numbers wrap inside the stream
        var events = reassembler.add(packet(start, ByteBuffer(), syn: true))
        events += reassembler.add(packet(start &+ 1 &+ 30, parts[2]))
        events += reassembler.add(packet(start &+ 1, parts[0]))
        events += reassembler.add(packet(start &+ 1, parts[0]))  // a retransmission
        events += reassembler.add(packet(start &+ 1 &+ 10, parts[1]))
        events += reassembler.finish()
        let pdus = events.compactMap { event -> ByteBuffer? in
            if case .pdu(let pdu) = event { return pdu.bytes }
            return nil
        }
        #expect(pdus == [one, two])
        #expect(events.count == 2)
    }

    @Test("a stream that ends inside a PDU, or a bad command_length, is reported, not dropped silently")
    func framingLost() {
        let client = CaptureEndpoint(address: [10, 0, 0, 1], port: 40_000)
        let server = CaptureEndpoint(address: [10, 0, 0, 2], port: 2775)
        var reassembler = PCAPStreamReassembler()
        let pdu = PDU(sequenceNumber: 1, body: .enquireLink).encoded()
        let truncated = PCAPReader.Packet(
            timestamp: 1,
            source: client,
            destination: server,
            sequenceNumber: 1,
            isSYN: false,
            isFIN: false,
            payload: pdu.getSlice(at: 0, length: 10)!
        )
        #expect(reassembler.add(truncated).isEmpty)
        let reasons = reassembler.finish().compactMap { event -> String? in
            if case .framingLost(let failure) = event { return failure.reason }
            return nil
        }
        #expect(reasons.count == 1)
        #expect(reasons.first?.contains("ends inside a PDU") == true)

        var bad = PCAPStreamReassembler()
        var tiny = ByteBuffer()
        tiny.writeInteger(UInt32(8))
        tiny.writeInteger(UInt32(0x15))
        let events = bad.add(
            PCAPReader.Packet(
                timestamp: 1,
                source: server,
                destination: client,
                sequenceNumber: 7,
                isSYN: false,
                isFIN: false,
                payload: tiny
            )
        )
        guard case .framingLost(let failure) = events.first else {
            Issue.record("expected framing lost, got \(events.count) events")
            return
        }
        #expect(failure.reason.contains("command_length 8"))
    }

    @Test("files that are neither pcap nor pcapng are refused with a message that says so")
    func refusals() {
        do {
            _ = try PCAPReader(ByteBuffer(bytes: Array("GET / HTTP/1.1\r\n".utf8)))
            Issue.record("text accepted as a capture")
        } catch {
            #expect("\(error)".contains("not a pcap or pcapng file"))
        }
        #expect(throws: PCAPReader.FormatError.self) {
            try PCAPReader(ByteBuffer(bytes: [0x0A, 0x0D, 0x0D, 0x0A, 0, 0]))
        }
    }
}

/// IPv6 frames as `PCAPFormat` writes them, read back without a network.
@Suite("pcap IPv6")
struct PCAPIPv6Tests {
    @Test("IPv6 segments are written with a valid TCP checksum and read back to the same PDU and endpoints")
    func ipv6RoundTrip() throws {
        let client = CaptureEndpoint(address: [0xFD] + [UInt8](repeating: 0, count: 14) + [1], port: 40_001)
        let server = CaptureEndpoint(address: [UInt8](repeating: 0, count: 15) + [1], port: 2775)
        #expect(server.description == "[::1]:2775")
        let pdu = PDU(sequenceNumber: 9, body: CaptureFixtures.deliver("v6")).encoded()
        var file = ByteBuffer()
        PCAPFormat.writeFileHeader(to: &file)
        let segments = [
            CaptureSegment(
                seconds: 1,
                microseconds: 0,
                source: client,
                destination: server,
                sequenceNumber: 100,
                acknowledgmentNumber: 0,
                flags: [.syn],
                payload: ByteBuffer()
            ),
            CaptureSegment(
                seconds: 1,
                microseconds: 5,
                source: client,
                destination: server,
                sequenceNumber: 101,
                acknowledgmentNumber: 1,
                flags: [.push, .ack],
                payload: pdu
            ),
        ]
        for segment in segments { PCAPFormat.writePacket(segment, to: &file) }
        // The data frame: 16 record + 14 Ethernet + 40 IPv6, then TCP; the checksum covers the pseudo-header.
        let frameStart = 24 + (16 + 14 + 40 + 20)
        let tcp = Array(file.readableBytesView.dropFirst(frameStart + 16 + 14 + 40))
        var sum = InternetChecksum()
        sum.add(client.address)
        sum.add(server.address)
        sum.add(word: 0)
        sum.add(word: UInt16(tcp.count))
        sum.add(word: 6)
        sum.add(tcp)
        #expect(sum.value == 0, "TCP checksum over the IPv6 pseudo-header")

        var reader = try PCAPReader(file)
        var reassembler = PCAPStreamReassembler()
        var read: [PCAPStreamReassembler.CapturedPDU] = []
        while let packet = try reader.next() {
            for case .pdu(let captured) in reassembler.add(packet) { read.append(captured) }
        }
        try #require(read.count == 1)
        #expect(read[0].bytes == pdu)
        #expect(read[0].source == client)
        #expect(read[0].destination == server)
        #expect(read[0].timestamp == 1_000_005_000)
    }
}
