// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// query_sm, cancel_sm and replace_sm against held MT messages (SMPP 3.4 §4.8–§4.10).
@Suite struct MTOperationTests {
    static func configuration(delay: String) throws -> GatewayConfiguration {
        try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["app:pw?submit=mt", "intruder:pw?submit=mt"],
            profile: try ReceiptProfile(parsing: "last-digit", delay: delay)
        )
    }

    /// How long a "pending" MT stays pending in the cancel and replace tests.
    static let pendingDelay = "10s"

    static func query(_ session: SMPPSession, _ id: String) async throws -> (CommandStatus, QuerySMResponse?) {
        let response = try await session.send(
            .querySM(QuerySM(messageID: id, sourceAddressTON: 5, sourceAddress: "Brand"))
        )
        guard case .querySMResponse(let body) = response.body else { return (response.commandStatus, nil) }
        return (response.commandStatus, body)
    }

    static func cancel(_ session: SMPPSession, _ id: String) async throws -> CommandStatus {
        try await session.send(
            .cancelSM(CancelSM(messageID: id, sourceAddressTON: 5, sourceAddress: "Brand", destinationAddress: ""))
        ).commandStatus
    }

    static func replace(
        _ session: SMPPSession,
        _ id: String,
        text: String,
        registeredDelivery: UInt8 = 1
    ) async throws
        -> CommandStatus
    {
        try await session.send(
            .replaceSM(
                ReplaceSM(
                    messageID: id,
                    sourceAddressTON: 5,
                    sourceAddress: "Brand",
                    registeredDelivery: registeredDelivery,
                    shortMessage: ByteBuffer(bytes: GSM7.encodeUnpacked(text)!)
                )
            )
        ).commandStatus
    }

    @Test(
        "query_sm: ENROUTE while pending, then the final state, final_date and error_code; unknown ids ESME_RINVMSGID"
    )
    func query() async throws {
        try await EmulatorHarness.run(try Self.configuration(delay: "50ms")) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            let pending = try await EmulatorHarness.submitMT(session, to: "447700900009", registeredDelivery: 1)
            let failing = try await EmulatorHarness.submitMT(session, to: "447700900005", registeredDelivery: 1)
            let (status, body) = try await Self.query(session, pending)
            #expect(status == .ok)
            #expect(body?.messageID == pending)
            #expect(body?.messageState == MessageState.enroute.rawValue)
            #expect(body?.finalDate == "")
            try await EmulatorHarness.eventually("the failure receipt") { !esme.finals(failing).isEmpty }
            let (_, final) = try await Self.query(session, failing)
            #expect(final?.messageState == MessageState.undeliverable.rawValue)
            #expect(final?.errorCode == 1)
            #expect(final?.finalDate.wholeMatch(of: #/\d{12}000\+/#) != nil)
            #expect(try await Self.query(session, "NOSUCHID").0 == .invalidMessageID)
            let intruder = RecordingESME()
            let other = try await intruder.connect(port: port, systemID: "intruder", bindType: .transceiver)
            #expect(try await Self.query(other, pending).0 == .invalidMessageID, "another system_id's message")
            try await other.unbind()
            try await session.unbind()
        }
    }

    @Test("cancel_sm stops a pending message's receipt (ok); a final or cancelled one is ESME_RCANCELFAIL")
    func cancel() async throws {
        // Long enough for the cancel to come first even when the machine stalls for seconds (seen at 3 s).
        try await EmulatorHarness.run(try Self.configuration(delay: Self.pendingDelay)) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            let cancelled = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 1)
            let delivered = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 1)
            #expect(try await Self.cancel(session, cancelled) == .ok)
            #expect(try await Self.cancel(session, cancelled) == .cancelFailed)
            try await EmulatorHarness.eventually("the other message's receipt", timeout: .seconds(60)) {
                !esme.finals(delivered).isEmpty
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(esme.finals(cancelled).isEmpty, "no receipt for a cancelled message")
            #expect(try await Self.query(session, cancelled).1?.messageState == MessageState.deleted.rawValue)
            #expect(try await Self.cancel(session, delivered) == .cancelFailed)
            #expect(try await Self.cancel(session, "NOSUCHID") == .invalidMessageID)
            try await session.unbind()
        }
    }

    @Test("replace_sm changes a pending message's text and registered_delivery; a final one is ESME_RREPLACEFAIL")
    func replace() async throws {
        try await EmulatorHarness.run(try Self.configuration(delay: Self.pendingDelay)) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            let replaced = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 1)
            let silenced = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 1)
            #expect(try await Self.replace(session, replaced, text: "New text 999") == .ok)
            #expect(try await Self.replace(session, silenced, text: "quiet", registeredDelivery: 0) == .ok)
            try await EmulatorHarness.eventually("the replaced message's receipt", timeout: .seconds(60)) {
                !esme.finals(replaced).isEmpty
            }
            #expect(esme.finals(replaced).first?.text == "New text 999")
            try await Task.sleep(for: .milliseconds(300))
            #expect(esme.finals(silenced).isEmpty, "registered_delivery replaced by 0")
            #expect(try await Self.replace(session, replaced, text: "too late") == .replaceFailed)
            #expect(try await Self.replace(session, "NOSUCHID", text: "x") == .invalidMessageID)
            try await session.unbind()
        }
    }
}
