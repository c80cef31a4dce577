// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import NIOCore
import NIOPosix
import SMPPCore
import SMPPFaults
import SMPPNIO
import ServiceLifecycle
import Synchronization
import Testing

/// A real SMPPServer on 127.0.0.1 under a failure profile, and our SMPPClient against it.
enum FaultLoopback {
    static let logger = Logger(label: "faults-test")

    static func configuration(
        profile: FailureProfile?,
        accounts: [SMPPAccount] = []
    ) -> SMPPServer.Configuration {
        var configuration = SMPPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.accounts = accounts
        configuration.session.faults = FaultInjector(defaultProfile: profile)
        return configuration
    }

    /// Runs the server for the duration of `body`, then stops it.
    static func withServer<T: Sendable>(
        _ configuration: SMPPServer.Configuration,
        handler: any SMPPRequestHandler = CountingHandler(),
        onSessionBound: @escaping @Sendable (SMPPSession) -> Void = { _ in },
        _ body: @Sendable (SocketAddress) async throws -> T
    ) async throws -> T {
        let (running, continuation) = AsyncStream<SMPPServer.Listening>.makeStream()
        let server = SMPPServer(
            configuration: configuration,
            requestHandler: handler,
            logger: Self.logger,
            onServerRunning: { continuation.yield($0) },
            onSessionBound: onSessionBound
        )
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: Self.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = running.makeAsyncIterator()
            guard let listening = await iterator.next(), let address = listening.smpp else {
                throw SMPPError(code: .connectionFailed)
            }
            do {
                let result = try await body(address)
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

    static func connect(
        _ address: SocketAddress,
        systemID: String = "carrier1",
        password: String = "secret",
        _ adjust: (inout SMPPSessionConfiguration) -> Void = { _ in }
    ) async throws -> SMPPSession {
        var client = SMPPClient.Configuration(
            host: "127.0.0.1",
            port: address.port ?? 0,
            bindType: .transceiver,
            systemID: systemID,
            password: password
        )
        adjust(&client.session)
        return try await SMPPClient.connect(client, logger: Self.logger)
    }

    static func submit(_ text: String = "hello") -> PDU.Body {
        .submitSM(
            SubmitSM(
                sourceAddress: "447700900001",
                destinationAddress: "447700900002",
                shortMessage: ByteBuffer(string: text)
            )
        )
    }

    /// The status of each of `count` submit_sm sent one after another.
    static func statuses(_ session: SMPPSession, count: Int) async throws -> [CommandStatus] {
        var statuses: [CommandStatus] = []
        for index in 0..<count { statuses.append(try await session.send(Self.submit("m\(index)")).commandStatus) }
        return statuses
    }
}

/// Answers every message ESME_ROK and counts what it was handed: what "stored" means in these tests.
final class CountingHandler: SMPPRequestHandler {
    private let count = Atomic<Int>(0)
    var handled: Int { self.count.load(ordering: .relaxed) }

    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>
    {
        self.count.add(1, ordering: .relaxed)
        return eventLoop.makeSucceededFuture(.ok)
    }
}

/// A raw TCP peer that records every byte it receives, for responses our decoder would refuse.
final class RawBytesPeer: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = Mutex<[UInt8]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = self.unwrapInboundIn(data)
            self.bytes.withLock { $0.append(contentsOf: buffer.readableBytesView) }
        }
    }

    let channel: any Channel
    private let collector: Collector

    init(_ address: SocketAddress) async throws {
        let collector = Collector()
        self.collector = collector
        self.channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(to: address)
            .get()
    }

    func send(_ pdu: PDU) async throws {
        var buffer = self.channel.allocator.buffer(capacity: 128)
        pdu.write(to: &buffer)
        try await self.channel.writeAndFlush(buffer)
    }

    var bytes: [UInt8] { self.collector.bytes.withLock { $0 } }

    /// Waits until at least `count` bytes arrived.
    func waitFor(bytes count: Int, timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        while self.bytes.count < count {
            guard ContinuousClock.now < deadline else { throw SMPPError(code: .responseTimeout, detail: "raw bytes") }
            try await Task.sleep(for: .milliseconds(10))
        }
        return self.bytes
    }

    func close() async { try? await self.channel.close() }
}

extension Array where Element == UInt8 {
    func uint32(at offset: Int) -> UInt32 {
        self[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// Waits until `condition` holds; false on timeout.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}
