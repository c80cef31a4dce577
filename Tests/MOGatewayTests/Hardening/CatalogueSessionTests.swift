// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Synchronization
import Testing

/// The bad-input catalogue, sessions: PDUs at the wrong time, floods and peers that misbehave at the socket.
@Suite("Bad input: sessions", .serialized) struct CatalogueSessionTests {
    @Test("a response with an unknown sequence number is dropped; the session goes on")
    func unknownResponse() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            try await connection.send(PDU(sequenceNumber: 999, body: .deliverSMResponse(DeliverSMResponse())))
            try await connection.send(RawPDU.pdu(0x8000_0004, RawPDU.cString("x"), sequence: 1000))
            try await connection.send(PDU(sequenceNumber: 9, body: Hardening.deliver("after stray responses")))
            let answer = try await connection.response(2)
            #expect(answer.sequenceNumber == 9, "nothing was sent for the stray responses")
            #expect(answer.commandStatus == .ok)
            gateway.acknowledged("after stray responses")
            await connection.close()
        }
    }

    @Test("duplicate sequence numbers in flight: each request answered, both MOs delivered")
    func duplicateSequenceNumbers() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            var both = PDU(sequenceNumber: 5, body: Hardening.deliver("dup one")).encoded()
            var second = PDU(sequenceNumber: 5, body: Hardening.deliver("dup two")).encoded()
            both.writeBuffer(&second)
            try await connection.channel.writeAndFlush(both)
            _ = try await connection.response(3)
            let answers = connection.received.dropFirst()
            #expect(answers.allSatisfy { $0.sequenceNumber == 5 && $0.commandStatus == .ok })
            gateway.acknowledged("dup one")
            gateway.acknowledged("dup two")
            await connection.close()
        }
    }

    @Test("PDUs before bind: ESME_RINVBNDSTS (enquire_link is answered); the connection may still bind")
    func beforeBind() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.send(PDU(sequenceNumber: 3, body: Hardening.deliver("too early")))
            #expect(try await connection.response(1).commandStatus == .invalidBindStatus)
            try await connection.send(PDU(sequenceNumber: 4, body: .enquireLink))
            #expect(try await connection.response(2).commandStatus == .ok)
            try await connection.bind()
            await connection.close()
        }
    }

    @Test("a second bind on a bound session: ESME_RALYBND; the session goes on")
    func bindTwice() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            let bind = Bind(systemID: Hardening.systemID, password: Hardening.password)
            try await connection.send(PDU(sequenceNumber: 2, body: .bindTransceiver(bind)))
            let again = try await connection.response(2)
            #expect(again.commandID == .bindTransceiverResponse)
            #expect(again.commandStatus == .alreadyBound)
            try await connection.send(PDU(sequenceNumber: 3, body: Hardening.deliver("bound once")))
            #expect(try await connection.response(3).commandStatus == .ok)
            gateway.acknowledged("bound once")
            await connection.close()
        }
    }

    @Test("bad credentials in a loop: ESME_RINVPASWD and close, then the address is refused at connect")
    func badCredentialsLoop() async throws {
        try await Hardening.withGateway(configure: Hardening.Setup { $0.smpp.limits.failedBindsPerIPPerMinute = 5 }) {
            gateway in
            for _ in 0..<5 {
                let connection = try await RawConnection.connect(port: gateway.port, source: "127.0.0.2")
                try await connection.send(
                    PDU(
                        sequenceNumber: 1,
                        body: .bindTransceiver(Bind(systemID: Hardening.systemID, password: "guess"))
                    )
                )
                #expect(try await connection.response().commandStatus == .invalidPassword)
                try await connection.closedByServer()
            }
            let refused = try await RawConnection.connect(port: gateway.port, source: "127.0.0.2")
            try? await refused.send(
                PDU(
                    sequenceNumber: 1,
                    body: .bindTransceiver(Bind(systemID: Hardening.systemID, password: Hardening.password))
                )
            )
            try await refused.closedByServer()
            #expect(refused.received.isEmpty, "refused before any PDU is read, even with the right password")
            // Other addresses are not affected: the harness's MO after the case comes from 127.0.0.9.
        }
    }

    @Test("an enquire_link flood: every one answered, in order; the session then takes MO")
    func enquireLinkFlood() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            var flood = ByteBuffer()
            for sequence in 10..<5010 { PDU(sequenceNumber: UInt32(sequence), body: .enquireLink).write(to: &flood) }
            try await connection.channel.writeAndFlush(flood)
            _ = try await connection.response(5001, timeout: .seconds(30))
            let answers = connection.received.dropFirst()
            #expect(answers.map(\.sequenceNumber) == (10..<5010).map { UInt32($0) })
            #expect(answers.allSatisfy { $0.commandID == .enquireLinkResponse && $0.commandStatus == .ok })
            try await connection.send(PDU(sequenceNumber: 6000, body: Hardening.deliver("after the flood")))
            #expect(try await connection.response(5002).commandStatus == .ok)
            gateway.acknowledged("after the flood")
            await connection.close()
        }
    }

    @Test("a window overrun: 300 MO sent at once to a window of 4; every one answered ESME_ROK and delivered")
    func windowOverrun() async throws {
        try await Hardening.withGateway(configure: Hardening.Setup { $0.smpp.session.inboundWindowSize = 4 }) {
            gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            var burst = ByteBuffer()
            for index in 0..<300 {
                PDU(sequenceNumber: UInt32(100 + index), body: Hardening.deliver("window \(index)")).write(to: &burst)
            }
            try await connection.channel.writeAndFlush(burst)
            _ = try await connection.response(301, timeout: .seconds(30))
            #expect(connection.received.dropFirst().allSatisfy { $0.commandStatus == .ok })
            for index in 0..<300 { gateway.acknowledged("window \(index)") }
            await connection.close()
        }
    }

    @Test("a peer that never reads: the server stops reading it, so the peer's own writes back up")
    func neverReads() async throws {
        try await Hardening.withGateway(configure: Hardening.Setup { $0.smpp.limits.maximumBufferedBytes = 64 * 1024 })
        { gateway in
            let connection = try await RawConnection.connect(port: gateway.port, autoRead: false)
            // 2,000,000 enquire_links: 32 MB in, and 32 MB of responses the peer never takes. Loopback socket
            // buffers hold a few MB; a server that kept reading would hold the rest of the responses in memory.
            var chunk = ByteBuffer()
            for sequence in 0..<10_000 { PDU(sequenceNumber: UInt32(sequence), body: .enquireLink).write(to: &chunk) }
            try await connection.send(
                PDU(
                    sequenceNumber: 1,
                    body: .bindTransceiver(Bind(systemID: Hardening.systemID, password: Hardening.password))
                )
            )
            let written = ManagedAtomicCounter()
            for _ in 0..<200 {
                let promise = connection.channel.eventLoop.makePromise(of: Void.self)
                promise.futureResult.whenSuccess { written.increment() }
                connection.channel.writeAndFlush(chunk, promise: promise)
            }
            try await Hardening.eventually("the peer's writes to back up", timeout: .seconds(20)) {
                !connection.channel.isWritable
            }
            try await Task.sleep(for: .seconds(2))
            let chunks = written.value
            #expect(chunks < 120, "the server took \(chunks * 160) KB from a peer that reads nothing back")
            await connection.close()
        }
    }

    @Test("connections opened and dropped at a high rate: all counted out again; the server still serves")
    func connectionChurn() async throws {
        try await Hardening.withGateway { gateway in
            for _ in 0..<40 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            let connection = try await RawConnection.connect(port: gateway.port, source: "127.0.0.4")
                            await connection.close()
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await Hardening.eventually("every churned connection released") {
                gateway.gateway.smppServer.admittedConnections == 0
            }
        }
    }

    @Test("connections over the per-IP and total limits are closed at accept, before any PDU")
    func connectionLimits() async throws {
        try await Hardening.withGateway(
            configure: Hardening.Setup {
                $0.smpp.limits.maximumConnectionsPerIP = 3
                $0.smpp.limits.maximumConnections = 5
            }
        ) { gateway in
            var held: [RawConnection] = []
            for _ in 0..<3 { held.append(try await RawConnection.connect(port: gateway.port, source: "127.0.0.5")) }
            try await Hardening.eventually("three admitted") { gateway.gateway.smppServer.admittedConnections == 3 }
            let fourth = try await RawConnection.connect(port: gateway.port, source: "127.0.0.5")
            try await fourth.closedByServer()
            for _ in 0..<2 { held.append(try await RawConnection.connect(port: gateway.port, source: "127.0.0.6")) }
            try await Hardening.eventually("five admitted") { gateway.gateway.smppServer.admittedConnections == 5 }
            let sixth = try await RawConnection.connect(port: gateway.port, source: "127.0.0.7")
            try await sixth.closedByServer()
            #expect(fourth.received.isEmpty && sixth.received.isEmpty)
            for connection in held { await connection.close() }
            try await Hardening.eventually("all released") { gateway.gateway.smppServer.admittedConnections == 0 }
        }
    }
}

/// Counts completions from any thread.
final class ManagedAtomicCounter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { self.count.add(1, ordering: .relaxed) }
    var value: Int { self.count.load(ordering: .relaxed) }
}
