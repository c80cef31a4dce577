// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The peer under test and the steps cases share: connect, bind, send, and wait for an answer.
struct ConformanceContext: Sendable {
    var target: ConformanceTarget

    func connect() async throws -> ConformanceConnection {
        try await ConformanceConnection.connect(
            host: self.target.host,
            port: self.target.port,
            timeout: self.target.timeout
        )
    }

    func bindBody(_ command: CommandID, password: String? = nil, systemID: String? = nil) -> PDU.Body {
        let bind = Bind(
            systemID: systemID ?? self.target.systemID,
            password: password ?? self.target.password,
            systemType: self.target.systemType
        )
        switch command {
        case .bindReceiver: return .bindReceiver(bind)
        case .bindTransmitter: return .bindTransmitter(bind)
        default: return .bindTransceiver(bind)
        }
    }

    /// Connects and binds; throws when the bind is not answered ESME_ROK, since the case cannot go on.
    func bound(_ command: CommandID = .bindTransceiver) async throws -> ConformanceConnection {
        let connection = try await self.connect()
        let answer = try await self.request(self.bindBody(command), on: connection)
        guard case .response(let pdu) = answer, pdu.commandStatus == .ok else {
            await connection.close()
            throw ConformanceError("could not bind (\(command)) to run the case: \(answer)")
        }
        return connection
    }

    /// What came back for one request.
    enum Answer: Sendable, CustomStringConvertible {
        case response(PDU)
        case malformed(PDUHeader, SMPPDecodingError)
        case closed
        case silence

        var description: String {
            switch self {
            case .response(let pdu): "\(pdu.commandID) \(pdu.commandStatus) (sequence \(pdu.sequenceNumber))"
            case .malformed(let header, let error): "a malformed \(header.commandID): \(error)"
            case .closed: "the connection closed"
            case .silence: "no answer"
            }
        }

        var status: CommandStatus? {
            if case .response(let pdu) = self { return pdu.commandStatus }
            return nil
        }
    }

    /// Sends `body` with a fresh sequence number and waits for the PDU that answers it.
    func request(_ body: PDU.Body, on connection: ConformanceConnection) async throws -> Answer {
        let sequence = connection.nextSequence()
        try await connection.send(PDU(sequenceNumber: sequence, body: body))
        return try await self.answer(on: connection)
    }

    /// The next answer on `connection`: a PDU (well-formed or not), the close, or silence.
    func answer(on connection: ConformanceConnection) async throws -> Answer {
        switch try await connection.receiveAnswer(timeout: self.target.timeout) {
        case .pdu(.pdu(let pdu)): return .response(pdu)
        case .pdu(.malformed(let header, let error)): return .malformed(header, error)
        case .closed: return .closed
        case nil: return .silence
        }
    }

    /// Judges an answer that should be `expected` (a response command with a status): the exact status passes,
    /// another error status warns, ESME_ROK or no answer fails.
    func judge(
        _ answer: Answer,
        expecting commands: Set<CommandID>,
        status expected: CommandStatus,
        sequence: UInt32? = nil
    ) -> Outcome {
        guard case .response(let pdu) = answer else { return .fail("expected \(expected), got \(answer)") }
        guard commands.contains(pdu.commandID) else {
            return .fail("expected \(commands.map(\.description).sorted().joined(separator: " or ")), got \(answer)")
        }
        if let sequence, pdu.sequenceNumber != sequence {
            return .fail("answered with sequence \(pdu.sequenceNumber), not the request's \(sequence)")
        }
        if pdu.commandStatus == expected { return .pass("\(answer)") }
        if expected != .ok, pdu.commandStatus != .ok {
            return .warn("\(answer); SMPP 3.4 prescribes \(expected)")
        }
        return .fail("expected \(expected), got \(answer)")
    }
}

/// Where the peer under test listens, and how to bind to it.
public struct ConformanceTarget: Sendable {
    public var host: String
    public var port: Int
    public var systemID: String
    public var password: String
    public var systemType: String
    /// How long to wait for each answer.
    public var timeout: Duration

    public init(
        host: String,
        port: Int,
        systemID: String,
        password: String,
        systemType: String = "",
        timeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.systemID = systemID
        self.password = password
        self.systemType = systemType
        self.timeout = timeout
    }
}

struct ConformanceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
