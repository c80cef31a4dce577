// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// How an ESME under test reaches mogate, which plays its SMSC.
public enum ESMEConnection: Sendable {
    /// mogate listens on host:port and waits for the ESME to connect and bind.
    case listen(host: String, port: Int)
    /// mogate connects to the ESME's outbind listener and sends outbind (§4.1.7); the ESME binds back.
    case outbind(host: String, port: Int)
}

extension ConformanceSuite {
    /// The ids of the cases for an ESME, in the order they run (all on the one session it binds).
    public static var esmeCaseIDs: [String] { ["esme.bind"] + Self.esmeCases.map(\.id) }

    /// Waits for the ESME to bind (answering with `target`'s credentials checked), then runs the ESME cases on
    /// that session, one after another, and unbinds it last.
    public static func runESME(
        connection mode: ESMEConnection,
        target: ConformanceTarget,
        bindTimeout: Duration,
        progress: @Sendable (ConformanceResult) -> Void = { _ in }
    ) async -> [ConformanceResult] {
        let context = ConformanceContext(target: target)
        var results: [ConformanceResult] = []
        func record(_ id: String, _ title: String, _ reference: String, _ outcome: Outcome) {
            let result = ConformanceResult(
                id: id,
                title: title,
                reference: reference,
                verdict: outcome.verdict,
                detail: outcome.detail
            )
            progress(result)
            results.append(result)
        }
        let bindTitle = "the ESME binds with the expected credentials, as receiver or transceiver"
        let connection: ConformanceConnection
        do {
            connection = try await Self.esmeSession(mode, context: context, bindTimeout: bindTimeout)
        } catch {
            record("esme.bind", bindTitle, "§4.1.3, §4.1.5, §4.1.7", .fail("\(error)"))
            return results
        }
        defer { connection.closeNow() }
        record("esme.bind", bindTitle, "§4.1.3, §4.1.5, §4.1.7", .pass("bound"))
        for testCase in Self.esmeCases {
            let outcome: Outcome
            if !connection.isActive {
                outcome = .fail("the ESME's session had already ended")
            } else {
                do {
                    outcome = try await testCase.run(context, connection)
                } catch {
                    outcome = .fail("\(error)")
                }
            }
            record(testCase.id, testCase.title, testCase.reference, outcome)
        }
        return results
    }

    /// Connects (or accepts) and answers the ESME's bind.
    static func esmeSession(
        _ mode: ESMEConnection,
        context: ConformanceContext,
        bindTimeout: Duration
    ) async throws -> ConformanceConnection {
        let connection: ConformanceConnection
        switch mode {
        case .listen(let host, let port):
            connection = try await ConformanceConnection.accept(host: host, port: port, timeout: bindTimeout)
        case .outbind(let host, let port):
            connection = try await ConformanceConnection.connect(host: host, port: port, timeout: bindTimeout)
            let outbind = Outbind(systemID: context.target.systemID, password: context.target.password)
            try await connection.send(PDU(sequenceNumber: connection.nextSequence(), body: .outbind(outbind)))
        }
        guard case .pdu(.pdu(let pdu)) = await connection.receive(timeout: bindTimeout) else {
            connection.closeNow()
            throw ConformanceError("the ESME did not bind within \(bindTimeout)")
        }
        let bind: Bind
        let response: CommandID
        switch pdu.body {
        case .bindReceiver(let body): (bind, response) = (body, .bindReceiverResponse)
        case .bindTransceiver(let body): (bind, response) = (body, .bindTransceiverResponse)
        case .bindTransmitter:
            connection.closeNow()
            throw ConformanceError("the ESME bound as transmitter: it cannot receive deliver_sm")
        default:
            connection.closeNow()
            throw ConformanceError("the ESME's first PDU was \(pdu.commandID), not a bind")
        }
        var status = CommandStatus.ok
        if bind.systemID != context.target.systemID { status = .invalidSystemID }
        if status == .ok, bind.password != context.target.password { status = .invalidPassword }
        let body = BindResponse(systemID: "mogate", scInterfaceVersion: 0x34)
        let answer: PDU.Body =
            response == .bindReceiverResponse ? .bindReceiverResponse(body) : .bindTransceiverResponse(body)
        try await connection.send(PDU(sequenceNumber: pdu.sequenceNumber, commandStatus: status, body: answer))
        guard status == .ok else {
            connection.closeNow()
            throw ConformanceError("the ESME bound as '\(bind.systemID)' with other credentials: answered \(status)")
        }
        return connection
    }
}
