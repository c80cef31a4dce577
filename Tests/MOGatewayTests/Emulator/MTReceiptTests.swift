// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// submit=mt: message ids, receipts as registered_delivery asks, seeded and last-digit outcomes.
@Suite struct MTReceiptTests {
    static func lastDigit(delay: String = "50ms") throws -> ReceiptProfile {
        try ReceiptProfile(parsing: "last-digit", delay: delay)
    }

    @Test("registered_delivery 0 none, 1 success and failure, 2 failure only, 0x10 adds an ENROUTE intermediate")
    func registeredDelivery() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["app:pw?submit=mt"],
            profile: try Self.lastDigit()
        )
        try await EmulatorHarness.run(configuration) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            let none = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 0)
            let bothOK = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 1)
            let bothFail = try await EmulatorHarness.submitMT(session, to: "447700900005", registeredDelivery: 1)
            let failOnlyOK = try await EmulatorHarness.submitMT(session, to: "447700900000", registeredDelivery: 2)
            let failOnlyFail = try await EmulatorHarness.submitMT(session, to: "447700900005", registeredDelivery: 2)
            let withIntermediate = try await EmulatorHarness.submitMT(
                session,
                to: "447700900001",
                registeredDelivery: 0x11
            )
            #expect(Set([none, bothOK, bothFail, failOnlyOK, failOnlyFail, withIntermediate]).count == 6)
            try await EmulatorHarness.eventually("four final receipts and one intermediate") {
                esme.receipts.count >= 5
            }
            try await Task.sleep(for: .milliseconds(400))
            #expect(esme.finals(none).isEmpty)
            #expect(esme.finals(bothOK).map(\.stat) == ["DELIVRD"])
            #expect(esme.finals(bothFail).map(\.stat) == ["UNDELIV"])
            #expect(esme.finals(failOnlyOK).isEmpty)
            #expect(esme.finals(failOnlyFail).map(\.stat) == ["UNDELIV"])
            #expect(esme.intermediates(withIntermediate).map(\.stat) == ["ENROUTE"])
            #expect(esme.finals(withIntermediate).map(\.stat) == ["DELIVRD"])
            #expect(esme.receipts.count == 5)
            try await session.unbind()
        }
    }

    @Test(
        "a receipt has the Appendix B text, esm_class 0x04, and the receipted_message_id, message_state, network_error_code TLVs"
    )
    func receiptFormat() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["app:pw?submit=mt", "other:pw?submit=mt"],
            profile: try Self.lastDigit()
        )
        try await EmulatorHarness.run(configuration) { _, port, _ in
            let sender = RecordingESME()
            let receiver = RecordingESME()
            let other = RecordingESME()
            // Receipts go to the submitter's receivers, not to its transmitter nor to another system_id.
            let transmitter = try await sender.connect(port: port, systemID: "app", bindType: .transmitter)
            let receiving = try await receiver.connect(port: port, systemID: "app", bindType: .receiver)
            let otherSession = try await other.connect(port: port, systemID: "other", bindType: .transceiver)
            let id = try await EmulatorHarness.submitMT(transmitter, to: "447700900006", registeredDelivery: 1)
            try await EmulatorHarness.eventually("the receipt") { receiver.deliveries.count == 1 }
            let pdu = try #require(receiver.deliveries.first)
            #expect(pdu.esmClass == 0x04)
            #expect(pdu.sourceAddress == "447700900006", "from the handset")
            #expect(pdu.destinationAddress == "Brand", "to the submitter's source address")
            let text = String(decoding: pdu.shortMessage.readableBytesView, as: UTF8.self)
            let pattern =
                #/^id:(\w+) sub:001 dlvrd:000 submit date:\d{10} done date:\d{10} stat:EXPIRED err:027 text:Your code is 123456,$/#
            let match = try #require(text.wholeMatch(of: pattern))
            #expect(String(match.1) == id)
            #expect(pdu.tlvs.receiptedMessageID == id)
            #expect(pdu.tlvs.messageStateValue == MessageState.expired.rawValue)
            #expect(pdu.tlvs.networkErrorCode == NetworkErrorCode(networkType: 3, errorCode: 27))
            #expect(sender.deliveries.isEmpty && other.deliveries.isEmpty)
            try await transmitter.unbind()
            try await receiving.unbind()
            try await otherSession.unbind()
        }
    }

    static let digitCases: [(String, String?)] = [
        ("0", "DELIVRD"), ("1", "DELIVRD"), ("2", "DELIVRD"), ("3", "DELIVRD"), ("4", "DELIVRD"),
        ("5", "UNDELIV"), ("6", "EXPIRED"), ("7", "REJECTD"), ("8", "UNKNOWN"), ("9", nil),
    ]

    @Test("--receipt-intermediate ACCEPTD: the intermediate notification says ACCEPTD, message_state 6")
    func acceptedIntermediate() async throws {
        var configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["app:pw?submit=mt"],
            profile: try Self.lastDigit()
        )
        configuration.emulator.intermediateState = .accepted
        try await EmulatorHarness.run(configuration) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            let id = try await EmulatorHarness.submitMT(session, to: "447700900001", registeredDelivery: 0x11)
            try await EmulatorHarness.eventually("the intermediate and the final receipt") {
                esme.intermediates(id).count == 1 && esme.finals(id).count == 1
            }
            #expect(esme.intermediates(id).map(\.stat) == ["ACCEPTD"])
            #expect(esme.finals(id).map(\.stat) == ["DELIVRD"])
            let pdu = try #require(esme.receipts.first { $0.pdu.esmClass & 0x3C == 0x20 }?.pdu)
            #expect(pdu.tlvs.messageStateValue == MessageState.accepted.rawValue)
            try await session.unbind()
        }
    }

    @Test("last-digit mode: the destination's last digit decides the outcome (protocol-docs/emulator.md)")
    func lastDigitMapping() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["app:pw?submit=mt"],
            profile: try Self.lastDigit()
        )
        try await EmulatorHarness.run(configuration) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            var ids: [String: String] = [:]
            for (digit, _) in Self.digitCases {
                ids[digit] = try await EmulatorHarness.submitMT(
                    session,
                    to: "44770090000" + digit,
                    registeredDelivery: 1
                )
            }
            try await EmulatorHarness.eventually("nine receipts") { esme.receipts.count >= 9 }
            try await Task.sleep(for: .milliseconds(300))
            for (digit, stat) in Self.digitCases {
                let id = try #require(ids[digit])
                #expect(esme.finals(id).map(\.stat) == (stat.map { [$0] } ?? []), "digit \(digit)")
            }
            try await session.unbind()
        }
    }

    /// Submits 24 messages with `seed` and returns (id, stat) in submission order.
    static func seededRun(seed: UInt64) async throws -> [String] {
        let profile = try ReceiptProfile(parsing: "DELIVRD=50,UNDELIV=30,EXPIRED=10,REJECTD=10", delay: "10ms-150ms")
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["app:pw?submit=mt"],
            profile: profile,
            seed: seed
        )
        return try await EmulatorHarness.run(configuration) { _, port, _ in
            let esme = RecordingESME()
            let session = try await esme.connect(port: port, systemID: "app", bindType: .transceiver)
            var ids: [String] = []
            for index in 0..<24 {
                ids.append(try await EmulatorHarness.submitMT(session, to: "4477009\(index)", registeredDelivery: 1))
            }
            try await EmulatorHarness.eventually("24 receipts") { esme.receipts.count >= 24 }
            let outcomes = ids.map { id in "\(id)=\(esme.finals(id).map(\.stat).joined())" }
            try await session.unbind()
            return outcomes
        }
    }

    @Test("a weighted profile with the same seed repeats exactly: same ids, same outcomes; another seed differs")
    func seededRepeats() async throws {
        let first = try await Self.seededRun(seed: 42)
        let second = try await Self.seededRun(seed: 42)
        let other = try await Self.seededRun(seed: 43)
        #expect(first == second)
        #expect(first != other)
        let stats = Set(first.map { $0.split(separator: "=").last.map(String.init) ?? "" })
        #expect(stats.count >= 3, "a 50/30/10/10 profile over 24 messages shows several outcomes: \(stats)")
    }
}
