// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// The bad-input catalogue, framing: what arrives before a PDU can even be cut out of the stream. Framing that
/// cannot be trusted is answered `generic_nack ESME_RINVCMDLEN` (sequence 0) and closed; a frame that never
/// completes is closed by the bind timeout (1 s here) or, once bound, by the unanswered enquire_link.
@Suite("Bad input: framing", .serialized) struct CatalogueFramingTests {
    /// generic_nack, ESME_RINVCMDLEN, sequence 0, then the close.
    static func expectNackAndClose(_ connection: RawConnection) async throws {
        let nack = try await connection.response()
        #expect(nack.commandID == .genericNack)
        #expect(nack.commandStatus == .invalidCommandLength)
        #expect(nack.sequenceNumber == 0)
        try await connection.closedByServer()
        #expect(connection.received.count == 1)
    }

    @Test("truncated header: nothing is answered; the bind timeout closes")
    func truncatedHeader() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.send(Array(RawPDU.pdu(0x15).prefix(10)))
            let waited = try await connection.closedByServer(timeout: .seconds(15))
            #expect(connection.received.isEmpty)
            #expect(waited < .seconds(4))
        }
    }

    @Test(
        "command_length under 16 and over the maximum: generic_nack ESME_RINVCMDLEN, close",
        arguments: [8, 15, 0x0001_0011, 0x7FFF_FFFF]
    )
    func commandLengthOutOfRange(length: Int) async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.send(
                RawPDU.uint32(UInt32(length)) + RawPDU.uint32(0x15) + [UInt8](repeating: 0, count: 8)
            )
            try await Self.expectNackAndClose(connection)
        }
    }

    @Test(
        "a length larger than the bytes, then silence: unbound, the bind timeout closes; bound, the unanswered enquire_link does"
    )
    func lengthThenSilence() async throws {
        try await Hardening.withGateway(
            configure: Hardening.Setup {
                $0.smpp.session.enquireLinkInterval = .seconds(1)
                $0.smpp.session.responseTimeout = .seconds(1)
            }
        ) { gateway in
            let unbound = try await RawConnection.connect(port: gateway.port)
            try await unbound.send(RawPDU.uint32(1000) + RawPDU.uint32(0x05) + [UInt8](repeating: 0, count: 20))
            try await unbound.closedByServer(timeout: .seconds(15))
            #expect(unbound.received.isEmpty)

            let bound = try await RawConnection.connect(port: gateway.port)
            try await bound.bind()
            try await bound.send(RawPDU.uint32(1000) + RawPDU.uint32(0x05) + [UInt8](repeating: 0, count: 20))
            try await bound.closedByServer(timeout: .seconds(15))
            #expect(bound.received.map(\.commandID) == [.bindTransceiverResponse, .enquireLink])
        }
    }

    @Test("plain HTTP on the SMPP port: generic_nack ESME_RINVCMDLEN, close")
    func http() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.send(Array("GET / HTTP/1.1\r\nHost: mogate\r\n\r\n".utf8))
            try await Self.expectNackAndClose(connection)
        }
    }

    @Test("a TLS ClientHello on the SMPP port: generic_nack ESME_RINVCMDLEN, close")
    func tlsClientHello() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            // Record header (handshake, TLS 1.0 record version, length 512), then the start of a ClientHello.
            let hello: [UInt8] =
                [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + [UInt8](repeating: 0x5A, count: 32)
            try await connection.send(hello)
            try await Self.expectNackAndClose(connection)
        }
    }

    @Test("slowloris, one byte at a time: the bind timeout closes, counted from the connect, not the last byte")
    func slowloris() async throws {
        try await Hardening.withGateway { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            let bind = PDU(
                sequenceNumber: 1,
                body: .bindTransceiver(Bind(systemID: Hardening.systemID, password: Hardening.password))
            )
            let start = ContinuousClock.now
            for byte in Array(bind.encoded().readableBytesView) {
                guard !connection.isClosed else { break }
                try? await connection.send([byte])
                try await Task.sleep(for: .milliseconds(150))
            }
            try await connection.closedByServer(timeout: .seconds(15))
            #expect(ContinuousClock.now - start < .seconds(4))
            #expect(connection.received.isEmpty, "the trickled bind was never completed and never answered")
        }
    }
}
