// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

@Suite struct DeadLettersCommandTests {
    let mogate: MogateExecutable
    let dataDirectory: URL

    init() throws {
        self.mogate = try MogateExecutable()
        self.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-dl-\(UUID())")
    }

    private static func record(_ id: String) -> MORecord {
        MORecord(
            id: id,
            type: .mo,
            from: "+447700900123",
            fromRaw: .init(addr: "07700900123", ton: 2, npi: 1),
            fromValid: true,
            to: "+447860000000",
            toRaw: .init(addr: "447860000000", ton: 1, npi: 1),
            toValid: true,
            text: "Verify 483920",
            encoding: "gsm7",
            dataCoding: 0,
            bodyHex: "",
            receivedAt: Date(timeIntervalSince1970: 1_790_000_000),
            smpp: .init(command: "deliver_sm", systemID: "carrier1")
        )
    }

    /// Writes through the library: `dead` become dead letters (oldest first), `pending` stay in the outbox.
    private func makeStore(dead: [String], pending: [String] = []) async throws {
        let store = try SQLiteMessageStore(configuration: .init(dataDirectory: self.dataDirectory.path))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await store.run() }
            for id in dead + pending { try await store.append(Self.record(id)) }
            for id in dead {
                let attempt = DeliveryAttempt(id: id, at: Date(), httpStatus: 410, error: nil, durationMilliseconds: 5)
                try await store.recordAttempt(attempt, next: .deadLetter(reason: "HTTP 410\tGone"))
            }
            // Every write above has committed; stopping the writer now only closes the file.
            tasks.cancelAll()
            try await tasks.waitForAll()
        }
    }

    private var dataDirArguments: [String] { ["--data-dir", self.dataDirectory.path] }

    @Test("list prints one tab-separated line per dead letter, newest first")
    func listText() async throws {
        try await self.makeStore(dead: ["mo-1", "mo-2"], pending: ["mo-3"])
        let output = try await self.mogate.run(["deadletters", "list"] + self.dataDirArguments)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdoutText.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        #expect(lines.map { $0.first.map(String.init) } == ["mo-2", "mo-1"])
        let first = try #require(lines.first)
        #expect(first.count == 5)
        #expect(first.count == 5 && first[1] == "mo")
        #expect(first.count == 5 && MOTimestamp.date(String(first[2])) != nil)
        #expect(first.count == 5 && first[3] == "1")
        // The tab in the error text became a space, so the columns hold.
        #expect(first.count == 5 && first[4] == "HTTP 410 Gone")
    }

    @Test("list --json prints each dead letter's status and record as a JSON line")
    func listJSON() async throws {
        try await self.makeStore(dead: ["mo-1"])
        let output = try await self.mogate.run(["deadletters", "list", "--json"] + self.dataDirArguments)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = try output.jsonLines()
        #expect(lines.count == 1)
        let object = try #require(lines.first)
        #expect(object["id"] as? String == "mo-1")
        #expect(object["state"] as? String == "dead")
        #expect(object["last_error"] as? String == "HTTP 410\tGone")
        #expect((object["attempts"] as? [[String: Any]])?.first?["http_status"] as? Int == 410)
        #expect((object["record"] as? [String: Any])?["text"] as? String == "Verify 483920")
        #expect((object["queued_at"] as? String).flatMap(MOTimestamp.date) != nil)
    }

    @Test("replay puts dead letters back, and exits 1 naming the ids that were not dead letters")
    func replay() async throws {
        try await self.makeStore(dead: ["mo-1", "mo-2"], pending: ["mo-3"])
        let output = try await self.mogate.run(
            ["deadletters", "replay", "mo-1", "mo-3", "nope"] + self.dataDirArguments
        )
        #expect(output.status == 1)
        #expect(output.stdoutText == "replayed mo-1\n")
        #expect(output.stderr.contains("not a dead letter: mo-3"))
        #expect(output.stderr.contains("not a dead letter: nope"))

        let list = try await self.mogate.run(["deadletters", "list"] + self.dataDirArguments)
        #expect(list.stdoutText.split(separator: "\n").map { $0.prefix(4) } == ["mo-2"])

        let again = try await self.mogate.run(["deadletters", "replay", "mo-2"] + self.dataDirArguments)
        #expect(again.status == 0)
        #expect(again.stdoutText == "replayed mo-2\n")

        // The library sees both back in the outbox, due now.
        let store = try SQLiteMessageStore(configuration: .init(dataDirectory: self.dataDirectory.path))
        let due = try await store.dueForDelivery(now: Date(), limit: 10).map(\.record.id)
        #expect(Set(due) == ["mo-1", "mo-2", "mo-3"])
    }

    @Test("a data directory without a store is an error, not a new empty store")
    func missingStore() async throws {
        let output = try await self.mogate.run(["deadletters", "list"] + self.dataDirArguments)
        #expect(output.status != 0)
        #expect(output.stderr.contains("no store at"))
        #expect(!FileManager.default.fileExists(atPath: self.dataDirectory.path))
    }
}
