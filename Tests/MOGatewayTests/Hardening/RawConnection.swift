// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix
import SMPPCore
import Synchronization
import Testing

/// A TCP peer that writes whatever bytes a test gives and keeps every byte it receives, and whether the server
/// closed the connection. The bad-input catalogue speaks through it.
final class RawConnection: Sendable {
    private final class Recorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = Mutex<(received: ByteBuffer, closed: Bool)>((ByteBuffer(), false))
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = self.unwrapInboundIn(data)
            self.state.withLock { $0.received.writeBuffer(&bytes) }
        }
        func channelInactive(context: ChannelHandlerContext) {
            self.state.withLock { $0.closed = true }
            context.fireChannelInactive()
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    let channel: any Channel
    private let recorder: Recorder

    private init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.recorder = recorder
    }

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address) when given. With `autoRead` off the
    /// peer never reads: what the server writes stays in the sockets.
    static func connect(port: Int, source: String? = nil, autoRead: Bool = true) async throws -> RawConnection {
        let recorder = Recorder()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: autoRead)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(recorder) }
            }
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, recorder: recorder)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    func send(_ pdu: PDU) async throws {
        try await self.channel.writeAndFlush(pdu.encoded())
    }

    var isClosed: Bool { self.recorder.state.withLock { $0.closed } }

    /// What the server sent, framed and decoded.
    var received: [PDU] {
        var bytes = self.recorder.state.withLock { $0.received }
        var decoder = SMPPFrameDecoder()
        var pdus: [PDU] = []
        while let result = try? decoder.decode(buffer: &bytes) {
            if case .pdu(let pdu) = result { pdus.append(pdu) }
        }
        return pdus
    }

    /// Waits for the `count`th PDU from the server and returns it.
    func response(_ count: Int = 1, timeout: Duration = .seconds(10)) async throws -> PDU {
        try await Hardening.eventually("PDU \(count) from the server", timeout: timeout) {
            self.received.count >= count
        }
        return self.received[count - 1]
    }

    /// Waits until the server closes the connection; returns how long that took.
    @discardableResult
    func closedByServer(timeout: Duration = .seconds(10)) async throws -> Duration {
        let start = ContinuousClock.now
        try await Hardening.eventually("the server to close the connection", timeout: timeout) { self.isClosed }
        return ContinuousClock.now - start
    }

    /// Binds as a transceiver and checks the server said yes.
    func bind(systemID: String = Hardening.systemID, password: String = Hardening.password) async throws {
        let before = self.received.count
        try await self.send(
            PDU(sequenceNumber: 1, body: .bindTransceiver(Bind(systemID: systemID, password: password)))
        )
        let response = try await self.response(before + 1)
        #expect(response.commandID == .bindTransceiverResponse)
        #expect(response.commandStatus == .ok)
    }

    func close() async {
        try? await self.channel.close()
    }
}
