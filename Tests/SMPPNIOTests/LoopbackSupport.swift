// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import NIOCore
import NIOPosix
import SMPPCore
import SMPPTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import SMPPNIO

enum Loopback {
    /// Runs an SMPPServer on 127.0.0.1 with free ports for the duration of `body`, then shuts it down gracefully.
    static func withServer<T: Sendable>(
        _ configuration: SMPPServer.Configuration = Self.serverConfiguration(),
        handler: any SMPPRequestHandler = SMPPAcceptingRequestHandler(),
        _ body: @Sendable (SMPPServer, SMPPServer.Listening) async throws -> T
    ) async throws -> T {
        let (running, continuation) = AsyncStream<SMPPServer.Listening>.makeStream()
        let server = SMPPServer(
            configuration: configuration,
            requestHandler: handler,
            logger: SessionFixtures.logger,
            onServerRunning: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: SessionFixtures.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = running.makeAsyncIterator()
            guard let listening = await iterator.next() else { throw SMPPError(code: .connectionFailed) }
            do {
                let result = try await body(server, listening)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    static func serverConfiguration(accounts: [SMPPAccount] = []) -> SMPPServer.Configuration {
        var configuration = SMPPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.accounts = accounts
        return configuration
    }

    static func client(
        _ address: SocketAddress?,
        bindType: SMPPBindType = .transceiver,
        systemID: String = "carrier1",
        password: String = "secret",
        tls: SMPPClient.TLSMode = .none,
        host: String = "127.0.0.1",
        session: SMPPSessionConfiguration = SMPPSessionConfiguration()
    ) -> SMPPClient.Configuration {
        var configuration = SMPPClient.Configuration(
            host: host,
            port: address?.port ?? 0,
            bindType: bindType,
            systemID: systemID,
            password: password
        )
        configuration.tls = tls
        configuration.session = session
        return configuration
    }

    /// Waits until `condition` holds, polling; fails the test after `timeout`, which is generous because it only
    /// costs time when something is wrong, and a loaded CI machine stalls for seconds.
    static func eventually(
        timeout: Duration = .seconds(20),
        _ what: String,
        _ condition: () -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !condition() {
            guard clock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw SMPPError(code: .responseTimeout, detail: what)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func selfSignedCertificate() throws -> (certificate: String, key: String) {
        try TestCertificates.selfSigned()
    }
}

/// A raw SMPP peer over TCP: writes whatever PDUs the test gives and records every PDU it receives.
final class RawPeer: Sendable {
    let channel: any Channel

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = PDU.DecodingResult
        let sink: @Sendable (PDU) -> Void
        init(sink: @escaping @Sendable (PDU) -> Void) { self.sink = sink }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .pdu(let pdu) = self.unwrapInboundIn(data) { self.sink(pdu) }
        }
    }

    static func connect(to address: SocketAddress) async throws -> RawPeer {
        let box = PDUBox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMPPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Collector { box.append($0) })
                }
            }
            .connect(to: address)
            .get()
        return RawPeer(channel: channel, box: box)
    }

    private let box: PDUBox
    private init(channel: any Channel, box: PDUBox) {
        self.channel = channel
        self.box = box
    }

    func send(_ pdu: PDU) async throws {
        try await self.channel.writeAndFlush(pdu.encoded())
    }

    var pdus: [PDU] { self.box.all }

    var isActive: Bool { self.channel.isActive }
}

final class PDUBox: Sendable {
    private let storage = Mutex<[PDU]>([])
    func append(_ pdu: PDU) { self.storage.withLock { $0.append(pdu) } }
    var all: [PDU] { self.storage.withLock { $0 } }
}
