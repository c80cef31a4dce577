// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

extension ConformanceSuite {
    static var messageCases: [ConformanceCase] {
        [
            ConformanceCase(
                id: "window.out-of-order",
                title: "a window of 10 outstanding submit_sm is answered in full, matched by sequence number",
                reference: "§2.6 (asynchronous operation), §4.4.2"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                var outstanding: [UInt32] = []
                for index in 0..<10 {
                    let sequence = connection.nextSequence()
                    outstanding.append(sequence)
                    try await connection.send(
                        PDU(sequenceNumber: sequence, body: .submitSM(Self.message(text: "window \(index)")))
                    )
                }
                var answered: [UInt32] = []
                while answered.count < outstanding.count {
                    let answer = try await context.answer(on: connection)
                    guard case .response(let pdu) = answer, pdu.commandID == .submitSMResponse else {
                        return .fail("after \(answered.count) of 10 answers: \(answer)")
                    }
                    guard pdu.commandStatus == .ok else { return .fail("a window request got \(answer)") }
                    guard outstanding.contains(pdu.sequenceNumber), !answered.contains(pdu.sequenceNumber) else {
                        return .fail("an answer to sequence \(pdu.sequenceNumber), which is not outstanding")
                    }
                    answered.append(pdu.sequenceNumber)
                }
                let order = answered == outstanding ? "in order" : "out of order"
                return .pass("10 of 10 answered ESME_ROK, \(order)")
            },
            Self.longMessage("concat.udh8", .udh8, "3GPP TS 23.040 §9.2.3.24.1, §5.2.12 (esm_class UDHI)"),
            Self.longMessage("concat.udh16", .udh16, "3GPP TS 23.040 §9.2.3.24.8, §5.2.12 (esm_class UDHI)"),
            Self.longMessage("concat.sar", .sar, "§5.3.2.22–§5.3.2.24 (sar_* TLVs)"),
            ConformanceCase(
                id: "ucs2.surrogates",
                title: "UCS-2 text with a surrogate pair (an emoji) is accepted",
                reference: "§5.2.19 (data_coding 8)"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                let answer = try await context.request(
                    .submitSM(Self.message(text: "Code 483920 \u{1F642}", encoding: .ucs2)),
                    on: connection
                )
                return context.judge(answer, expecting: [.submitSMResponse], status: .ok)
            },
            ConformanceCase(
                id: "ucs2.split-surrogate",
                title: "a 2-part UCS-2 message whose emoji straddles the parts' boundary is accepted part by part",
                reference: "§5.2.19, 3GPP TS 23.040 §9.2.3.24.1"
            ) { context in
                let connection = try await context.bound()
                defer { connection.closeNow() }
                // 66 UTF-16 units then an emoji: its high surrogate ends part 1's 67 units, its low one starts part 2.
                var units = Array(String(repeating: "a", count: 66).utf16) + Array("\u{1F642}".utf16)
                units += Array(String(repeating: "b", count: 10).utf16)
                let octets = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                let parts = [Array(octets[0..<134]), Array(octets[134...])]
                for (index, part) in parts.enumerated() {
                    let header: [UInt8] = [0x05, 0x00, 0x03, 0x5A, 2, UInt8(index + 1)]
                    let answer = try await context.request(
                        .submitSM(Self.message(bytes: header + part, dataCoding: 8, esmClass: 0x40)),
                        on: connection
                    )
                    let outcome = context.judge(answer, expecting: [.submitSMResponse], status: .ok)
                    guard outcome.verdict == .pass else { return outcome }
                }
                return .pass("both parts answered ESME_ROK")
            },
        ]
    }

    static func longMessage(_ id: String, _ scheme: ConcatenationScheme, _ reference: String) -> ConformanceCase {
        ConformanceCase(
            id: id,
            title: "the 3 parts of a long message (\(scheme.rawValue)) are each answered ESME_ROK with a message_id",
            reference: reference
        ) { context in
            let connection = try await context.bound()
            defer { connection.closeNow() }
            let parts = Self.longMessageParts(scheme)
            guard parts.count == 3 else { return .fail("could not split the test text into 3 parts") }
            for message in parts {
                let answer = try await context.request(.submitSM(message), on: connection)
                let outcome = context.judge(answer, expecting: [.submitSMResponse], status: .ok)
                guard outcome.verdict == .pass else { return outcome }
                if case .response(let pdu) = answer, case .submitSMResponse(let response) = pdu.body,
                    response.messageID.isEmpty
                {
                    return .warn("a part was answered ESME_ROK without a message_id")
                }
            }
            return .pass("3 of 3 parts answered ESME_ROK")
        }
    }

    /// The 3 parts of a long GSM message, split with `scheme`: UDH in short_message, or sar_* TLVs.
    static func longMessageParts(_ scheme: ConcatenationScheme) -> [SubmitSM] {
        let text = String(repeating: "Your verification code is 483920. ", count: 12)
        return (SMSText.split(text, encoding: .gsm7, scheme: scheme, reference: 0x2A17) ?? []).map { segment in
            Self.message(
                bytes: segment.bytes,
                dataCoding: segment.dataCoding.rawValue,
                esmClass: segment.esmClass,
                tlvs: segment.addingSAR()
            )
        }
    }

    /// A submit_sm from a handset number to a service number.
    static func message(text: String = "Verify 483920", encoding: SMSText.Encoding = .gsm7) -> SubmitSM {
        let encoded = SMSText.encode(text, preferred: encoding, defaultAlphabet: .gsm7Unpacked)!
        return Self.message(bytes: encoded.bytes, dataCoding: encoded.dataCoding.rawValue)
    }

    static func message(
        bytes: [UInt8],
        dataCoding: UInt8,
        esmClass: UInt8 = 0,
        tlvs: TLVList = TLVList()
    ) -> SubmitSM {
        SubmitSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: "447860000000",
            esmClass: esmClass,
            dataCoding: dataCoding,
            shortMessage: ByteBuffer(bytes: bytes),
            tlvs: tlvs
        )
    }
}
