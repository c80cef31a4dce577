// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import SMPPCore
import SMPPNIO
import Synchronization

@testable import MOLoad

/// A real `SMPPServer` on a free loopback port that records every message PDU it answers.
final class LoadTestServer: Sendable {
    struct Seen {
        var pdus = 0
        var commands: [CommandID: Int] = [:]
        var tags: [LoadTagKey: Int] = [:]
    }

    private final class Store: Sendable {
        let state = Mutex(Seen())
    }

    private let store = Store()
    let server: SMPPServer
    let port: Int
    private let task: Task<Void, any Error>

    /// - Parameter status: the status to answer the n-th message PDU (from 0) with.
    init(status: @escaping @Sendable (Int) -> CommandStatus = { _ in .ok }) async throws {
        var configuration = SMPPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let store = self.store
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = SMPPServer(
            configuration: configuration,
            requestHandler: SMPPAsyncRequestHandler { request in
                let index = store.state.withLock { seen -> Int in
                    seen.pdus += 1
                    seen.commands[request.pdu.commandID, default: 0] += 1
                    if let tag = Self.tag(in: request.pdu) { seen.tags[tag, default: 0] += 1 }
                    return seen.pdus - 1
                }
                return SMPPRequestResult(status: status(index))
            },
            logger: Logger(label: "load-test-server"),
            onServerRunning: { continuation.yield($0.smpp?.port ?? 0) }
        )
        self.server = server
        self.task = Task { try await server.run() }
        var iterator = ports.makeAsyncIterator()
        self.port = await iterator.next() ?? 0
    }

    func stop() { self.task.cancel() }

    /// What the server has seen so far.
    func seen() -> Seen { self.store.state.withLock { $0 } }

    static func tag(in pdu: PDU) -> LoadTagKey? {
        let bytes: [UInt8]
        let dataCoding: UInt8
        switch pdu.body {
        case .deliverSM(let message), .submitSM(let message):
            bytes = Array(message.shortMessage.readableBytesView)
            dataCoding = message.dataCoding
        case .dataSM(let message):
            bytes = Array(message.tlvs.messagePayload?.readableBytesView ?? ByteBuffer().readableBytesView)
            dataCoding = message.dataCoding
        default:
            return nil
        }
        // UCS-2 texts carry the tag as UTF-16BE.
        return SinkPayload.tag(in: bytes, coding: dataCoding == 0x08 ? "2" : nil).map {
            LoadTagKey(run: $0.run, sequence: $0.sequence)
        }
    }
}

struct LoadTagKey: Hashable, Sendable {
    var run: UInt16
    var sequence: UInt64
}
