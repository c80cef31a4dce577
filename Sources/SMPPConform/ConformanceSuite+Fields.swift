// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

extension ConformanceSuite {
    static var fieldCases: [ConformanceCase] {
        [
            Self.badSubmit(
                "field.source-addr-too-long",
                "a source_addr of 25 digits (the limit is 21 with the NUL) is refused with ESME_RINVSRCADR",
                "§4.4.1, §5.2.8",
                RawPDU.submitSMBody(source: String(repeating: "4", count: 25)),
                .invalidSourceAddress
            ),
            Self.badSubmit(
                "field.destination-addr-too-long",
                "a destination_addr of 25 digits is refused with ESME_RINVDSTADR",
                "§4.4.1, §5.2.8",
                RawPDU.submitSMBody(destination: String(repeating: "4", count: 25)),
                .invalidDestinationAddress
            ),
            Self.badSubmit(
                "field.sm-length-255",
                "sm_length 255 (the limit is 254) is refused with ESME_RINVMSGLEN",
                "§4.4.1, §5.2.21",
                RawPDU.submitSMBody(shortMessage: [UInt8](repeating: 0x41, count: 255)),
                .invalidMessageLength
            ),
            Self.badSubmit(
                "field.sm-length-mismatch",
                "an sm_length larger than the octets that follow is refused with ESME_RINVMSGLEN",
                "§4.4.1, §5.2.21",
                RawPDU.submitSMBody(shortMessage: Array("short".utf8), smLength: 200),
                .invalidMessageLength
            ),
            ConformanceCase(
                id: "field.system-id-too-long",
                title: "a bind whose system_id has 20 characters (the limit is 16 with the NUL) is refused",
                reference: "§4.1.1, §5.2.1"
            ) { context in
                let connection = try await context.connect()
                defer { connection.closeNow() }
                var body = Array(String(repeating: "s", count: 20).utf8) + [0]  // system_id
                body += Array(context.target.password.utf8) + [0] + [0]  // password, system_type
                body += [0x34, 0, 0, 0]  // interface_version, addr_ton, addr_npi, address_range
                let sequence = connection.nextSequence()
                try await connection.sendRaw(RawPDU.frame(commandID: 0x0000_0009, sequence: sequence, body: body))
                let answer = try await context.answer(on: connection)
                return context.judge(
                    answer,
                    expecting: [.bindTransceiverResponse, .genericNack],
                    status: .invalidSystemID,
                    sequence: sequence
                )
            },
        ]
    }

    static func badSubmit(
        _ id: String,
        _ title: String,
        _ reference: String,
        _ body: [UInt8],
        _ status: CommandStatus
    ) -> ConformanceCase {
        ConformanceCase(id: id, title: title, reference: reference) { context in
            let connection = try await context.bound()
            defer { connection.closeNow() }
            let sequence = connection.nextSequence()
            try await connection.sendRaw(RawPDU.frame(commandID: RawPDU.submitSM, sequence: sequence, body: body))
            let answer = try await context.answer(on: connection)
            let outcome = context.judge(
                answer,
                expecting: [.submitSMResponse, .genericNack],
                status: status,
                sequence: sequence
            )
            guard outcome.verdict != .fail else { return outcome }
            let after = try await context.request(.enquireLink, on: connection)
            guard after.status == .ok else { return .fail("\(outcome.detail), then enquire_link got \(after)") }
            return outcome
        }
    }
}
