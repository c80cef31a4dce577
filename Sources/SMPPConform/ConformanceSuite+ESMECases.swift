// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// A case run on the ESME's one session, with mogate as its SMSC.
struct ESMEConformanceCase: Sendable {
    var id: String
    var title: String
    var reference: String
    var run: @Sendable (ConformanceContext, ConformanceConnection) async throws -> Outcome
}

extension ConformanceSuite {
    static var esmeCases: [ESMEConformanceCase] {
        [
            ESMEConformanceCase(
                id: "esme.enquire-link",
                title: "the ESME answers enquire_link with the same sequence number",
                reference: "§4.11.1, §4.11.2"
            ) { context, connection in
                let sequence = connection.nextSequence()
                try await connection.send(PDU(sequenceNumber: sequence, body: .enquireLink))
                let answer = try await context.answer(on: connection)
                return context.judge(answer, expecting: [.enquireLinkResponse], status: .ok, sequence: sequence)
            },
            Self.deliver("esme.deliver-sm", "an MO deliver_sm (GSM 03.38) is answered ESME_ROK", "§4.6.1, §4.6.2") {
                [Self.message(text: "Verify 483920")]
            },
            Self.deliver("esme.deliver-sm.ucs2", "a UCS-2 MO with an emoji is answered ESME_ROK", "§4.6.1, §5.2.19") {
                [Self.message(text: "Code 483920 \u{1F642}", encoding: .ucs2)]
            },
            Self.deliver(
                "esme.deliver-sm.concat-udh8",
                "the 3 parts of a long MO with an 8-bit UDH are each answered ESME_ROK",
                "§4.6.1, §5.2.12"
            ) { Self.longMessageParts(.udh8) },
            Self.deliver(
                "esme.deliver-sm.concat-sar",
                "the 3 parts of a long MO with sar_* TLVs are each answered ESME_ROK",
                "§4.6.1, §5.3.2.22–§5.3.2.24"
            ) { Self.longMessageParts(.sar) },
            Self.deliver(
                "esme.delivery-receipt",
                "a delivery receipt (esm_class 0x04, receipted_message_id, message_state) is answered ESME_ROK",
                "§4.6.1, §5.2.12, Appendix B"
            ) { [Self.receipt()] },
            ESMEConformanceCase(
                id: "esme.window",
                title: "10 outstanding deliver_sm are all answered, matched by sequence number",
                reference: "§2.6, §4.6.2"
            ) { context, connection in
                var outstanding: Set<UInt32> = []
                for index in 0..<10 {
                    let sequence = connection.nextSequence()
                    outstanding.insert(sequence)
                    try await connection.send(
                        PDU(sequenceNumber: sequence, body: .deliverSM(Self.message(text: "window \(index)")))
                    )
                }
                while !outstanding.isEmpty {
                    let answer = try await context.answer(on: connection)
                    guard case .response(let pdu) = answer, pdu.commandID == .deliverSMResponse,
                        outstanding.remove(pdu.sequenceNumber) != nil
                    else { return .fail("with \(outstanding.count) of 10 outstanding: \(answer)") }
                    guard pdu.commandStatus == .ok else { return .fail("a window deliver_sm got \(answer)") }
                }
                return .pass("10 of 10 answered ESME_ROK")
            },
            ESMEConformanceCase(
                id: "esme.unknown-command",
                title: "an unknown command_id is answered generic_nack ESME_RINVCMDID",
                reference: "§4.3.1, §5.1.3"
            ) { context, connection in
                let sequence = connection.nextSequence()
                try await connection.sendRaw(RawPDU.frame(commandID: 0x0000_00AA, sequence: sequence))
                let answer = try await context.answer(on: connection)
                return context.judge(answer, expecting: [.genericNack], status: .invalidCommandID, sequence: sequence)
            },
            ESMEConformanceCase(
                id: "esme.unbind",
                title: "the ESME answers the SMSC's unbind with unbind_resp",
                reference: "§4.2.1, §4.2.2"
            ) { context, connection in
                let answer = try await context.request(.unbind, on: connection)
                return context.judge(answer, expecting: [.unbindResponse], status: .ok)
            },
        ]
    }

    static func deliver(
        _ id: String,
        _ title: String,
        _ reference: String,
        _ messages: @escaping @Sendable () -> [DeliverSM]
    ) -> ESMEConformanceCase {
        ESMEConformanceCase(id: id, title: title, reference: reference) { context, connection in
            let parts = messages()
            for message in parts {
                let sequence = connection.nextSequence()
                try await connection.send(PDU(sequenceNumber: sequence, body: .deliverSM(message)))
                let answer = try await context.answer(on: connection)
                let outcome = context.judge(answer, expecting: [.deliverSMResponse], status: .ok, sequence: sequence)
                guard outcome.verdict == .pass else { return outcome }
            }
            return .pass(parts.count == 1 ? "deliver_sm_resp ESME_ROK" : "\(parts.count) of \(parts.count) answered")
        }
    }

    static func receipt() -> DeliverSM {
        var tlvs = TLVList()
        tlvs.receiptedMessageID = "conform-1"
        tlvs.messageStateValue = 2
        let text =
            "id:conform-1 sub:001 dlvrd:001 submit date:2611261700 done date:2611261700 stat:DELIVRD err:000 text:Verify"
        return Self.message(bytes: Array(text.utf8), dataCoding: 0, esmClass: 0x04, tlvs: tlvs)
    }
}
