// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

extension ConformanceSuite {
    static var bindCases: [ConformanceCase] {
        [
            Self.bind("bind.transmitter", .bindTransmitter, .bindTransmitterResponse, "§4.1.1, §4.1.2"),
            Self.bind("bind.receiver", .bindReceiver, .bindReceiverResponse, "§4.1.3, §4.1.4"),
            Self.bind("bind.transceiver", .bindTransceiver, .bindTransceiverResponse, "§4.1.5, §4.1.6"),
            ConformanceCase(
                id: "bind.bad-password",
                title: "a bind with a wrong password is refused with ESME_RINVPASWD",
                reference: "§4.1.2, §5.1.3 (Table 5-2)"
            ) { context in
                let connection = try await context.connect()
                defer { connection.closeNow() }
                let answer = try await context.request(
                    context.bindBody(.bindTransceiver, password: Self.wrongPassword(context.target.password)),
                    on: connection
                )
                return context.judge(answer, expecting: [.bindTransceiverResponse], status: .invalidPassword)
            },
            ConformanceCase(
                id: "bind.twice",
                title: "a second bind on a bound session is refused with ESME_RALYBND",
                reference: "§2.3 (Table 2-1), §5.1.3"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                let answer = try await context.request(context.bindBody(.bindTransceiver), on: connection)
                return context.judge(
                    answer,
                    expecting: [.bindTransceiverResponse, .genericNack],
                    status: .alreadyBound
                )
            },
        ]
    }

    static var sessionCases: [ConformanceCase] {
        [
            ConformanceCase(
                id: "enquire-link.bound",
                title: "enquire_link on a bound session is answered with the same sequence number",
                reference: "§4.11.1, §4.11.2"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                let sequence = connection.nextSequence()
                try await connection.send(PDU(sequenceNumber: sequence, body: .enquireLink))
                let answer = try await context.answer(on: connection)
                return context.judge(answer, expecting: [.enquireLinkResponse], status: .ok, sequence: sequence)
            },
            ConformanceCase(
                id: "enquire-link.open",
                title: "enquire_link before any bind is answered (it is allowed in every state)",
                reference: "§2.3 (Table 2-1), §4.11.1"
            ) { context in
                let connection = try await context.connect()
                defer { connection.closeNow() }
                let answer = try await context.request(.enquireLink, on: connection)
                return context.judge(answer, expecting: [.enquireLinkResponse], status: .ok)
            },
            ConformanceCase(
                id: "unbind",
                title: "unbind is answered with unbind_resp, then the connection closes",
                reference: "§4.2.1, §4.2.2"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                let answer = try await context.request(.unbind, on: connection)
                let outcome = context.judge(answer, expecting: [.unbindResponse], status: .ok)
                guard outcome.verdict == .pass else { return outcome }
                switch try await context.answer(on: connection) {
                case .closed: return .pass("unbind_resp ESME_ROK, then the peer closed")
                case .silence: return .warn("unbind_resp ESME_ROK, but the peer kept the connection open")
                case let other: return .fail("after unbind_resp the peer sent \(other)")
                }
            },
            ConformanceCase(
                id: "state.submit-before-bind",
                title: "submit_sm before a bind is refused with ESME_RINVBNDSTS",
                reference: "§2.3 (Table 2-1), §5.1.3"
            ) { context in
                let connection = try await context.connect()
                defer { connection.closeNow() }
                let answer = try await context.request(.submitSM(Self.message()), on: connection)
                return Self.judgeRefusal(answer, context: context, status: .invalidBindStatus)
            },
            ConformanceCase(
                id: "state.submit-on-receiver",
                title: "submit_sm on a receiver bind is refused with ESME_RINVBNDSTS",
                reference: "§2.3 (Table 2-1), §4.1.3"
            ) { context in
                let connection = try await context.bound(.bindReceiver)
                defer { connection.closeNow() }
                let answer = try await context.request(.submitSM(Self.message()), on: connection)
                return Self.judgeRefusal(answer, context: context, status: .invalidBindStatus)
            },
        ]
    }

    static func bind(_ id: String, _ command: CommandID, _ response: CommandID, _ reference: String) -> ConformanceCase
    {
        ConformanceCase(id: id, title: "\(command) with good credentials is answered ESME_ROK", reference: reference) {
            context in
            let connection = try await context.connect()
            defer { connection.closeNow() }
            let answer = try await context.request(context.bindBody(command), on: connection)
            let outcome = context.judge(answer, expecting: [response], status: .ok)
            guard outcome.verdict == .pass, case .response(let pdu) = answer else { return outcome }
            _ = try? await context.request(.unbind, on: connection)
            return .pass("\(outcome.detail); system_id \(Self.systemID(of: pdu) ?? "?")")
        }
    }

    /// A refusal may come as the request's own response or as generic_nack; either carries the status.
    static func judgeRefusal(
        _ answer: ConformanceContext.Answer,
        context: ConformanceContext,
        status: CommandStatus
    ) -> Outcome {
        context.judge(answer, expecting: [.submitSMResponse, .genericNack], status: status)
    }

    static func systemID(of pdu: PDU) -> String? {
        switch pdu.body {
        case .bindReceiverResponse(let response), .bindTransmitterResponse(let response),
            .bindTransceiverResponse(let response):
            return response.systemID
        default: return nil
        }
    }

    static func wrongPassword(_ password: String) -> String {
        password == "wrong1" ? "wrong2" : "wrong1"
    }
}
