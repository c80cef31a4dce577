// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SMPPCore
import Synchronization
import Testing

@testable import SMPPNIO

/// The TLS listener: TLS 1.2 and later only, and a certificate reloaded from its files without a restart.
@Suite struct SMPPTLSHardeningTests {
    @Test("a client limited to TLS 1.1 cannot complete a handshake; TLS 1.2 can")
    func minimumVersion() async throws {
        let (certificate, key) = try Loopback.selfSignedCertificate()
        var configuration = Loopback.serverConfiguration()
        configuration.port = nil
        configuration.tls = try SMPPServer.TLSListener(port: 0, certificateFile: certificate, privateKeyFile: key)
        try await Loopback.withServer(configuration) { _, listening in
            let port = try #require(listening.smppTLS?.port)
            #expect(try await Self.handshake(port: port, maximum: .tlsv11) == false)
            #expect(try await Self.handshake(port: port, maximum: .tlsv12) == true)
        }
    }

    @Test("reloadTLS() serves the new certificate on new connections")
    func reload() async throws {
        let first = try Loopback.selfSignedCertificate()
        let second = try Loopback.selfSignedCertificate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-reload-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try FileManager.default.copyItem(atPath: first.certificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: first.key, toPath: key)
        var configuration = Loopback.serverConfiguration()
        configuration.port = nil
        configuration.tls = try SMPPServer.TLSListener(port: 0, certificateFile: certificate, privateKeyFile: key)
        try await Loopback.withServer(configuration) { server, listening in
            let trustingFirst = Loopback.client(
                listening.smppTLS,
                tls: .verify(trustRootFiles: [first.certificate]),
                host: "localhost"
            )
            try await SMPPClient.connect(trustingFirst, logger: SessionFixtures.logger).unbind()
            for (source, target) in [(second.certificate, certificate), (second.key, key)] {
                try FileManager.default.removeItem(atPath: target)
                try FileManager.default.copyItem(atPath: source, toPath: target)
            }
            try server.reloadTLS()
            await #expect(throws: (any Error).self) {
                try await SMPPClient.connect(trustingFirst, logger: SessionFixtures.logger).unbind()
            }
            let trustingSecond = Loopback.client(
                listening.smppTLS,
                tls: .verify(trustRootFiles: [second.certificate]),
                host: "localhost"
            )
            try await SMPPClient.connect(trustingSecond, logger: SessionFixtures.logger).unbind()
            // A broken file keeps the old context.
            try "not a certificate".write(toFile: certificate, atomically: true, encoding: .utf8)
            #expect(throws: (any Error).self) { try server.reloadTLS() }
            try await SMPPClient.connect(trustingSecond, logger: SessionFixtures.logger).unbind()
        }
    }

    /// Whether a TLS handshake with at most `maximum` completes against the port: an enquire_link is answered.
    static func handshake(port: Int, maximum: TLSVersion) async throws -> Bool {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.minimumTLSVersion = .tlsv1
        tls.maximumTLSVersion = maximum
        let context = try NIOSSLContext(configuration: tls)
        let outcome = HandshakeOutcome()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: context, serverHostname: nil)
                    )
                    try channel.pipeline.syncOperations.addHandler(outcome)
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        try await Loopback.eventually("the handshake to end") { outcome.result != nil }
        try? await channel.close()
        return outcome.result ?? false
    }

    final class HandshakeOutcome: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = Mutex<Bool?>(nil)
        var result: Bool? { self.state.withLock { $0 } }

        func channelActive(context: ChannelHandlerContext) {
            // An enquire_link through TLS: its response can only arrive after a completed handshake.
            context.writeAndFlush(NIOAny(PDU(sequenceNumber: 1, body: .enquireLink).encoded()), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.state.withLock { $0 = $0 ?? true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.state.withLock { $0 = $0 ?? false }
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.state.withLock { $0 = $0 ?? false }
        }
    }
}
