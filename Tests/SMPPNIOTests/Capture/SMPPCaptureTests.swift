// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import Testing

@testable import SMPPNIO

/// `SMPPCapture` on real loopback sessions: what the pcap file holds, read back with `PCAPReader`.
@Suite("PDU capture")
struct SMPPCaptureTests {
    @Test("both sides capture every PDU in both directions, in order, framed, with their endpoints")
    func bothDirections() async throws {
        let files = try await CaptureFixtures.session(sending: [CaptureFixtures.deliver("Verify 483920")])
        for (path, isServer) in [(files.server, true), (files.client, false)] {
            let (pdus, problems) = try CaptureFixtures.read(path)
            #expect(problems.isEmpty, "\(problems)")
            let seen = pdus.map { pdu -> String in
                let (id, sequence) = CaptureFixtures.header(pdu)
                let direction = pdu.destination.port == UInt16(files.port) ? ">" : "<"
                return "\(direction) \(id.name ?? "?") \(sequence)"
            }
            #expect(
                seen == [
                    "> bind_transceiver 1", "< bind_transceiver_resp 1", "> deliver_sm 2", "< deliver_sm_resp 2",
                    "> unbind 3", "< unbind_resp 3",
                ],
                "\(isServer ? "server" : "client") capture"
            )
            for pdu in pdus {
                #expect(pdu.source.address == [127, 0, 0, 1])
                #expect(pdu.destination.address == [127, 0, 0, 1])
                #expect(pdu.timestamp > 1_700_000_000 * 1_000_000_000, "a wall-clock time")
            }
            // The deliver_sm is the bytes the client encoded.
            let deliver = PDU(sequenceNumber: 2, body: CaptureFixtures.deliver("Verify 483920")).encoded()
            #expect(pdus[2].bytes == deliver)
        }
    }

    @Test("the file is libpcap with Ethernet frames: handshake first, FIN exchange last, valid IPv4 and TCP checksums")
    func framesAndChecksums() async throws {
        let files = try await CaptureFixtures.session(sending: [CaptureFixtures.deliver("hello")])
        let (header, frames) = try CaptureFixtures.frames(files.server)
        #expect(header[0..<4] == [0xD4, 0xC3, 0xB2, 0xA1], "magic 0xa1b2c3d4, little-endian")
        #expect(header[20..<24] == [1, 0, 0, 0], "LINKTYPE_ETHERNET")
        try #require(frames.count >= 9)
        #expect(frames[0].tcpFlags == 0x02, "SYN")
        #expect(frames[1].tcpFlags == 0x12, "SYN-ACK")
        #expect(frames[2].tcpFlags == 0x10, "ACK")
        #expect(frames[frames.count - 3].tcpFlags == 0x11, "FIN-ACK")
        #expect(frames[frames.count - 2].tcpFlags == 0x11, "FIN-ACK")
        #expect(frames[frames.count - 1].tcpFlags == 0x10, "ACK")
        for (index, frame) in frames.enumerated() {
            let ip = Array(frame.bytes[14..<34])
            var ipSum = InternetChecksum()
            ipSum.add(ip)
            #expect(ipSum.value == 0, "frame \(index): IPv4 header checksum")
            let tcp = Array(frame.bytes[34...])
            var tcpSum = InternetChecksum()
            tcpSum.add(ip[12..<20])
            tcpSum.add(word: 6)
            tcpSum.add(word: UInt16(tcp.count))
            tcpSum.add(tcp)
            #expect(tcpSum.value == 0, "frame \(index): TCP checksum")
        }
        // Each direction's sequence numbers follow on: next = seq + payload (+1 for SYN and FIN).
        var next: [UInt16: UInt32] = [:]
        for (index, frame) in frames.enumerated() {
            let tcp = Array(frame.bytes[34...])
            let port = UInt16(tcp[0]) << 8 | UInt16(tcp[1])
            let sequence = tcp[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if let expected = next[port] { #expect(sequence == expected, "frame \(index): sequence number") }
            let flags = frame.tcpFlags
            next[port] = sequence &+ UInt32(frame.tcpPayloadLength) &+ (flags & 0x03 != 0 ? 1 : 0)
        }
    }

    @Test("a PDU longer than 65,000 octets is split into segments and reassembled whole")
    func largePDU() async throws {
        let body = CaptureFixtures.deliver("", payload: 65_200)
        let files = try await CaptureFixtures.session(sending: [body])
        let (pdus, problems) = try CaptureFixtures.read(files.client)
        #expect(problems.isEmpty, "\(problems)")
        let deliver = try #require(pdus.first { CaptureFixtures.header($0).0 == .deliverSM })
        #expect(deliver.bytes == PDU(sequenceNumber: 2, body: body).encoded())
        let (_, frames) = try CaptureFixtures.frames(files.client)
        #expect(frames.allSatisfy { $0.tcpPayloadLength <= 65_000 })
        #expect(frames.contains { $0.tcpPayloadLength == 65_000 }, "the write was split at 65,000 octets")
    }

    @Test("a writer that falls behind drops and counts segments; the session is not held up")
    func overflowDrops() async throws {
        let files = try await CaptureFixtures.session(
            sending: [CaptureFixtures.deliver("one"), CaptureFixtures.deliver("two")],
            serverQueue: 0
        )
        let (header, frames) = try CaptureFixtures.frames(files.server)
        #expect(header.count == 24)
        #expect(frames.isEmpty, "a queue of 0 takes nothing")
        #expect(files.serverDropped >= 11, "handshake, 8 PDUs and the FIN exchange, all counted")
        #expect(try CaptureFixtures.read(files.client).pdus.count == 8)
    }

    @Test("a TLS session is captured in clear: the PDUs, not the TLS records")
    func tlsInClear() async throws {
        let (certificate, key) = try Loopback.selfSignedCertificate()
        let path = try CaptureFixtures.temporaryFile("tls.pcap")
        let capture = try SMPPCapture(path: path)
        var configuration = Loopback.serverConfiguration()
        configuration.tls = try SMPPServer.TLSListener(port: 0, certificateFile: certificate, privateKeyFile: key)
        configuration.session.capture = capture
        try await Loopback.withServer(configuration) { _, listening in
            let client = try await SMPPClient.connect(
                Loopback.client(listening.smppTLS, tls: .insecure),
                logger: SessionFixtures.logger
            )
            _ = try await client.send(CaptureFixtures.deliver("over TLS"))
            try await client.unbind()
            try await client.closeFuture.get()
        }
        capture.close()
        let (pdus, problems) = try CaptureFixtures.read(path)
        #expect(problems.isEmpty, "\(problems)")
        #expect(
            pdus.map { CaptureFixtures.header($0).0.name ?? "?" } == [
                "bind_transceiver", "bind_transceiver_resp", "deliver_sm", "deliver_sm_resp", "unbind", "unbind_resp",
            ]
        )
        #expect(pdus[2].bytes == PDU(sequenceNumber: 2, body: CaptureFixtures.deliver("over TLS")).encoded())
    }
}
