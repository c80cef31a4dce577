// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

@testable import SMPPNIO

/// The client against the server over real loopback TCP.
@Suite struct SMPPLoopbackTests {
    private let accounts = [SMPPAccount(systemID: "carrier1", password: "secret")]

    @Test("an ESME binds, submits, gets the handler's message id, and unbinds", arguments: SMPPBindType.allCases)
    func bindSubmitUnbind(type: SMPPBindType) async throws {
        let handler = HeldRequestHandler()
        try await Loopback.withServer(Loopback.serverConfiguration(accounts: self.accounts), handler: handler) {
            server,
            listening in
            let session = try await SMPPClient.connect(
                Loopback.client(listening.smpp, bindType: type),
                logger: SessionFixtures.logger
            )
            #expect(session.info.bindType == type)
            #expect(server.accounts.sessionCount(systemID: "carrier1") == 1)
            if type == .receiver {
                // A receiver may not submit: refused locally, nothing sent.
                await #expect(throws: SMPPError(code: .notBound)) {
                    try await session.send(.submitSM(SessionFixtures.submitSM()))
                }
            } else {
                async let response = session.send(.submitSM(SessionFixtures.submitSM()))
                try await Loopback.eventually("the MO to reach the handler") { handler.requests.count == 1 }
                let request = try #require(handler.requests.first)
                #expect(request.session.systemID == "carrier1")
                #expect(request.session.bindType == type)
                guard case .submitSM(let mo) = request.pdu.body else {
                    Issue.record("expected submit_sm")
                    return
                }
                #expect(mo.sourceAddress == "447700900123")
                handler.answerNext(.ok(messageID: "abc123"))
                #expect(try await response.body == .submitSMResponse(SubmitSMResponse(messageID: "abc123")))
            }
            try await session.unbind()
            try await Loopback.eventually("the account's session to be released") {
                server.accounts.sessionCount(systemID: "carrier1") == 0
            }
        }
    }

    @Test("a wrong password fails the bind with ESME_RINVPASWD")
    func wrongPassword() async throws {
        try await Loopback.withServer(Loopback.serverConfiguration(accounts: self.accounts)) { _, listening in
            await #expect(throws: SMPPError(code: .bindFailed, status: .invalidPassword)) {
                _ = try await SMPPClient.connect(
                    Loopback.client(listening.smpp, password: "nope"),
                    logger: SessionFixtures.logger
                )
            }
        }
    }

    @Test("the window holds at most W requests on the wire; responses in any order reach their callers")
    func window() async throws {
        let handler = HeldRequestHandler()
        try await Loopback.withServer(handler: handler) { _, listening in
            var sessionConfiguration = SMPPSessionConfiguration()
            sessionConfiguration.windowSize = 2
            let session = try await SMPPClient.connect(
                Loopback.client(listening.smpp, session: sessionConfiguration),
                logger: SessionFixtures.logger
            )
            try await withThrowingTaskGroup(of: (String, PDU).self) { group in
                for index in 0..<5 {
                    group.addTask {
                        let text = "message \(index)"
                        return (text, try await session.send(.submitSM(SessionFixtures.submitSM(text: text))))
                    }
                }
                try await Loopback.eventually("two requests in flight") { handler.requests.count == 2 }
                try await Task.sleep(for: .milliseconds(200))
                #expect(handler.requests.count == 2, "the window lets only two through")
                // Answer each with its own text as message id, whatever order they come in.
                var answered = 0
                while answered < 5 {
                    try await Loopback.eventually("a request to answer") { handler.requests.count > 0 }
                    let request = try #require(handler.requests.first)
                    guard case .submitSM(let mo) = request.pdu.body else { return }
                    handler.answerNext(.ok(messageID: String(buffer: mo.shortMessage)))
                    answered += 1
                }
                for try await (text, response) in group {
                    #expect(response.body == .submitSMResponse(SubmitSMResponse(messageID: text)))
                }
            }
            try await session.unbind()
        }
    }

    @Test("a request with no response in time fails with responseTimeout; the session survives")
    func responseTimeout() async throws {
        let handler = HeldRequestHandler()
        try await Loopback.withServer(handler: handler) { _, listening in
            var sessionConfiguration = SMPPSessionConfiguration()
            // Long enough for the bind on a loaded machine; the held submit_sm still times out.
            sessionConfiguration.responseTimeout = .seconds(4)
            let session = try await SMPPClient.connect(
                Loopback.client(listening.smpp, session: sessionConfiguration),
                logger: SessionFixtures.logger
            )
            await #expect(throws: SMPPError(code: .responseTimeout)) {
                try await session.send(.submitSM(SessionFixtures.submitSM()))
            }
            handler.answerNext(.ok)  // late: logged and dropped
            #expect(try await session.send(.enquireLink).commandID == .enquireLinkResponse)
            try await session.unbind()
        }
    }

    @Test("a connection that does not bind within the bind timeout is closed")
    func bindTimeout() async throws {
        var configuration = Loopback.serverConfiguration()
        configuration.session.bindTimeout = .milliseconds(200)
        try await Loopback.withServer(configuration) { _, listening in
            let peer = try await RawPeer.connect(to: try #require(listening.smpp))
            try await Loopback.eventually("the server to close") { !peer.isActive }
        }
    }

    @Test("an idle session gets enquire_link, and is closed when the peer does not answer")
    func enquireLinkAndDeadPeer() async throws {
        var configuration = Loopback.serverConfiguration()
        configuration.session.enquireLinkInterval = .milliseconds(200)
        configuration.session.responseTimeout = .milliseconds(300)
        try await Loopback.withServer(configuration) { _, listening in
            let peer = try await RawPeer.connect(to: try #require(listening.smpp))
            try await peer.send(PDU(sequenceNumber: 1, body: .bindTransceiver(SessionFixtures.bind())))
            try await Loopback.eventually("an enquire_link from the server") {
                peer.pdus.contains { $0.commandID == .enquireLink }
            }
            try await Loopback.eventually("the server to close the silent session") { !peer.isActive }
        }
    }

    @Test("a client with keep-alive answers and sends enquire_link, and stays bound")
    func keepAlive() async throws {
        var configuration = Loopback.serverConfiguration()
        configuration.session.enquireLinkInterval = .milliseconds(150)
        try await Loopback.withServer(configuration) { server, listening in
            var sessionConfiguration = SMPPSessionConfiguration()
            sessionConfiguration.enquireLinkInterval = .milliseconds(150)
            let session = try await SMPPClient.connect(
                Loopback.client(listening.smpp, session: sessionConfiguration),
                logger: SessionFixtures.logger
            )
            try await Task.sleep(for: .milliseconds(800))
            #expect(session.channel.isActive)
            #expect(server.connectionCount == 1)
            try await session.unbind()
        }
    }

    @Test("graceful shutdown answers the MO in flight, unbinds the session, and then returns")
    func gracefulShutdown() async throws {
        let handler = HeldRequestHandler()
        let (session, response) = try await Loopback.withServer(handler: handler) { _, listening in
            let session = try await SMPPClient.connect(Loopback.client(listening.smpp), logger: SessionFixtures.logger)
            let promise = session.channel.eventLoop.makePromise(of: PDU.self)
            session.send(.submitSM(SessionFixtures.submitSM()), promise: promise)
            try await Loopback.eventually("the MO to reach the handler") { handler.requests.count == 1 }
            // Answer shortly after shutdown begins.
            Task {
                try await Task.sleep(for: .milliseconds(100))
                handler.answerNext(.ok(messageID: "kept"))
            }
            return (session, promise.futureResult)
        }
        #expect(try await response.get().body == .submitSMResponse(SubmitSMResponse(messageID: "kept")))
        try await session.closeFuture.get()
    }
}
