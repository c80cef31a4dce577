// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import Testing

@testable import SMPPNIO

/// Captures of real loopback sessions, and what is in them.
enum CaptureFixtures {
    static func temporaryFile(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-capture-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// Runs a server and a client that both capture, binds, sends `bodies`, unbinds, and returns both files' paths
    /// and the server's port once both captures are closed.
    static func session(
        sending bodies: [PDU.Body],
        serverQueue: Int = 65_536
    ) async throws -> (server: String, client: String, port: Int, serverDropped: Int) {
        let serverFile = try Self.temporaryFile("server.pcap")
        let clientFile = try Self.temporaryFile("client.pcap")
        let serverCapture = try SMPPCapture(path: serverFile, maximumQueuedSegments: serverQueue)
        let clientCapture = try SMPPCapture(path: clientFile)
        var configuration = Loopback.serverConfiguration()
        configuration.session.capture = serverCapture
        let port = try await Loopback.withServer(configuration) { _, listening in
            var session = SMPPSessionConfiguration()
            session.capture = clientCapture
            let client = try await SMPPClient.connect(
                Loopback.client(listening.smpp, session: session),
                logger: SessionFixtures.logger
            )
            for body in bodies {
                let response = try await client.send(body)
                #expect(response.commandStatus == .ok)
            }
            try await client.unbind()
            try await client.closeFuture.get()
            return try #require(listening.smpp?.port)
        }
        serverCapture.close()
        clientCapture.close()
        return (serverFile, clientFile, port, serverCapture.droppedSegments)
    }

    static func deliver(_ text: String, payload: Int = 0) -> PDU.Body {
        var tlvs = TLVList()
        if payload > 0 { tlvs.messagePayload = ByteBuffer(repeating: 0x41, count: payload) }
        return .deliverSM(
            SubmitSM(
                sourceAddressTON: 1,
                sourceAddressNPI: 1,
                sourceAddress: "447700900123",
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: "447860000000",
                shortMessage: ByteBuffer(string: text),
                tlvs: tlvs
            )
        )
    }

    /// Every PDU of a capture file, in capture order, plus the reassembler's complaints.
    static func read(_ path: String) throws -> (pdus: [PCAPStreamReassembler.CapturedPDU], problems: [String]) {
        var reader = try PCAPReader(ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path))))
        var reassembler = PCAPStreamReassembler()
        var pdus: [PCAPStreamReassembler.CapturedPDU] = []
        var problems: [String] = []
        func take(_ events: [PCAPStreamReassembler.Event]) {
            for event in events {
                switch event {
                case .pdu(let pdu): pdus.append(pdu)
                case .framingLost(let failure): problems.append(failure.reason)
                }
            }
        }
        while let packet = try reader.next() { take(reassembler.add(packet)) }
        take(reassembler.finish())
        return (pdus, problems)
    }

    /// The command_id and sequence_number of a framed PDU.
    static func header(_ pdu: PCAPStreamReassembler.CapturedPDU) -> (CommandID, UInt32) {
        let bytes = pdu.bytes
        return (
            CommandID(rawValue: bytes.getInteger(at: bytes.readerIndex + 4, as: UInt32.self)!),
            bytes.getInteger(at: bytes.readerIndex + 12, as: UInt32.self)!
        )
    }

    /// One raw record of a pcap file written by `SMPPCapture` (little-endian, Ethernet).
    struct Frame {
        var seconds: UInt32
        var microseconds: UInt32
        var bytes: [UInt8]

        var tcpFlags: UInt8 { self.bytes[14 + 20 + 13] }
        var tcpPayloadLength: Int { self.bytes.count - 14 - 20 - 20 }
    }

    static func frames(_ path: String) throws -> (header: [UInt8], frames: [Frame]) {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var frames: [Frame] = []
        var offset = 24
        func word(_ at: Int) -> UInt32 {
            UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
        }
        while offset + 16 <= data.count {
            let length = Int(word(offset + 8))
            #expect(word(offset + 12) == UInt32(length), "orig_len equals incl_len")
            frames.append(
                Frame(
                    seconds: word(offset),
                    microseconds: word(offset + 4),
                    bytes: Array(data[(offset + 16)..<(offset + 16 + length)])
                )
            )
            offset += 16 + length
        }
        #expect(offset == data.count, "the file ends on a record boundary")
        return (Array(data[0..<24]), frames)
    }
}
