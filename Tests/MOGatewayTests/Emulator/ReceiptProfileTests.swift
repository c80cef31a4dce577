// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import SMPPCore
import Testing

@Suite struct ReceiptProfileTests {
    @Test("weights, last-digit and delays parse; nonsense is refused")
    func parsing() throws {
        let weighted = try ReceiptProfile(parsing: "DELIVRD=90,UNDELIV=5,EXPIRED=3,REJECTD=2", delay: "100ms-3s")
        #expect(weighted.delay == .milliseconds(100) ... .seconds(3))
        guard case .weighted(let entries) = weighted.mode else {
            Issue.record("not weighted")
            return
        }
        #expect(entries.map(\.outcome.state) == [.delivered, .undeliverable, .expired, .rejected])
        #expect(entries.map(\.weight) == [90, 5, 3, 2])
        #expect(try ReceiptProfile(parsing: "last-digit", delay: "2s").delay == .seconds(2) ... .seconds(2))
        #expect(throws: ReceiptProfile.ParseError.self) { try ReceiptProfile(parsing: "DELIVRD=x") }
        #expect(throws: ReceiptProfile.ParseError.self) { try ReceiptProfile(parsing: "SENT=1") }
        #expect(throws: ReceiptProfile.ParseError.self) { try ReceiptProfile(parsing: "DELIVRD=0") }
        #expect(throws: ReceiptProfile.ParseError.self) { try ReceiptProfile(parsing: "last-digit", delay: "3s-1s") }
    }

    @Test("the documented last-digit table", arguments: Array(0...9))
    func lastDigit(digit: Int) {
        let expected: [Int: (MessageState, UInt16)] = [
            5: (.undeliverable, 1), 6: (.expired, 27), 7: (.rejected, 11), 8: (.unknown, 0), 9: (.enroute, 0),
        ]
        let (state, error) = expected[digit] ?? (.delivered, 0)
        let outcome = ReceiptProfile.lastDigitOutcome("4477009000\(digit)")
        #expect(outcome == ReceiptProfile.Outcome(state: state, error: error))
    }

    @Test("the MT store draws the same outcomes, delays and ids for the same seed")
    func seededStore() throws {
        let profile = try ReceiptProfile(parsing: "DELIVRD=1,UNDELIV=1,EXPIRED=1", delay: "0ms-10s")
        func draw(_ seed: UInt64) -> [String] {
            let store = MTMessageStore(profile: profile, seed: seed)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            return (0..<50).map { index in
                let submit = SubmitSM(sourceAddress: "a", destinationAddress: "44770\(index)")
                let message = store.submit(submit, systemID: "s", now: start)!
                return "\(message.id) \(message.outcome.state) \(message.dueAt.timeIntervalSince(start))"
            }
        }
        #expect(draw(1) == draw(1))
        #expect(draw(1) != draw(2))
    }

    @Test("a full MT store forgets final messages first and refuses when all are pending")
    func bounded() {
        let store = MTMessageStore(profile: .allDelivered, seed: 1, limit: 2)
        let now = Date()
        let first = store.submit(SubmitSM(sourceAddress: "a", destinationAddress: "1"), systemID: "s", now: now)!
        _ = store.submit(SubmitSM(sourceAddress: "a", destinationAddress: "2"), systemID: "s", now: now)!
        #expect(store.submit(SubmitSM(sourceAddress: "a", destinationAddress: "3"), systemID: "s", now: now) == nil)
        _ = store.due(now: now.addingTimeInterval(1))
        #expect(store.submit(SubmitSM(sourceAddress: "a", destinationAddress: "3"), systemID: "s", now: now) != nil)
        #expect(store.message(id: first.id, systemID: "s") == nil, "the oldest final message was forgotten")
    }
}

@Suite struct ESMEOutboxStoreTests {
    @Test("the ESME outbox queues one row per message and system_id, records outcomes, and purges only delivered rows")
    func outbox() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            let message = ESMEMessage(
                kind: .loopback,
                source: .init(addr: "1", ton: 1, npi: 1),
                destination: .init(addr: "2", ton: 1, npi: 1),
                dataCoding: 0,
                text: nil,
                encoding: "binary",
                body: [0x41]
            )
            try await store.enqueueESME(messageID: "m1", systemID: "a", message: message)
            try await store.enqueueESME(messageID: "m1", systemID: "a", message: message)
            try await store.enqueueESME(messageID: "m2", systemID: "a", message: message)
            try await store.enqueueESME(messageID: "m3", systemID: "b", message: message)
            let onlyB = try await store.dueESMEDeliveries(now: Date().addingTimeInterval(1), limit: 1, systemIDs: ["b"])
            #expect(onlyB.map(\.messageID) == ["m3"], "rows for absent ESMEs do not crowd out a bound one's")
            try await store.recordESMEAttempt(id: onlyB[0].id, next: .dead(reason: "ESME_RX_P_APPN"))
            let due = try await store.dueESMEDeliveries(now: Date().addingTimeInterval(1), limit: 10)
            #expect(due.map(\.messageID) == ["m1", "m2"])
            #expect(due.first?.message == message)
            try await store.recordESMEAttempt(id: due[0].id, next: .delivered)
            try await store.recordESMEAttempt(
                id: due[1].id,
                next: .retry(at: Date().addingTimeInterval(3600), error: "ESME_RX_T_APPN")
            )
            #expect(try await store.dueESMEDeliveries(now: Date().addingTimeInterval(1), limit: 10).isEmpty)
            #expect(try await store.pendingESMEDeliveries() == 1)
            #expect(try await store.esmeDeliveries(messageID: "m2").first?.lastError == "ESME_RX_T_APPN")
            #expect(try await store.purgeESMEDeliveries(deliveredBefore: Date().addingTimeInterval(1)) == 1)
            #expect(try await store.esmeDeliveries(messageID: "m1").isEmpty)
            #expect(try await store.esmeDeliveries(messageID: "m2").count == 1)
        }
    }
}
