// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import SMPPCore
import ServiceLifecycle
import Synchronization
import Testing

@testable import SMPPNIO

/// TLS on the listener and the client, the upstream's reconnects, and outbind, over real loopback sockets.
@Suite struct SMPPTLSAndReconnectTests {
    private func tlsConfiguration() throws -> (SMPPServer.Configuration, certificate: String) {
        let (certificate, key) = try Loopback.selfSignedCertificate()
        var configuration = Loopback.serverConfiguration()
        configuration.port = nil
        configuration.tls = try SMPPServer.TLSListener(port: 0, certificateFile: certificate, privateKeyFile: key)
        return (configuration, certificate)
    }

    @Test("a client that verifies the server's certificate binds and submits over TLS")
    func tlsVerified() async throws {
        let (configuration, certificate) = try self.tlsConfiguration()
        let handler = HeldRequestHandler()
        try await Loopback.withServer(configuration, handler: handler) { _, listening in
            #expect(listening.smpp == nil)
            let session = try await SMPPClient.connect(
                Loopback.client(listening.smppTLS, tls: .verify(trustRootFiles: [certificate]), host: "localhost"),
                logger: SessionFixtures.logger
            )
            async let response = session.send(.submitSM(SessionFixtures.submitSM()))
            try await Loopback.eventually("the MO over TLS") { handler.requests.count == 1 }
            handler.answerNext(.ok(messageID: "tls-1"))
            #expect(try await response.body == .submitSMResponse(SubmitSMResponse(messageID: "tls-1")))
            try await session.unbind()
        }
    }

    @Test("the insecure option binds to a self-signed server; verification against system roots refuses it")
    func tlsInsecureAndRefused() async throws {
        let (configuration, _) = try self.tlsConfiguration()
        try await Loopback.withServer(configuration) { _, listening in
            let session = try await SMPPClient.connect(
                Loopback.client(listening.smppTLS, tls: .insecure),
                logger: SessionFixtures.logger
            )
            try await session.unbind()
            await #expect(throws: (any Error).self) {
                _ = try await SMPPClient.connect(
                    Loopback.client(listening.smppTLS, tls: .verify(), host: "localhost"),
                    logger: SessionFixtures.logger
                )
            }
        }
    }

    @Test("plain SMPP to the TLS port does not bind")
    func plainToTLSPort() async throws {
        let (configuration, _) = try self.tlsConfiguration()
        try await Loopback.withServer(configuration) { _, listening in
            var session = SMPPSessionConfiguration()
            session.responseTimeout = .seconds(4)
            await #expect(throws: (any Error).self) {
                _ = try await SMPPClient.connect(
                    Loopback.client(listening.smppTLS, session: session),
                    logger: SessionFixtures.logger
                )
            }
        }
    }

    @Test("the upstream retries until the SMSC is up, and binds again after the SMSC drops it")
    func upstreamReconnects() async throws {
        // Find a free port, then leave it closed so the first attempts fail.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(probe.localAddress?.port)
        try await probe.close()

        var configuration = Loopback.serverConfiguration()
        configuration.port = port
        let upstream = SMPPUpstream(
            configuration: Loopback.client(try SocketAddress(ipAddress: "127.0.0.1", port: port)),
            requestHandler: SMPPAcceptingRequestHandler(),
            logger: SessionFixtures.logger
        )
        let group = ServiceGroup(services: [upstream], gracefulShutdownSignals: [], logger: SessionFixtures.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(300))
            #expect(upstream.binds == 0)
            try await Loopback.withServer(configuration) { _, _ in
                try await Loopback.eventually(timeout: .seconds(10), "the first bind") { upstream.binds == 1 }
            }
            // The server's shutdown unbound the upstream; a new server on the same port gets it back.
            try await Loopback.withServer(configuration) { server, _ in
                try await Loopback.eventually(timeout: .seconds(15), "the bind after the drop") { upstream.binds == 2 }
                #expect(server.connectionCount == 1)
                await group.triggerGracefulShutdown()
                try await Loopback.eventually("the upstream to unbind") { server.connectionCount == 0 }
            }
            try await tasks.waitForAll()
        }
    }

    @Test(
        "the server outbinds to an ESME listening with SMPPClient.listenForOutbind, which binds as receiver and takes MO"
    )
    func outbind() async throws {
        let sessions = SessionBox()
        let received = HeldRequestHandler()
        let listener = try await SMPPClient.listenForOutbind(
            host: "127.0.0.1",
            port: 0,
            bind: Bind(systemID: "esme1", password: "pw"),
            requestHandler: received,
            logger: SessionFixtures.logger,
            onSession: { sessions.append($0) }
        )
        var configuration = Loopback.serverConfiguration(accounts: [SMPPAccount(systemID: "esme1", password: "pw")])
        configuration.outbinds = [
            SMPPServer.OutbindTarget(
                host: "127.0.0.1",
                port: try #require(listener.localAddress?.port),
                systemID: "smsc",
                password: "pw"
            )
        ]
        try await Loopback.withServer(configuration) { server, _ in
            try await Loopback.eventually("the ESME to bind after the outbind") { sessions.all.count == 1 }
            let session = try #require(sessions.all.first)
            #expect(session.info.bindType == .receiver)
            #expect(session.info.role == .esme)
            #expect(server.accounts.sessionCount(systemID: "esme1") == 1)
            // A receiver may not submit; the SMSC side owns this session's direction.
            await #expect(throws: SMPPError(code: .notBound)) {
                try await session.send(.submitSM(SessionFixtures.submitSM()))
            }
        }
        try await listener.close()
    }
}

/// The sessions a listener handed over.
final class SessionBox: Sendable {
    private let storage = Mutex<[SMPPSession]>([])
    func append(_ session: SMPPSession) { self.storage.withLock { $0.append(session) } }
    var all: [SMPPSession] { self.storage.withLock { $0 } }
}
