// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

extension ConformanceSuite {
    static var invalidPDUCases: [ConformanceCase] {
        [
            ConformanceCase(
                id: "generic-nack.unknown-command",
                title: "an unknown command_id is answered generic_nack ESME_RINVCMDID with its sequence number",
                reference: "§4.3.1, §5.1.3"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                let sequence = connection.nextSequence()
                try await connection.sendRaw(RawPDU.frame(commandID: 0x0000_00AA, sequence: sequence))
                let answer = try await context.answer(on: connection)
                let outcome = context.judge(
                    answer,
                    expecting: [.genericNack],
                    status: .invalidCommandID,
                    sequence: sequence
                )
                guard outcome.verdict != .fail else { return outcome }
                // The session must survive: the spec answers, it does not hang up.
                let after = try await context.request(.enquireLink, on: connection)
                guard after.status == .ok else { return .fail("\(outcome.detail), then enquire_link got \(after)") }
                return outcome
            },
            ConformanceCase(
                id: "command-length.too-short",
                title: "a command_length under 16 gets generic_nack ESME_RINVCMDLEN (framing is lost: a close follows)",
                reference: "§3.2, §4.3.1, §5.1.3"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                try await connection.sendRaw(RawPDU.frame(commandID: 0x0000_0015, sequence: 7, commandLength: 8))
                return Self.judgeFramingLoss(try await context.answer(on: connection))
            },
            ConformanceCase(
                id: "command-length.too-long",
                title: "a command_length far beyond any PDU (\"HTTP\") is refused before memory is spent",
                reference: "§3.2, §5.1.3"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                try await connection.sendRaw(Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
                return Self.judgeFramingLoss(try await context.answer(on: connection))
            },
        ]
    }

    /// After lost framing: generic_nack ESME_RINVCMDLEN (then a close) passes; a bare close warns.
    static func judgeFramingLoss(_ answer: ConformanceContext.Answer) -> Outcome {
        switch answer {
        case .response(let pdu) where pdu.commandID == .genericNack && pdu.commandStatus == .invalidCommandLength:
            return .pass("\(answer)")
        case .response(let pdu) where pdu.commandStatus != .ok:
            return .warn("\(answer); SMPP 3.4 prescribes generic_nack ESME_RINVCMDLEN")
        case .closed:
            return .warn("the peer closed without generic_nack ESME_RINVCMDLEN")
        default:
            return .fail("expected generic_nack ESME_RINVCMDLEN or a close, got \(answer)")
        }
    }
}
