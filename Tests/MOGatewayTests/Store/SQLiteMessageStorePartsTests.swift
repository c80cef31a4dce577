// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

@Suite struct SQLiteMessageStorePartsTests {
    static let texts = [1: "The ", 2: "OTP is ", 3: "483920"]

    private func part(_ sequence: Int, reference: Int = 42, at offset: Int = 0) -> MOPart {
        StoreFixtures.part(
            reference: reference,
            sequence: sequence,
            total: 3,
            text: Self.texts[sequence]!,
            receivedAt: StoreFixtures.date(offset)
        )
    }

    @Test(
        "parts in any order complete the message, assembled in part order",
        arguments: [[1, 2, 3], [3, 1, 2], [2, 3, 1], [3, 2, 1]]
    )
    func anyOrder(_ order: [Int]) async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            #expect(
                try await store.appendPart(self.part(order[0]), assemble: StoreFixtures.assemble)
                    == .stored(received: 1)
            )
            #expect(
                try await store.appendPart(self.part(order[1]), assemble: StoreFixtures.assemble)
                    == .stored(received: 2)
            )
            let outcome = try await store.appendPart(self.part(order[2]), assemble: StoreFixtures.assemble)
            guard case .completed(let record) = outcome else {
                Issue.record("expected completion, got \(outcome)")
                return
            }
            #expect(record.text == "The OTP is 483920")
            #expect(record.incomplete == nil)
            #expect(try await store.dueForDelivery(now: Date(), limit: 10).map(\.record) == [record])
            // The parts are gone: a flush finds nothing left.
            let flushed = try await store.flushIncompleteParts(
                olderThan: .distantFuture,
                assemble: StoreFixtures.assemble
            )
            #expect(flushed.isEmpty)
        }
    }

    @Test("a part stored before is a duplicate and changes nothing")
    func duplicatePart() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            #expect(try await store.appendPart(self.part(2), assemble: StoreFixtures.assemble) == .stored(received: 1))
            #expect(try await store.appendPart(self.part(2), assemble: StoreFixtures.assemble) == .duplicate)
            #expect(try await store.appendPart(self.part(1), assemble: StoreFixtures.assemble) == .stored(received: 2))
            #expect(try await store.backlog() == 0)
        }
    }

    @Test("the same reference with another total or sender is another message")
    func keysApart() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            var other = self.part(1)
            other.key.source = "447700900999"
            #expect(try await store.appendPart(self.part(1), assemble: StoreFixtures.assemble) == .stored(received: 1))
            #expect(try await store.appendPart(other, assemble: StoreFixtures.assemble) == .stored(received: 1))
        }
    }

    @Test("a restart between parts loses none: the message completes after reopening")
    func restartBetweenParts() async throws {
        let directory = try StoreFixtures.directory()
        let configuration = StoreFixtures.configuration(directory)
        try await StoreFixtures.withStore(configuration) { (store) async throws -> Void in
            _ = try await store.appendPart(self.part(3), assemble: StoreFixtures.assemble)
            _ = try await store.appendPart(self.part(1), assemble: StoreFixtures.assemble)
        }
        let record = try await StoreFixtures.withStore(configuration) { store in
            #expect(try await store.appendPart(self.part(1), assemble: StoreFixtures.assemble) == .duplicate)
            return try await store.appendPart(self.part(2), assemble: StoreFixtures.assemble)
        }
        guard case .completed(let whole) = record else {
            Issue.record("expected completion after reopening, got \(record)")
            return
        }
        #expect(whole.text == "The OTP is 483920")
    }

    @Test("flushIncompleteParts forwards what arrived of old messages, marked incomplete, and leaves newer ones")
    func flush() async throws {
        let directory = try StoreFixtures.directory()
        try await StoreFixtures.withStore(StoreFixtures.configuration(directory)) { (store) async throws -> Void in
            _ = try await store.appendPart(self.part(3, reference: 1, at: 0), assemble: StoreFixtures.assemble)
            _ = try await store.appendPart(self.part(1, reference: 1, at: 400), assemble: StoreFixtures.assemble)
            _ = try await store.appendPart(self.part(2, reference: 2, at: 250), assemble: StoreFixtures.assemble)

            let flushed = try await store.flushIncompleteParts(
                olderThan: StoreFixtures.date(200),
                assemble: StoreFixtures.assemble
            )
            #expect(flushed.map(\.id) == ["msg-1"])
            #expect(flushed.first?.text == "The 483920")
            #expect(flushed.first?.incomplete == true)
            #expect(flushed.first?.receivedParts == [1, 3])
            #expect(try await store.dueForDelivery(now: Date(), limit: 10).map(\.record) == flushed)
            #expect(try await store.backlog() == 1)

            // Reference 2 stays until its own time comes, and its message can still complete.
            _ = try await store.appendPart(self.part(1, reference: 2, at: 260), assemble: StoreFixtures.assemble)
            let last = try await store.appendPart(self.part(3, reference: 2, at: 270), assemble: StoreFixtures.assemble)
            guard case .completed(let whole) = last else {
                Issue.record("expected completion, got \(last)")
                return
            }
            #expect(whole.text == "The OTP is 483920")
        }
    }
}
