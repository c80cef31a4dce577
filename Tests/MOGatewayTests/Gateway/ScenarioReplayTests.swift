// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import MOInject
import Testing

/// Scenario files replayed by `ScenarioReplay` against a real gateway, delivering to a real webhook receiver.
@Suite struct ScenarioReplayTests {
    static let csv = #"""
        from,to,text,hex,data_coding,esm_class,from_ton,at,tlv.source_port
        447700900001,447860000000,First,,,,1,0,
        # a comment line
        447700900002,447860000000,,00480069,8,,1,0.3,1f90
        447700900003,447860000000,"Third, quoted ""text""",,,3,1,0.6,
        """#

    static let yaml = """
        messages:
          - {from: "447700900011", to: "447860000000", text: "Later", at: 0.5}
          - from: "447700900010"
            to: "447860000000"
            text: "Sooner"
            at: 0.1
            tlvs:
              - {tag: source_port, value: "0050"}
          - {from: "447700900012", to: "447860000000", text: "Again", at: 0.7, every: 0.2, repeat: 2}
        """

    private static func write(_ text: String, _ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-scenario-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func records(_ log: ReceiverLog) throws -> [(MORecord, ContinuousClock.Instant)] {
        try log.requests.map { (try JSONDecoder().decode(MORecord.self, from: Data($0.body)), $0.at) }
    }

    @Test("a CSV scenario is replayed on its schedule: every MO arrives with its fields, in order")
    func csvReplay() async throws {
        let scenario = try Scenario.load(path: try Self.write(Self.csv, "scenario.csv"))
        #expect(scenario.entries.map(\.line) == [2, 4, 5])
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                let started = Date()
                let summary = try await ScenarioReplay(url: "http://127.0.0.1:\(httpPort)").run(scenario)
                let elapsed = Date().timeIntervalSince(started)
                #expect(
                    summary
                        == {
                            var expected = ScenarioSummary()
                            expected.sent = 3
                            expected.stored = 3
                            return expected
                        }()
                )
                #expect(elapsed >= 0.6, "the last entry is at 0.6 s")
                try await GatewayEndToEndTests.eventually("three MO delivered") { log.requests.count == 3 }
                let records = try self.records(log).map(\.0).sorted { $0.fromRaw.addr < $1.fromRaw.addr }
                #expect(records.map(\.text) == ["First", "Hi", #"Third, quoted "text""#])
                #expect(records[0].fromRaw.ton == 1)
                #expect(records[1].dataCoding == 8)
                #expect(records[1].smpp.tlvs["source_port"] == "1f90")
                #expect(records[2].smpp.esmClass == 3)
            }
        }
    }

    @Test("a YAML scenario follows its times, not its order, and repeats an entry every interval")
    func yamlSchedule() async throws {
        let scenario = try Scenario.load(path: try Self.write(Self.yaml, "scenario.yaml"))
        #expect(scenario.sends.map { ($0.offset * 1000).rounded() } == [100, 500, 700, 900])
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                let summary = try await ScenarioReplay(url: "http://127.0.0.1:\(httpPort)").run(scenario)
                #expect(summary.stored == 4)
                try await GatewayEndToEndTests.eventually("four MO delivered") { log.requests.count == 4 }
                // Ingestion order, by received_at: deliveries run concurrently, so their arrival order can differ
                // when the machine stalls.
                let received = try self.records(log).map(\.0).sorted { $0.receivedAt < $1.receivedAt }
                #expect(received.map(\.text) == ["Sooner", "Later", "Again", "Again"])
                #expect(received[0].smpp.tlvs["source_port"] == "0050")
            }
        }
    }

    @Test("--rate spaces messages evenly; refusals are counted by status")
    func rateAndRefusals() async throws {
        let csv = """
            from,to,text,data_coding
            1,2,one,
            1,2,two,
            1,2,three,
            1,2,"",
            """
        // The last row has text "" and no hex: the file check catches it before anything is sent.
        #expect(throws: ScenarioError.self) { try Scenario.parseCSV(csv, file: "rate.csv") }
        let scenario = try Scenario.parseCSV(
            "from,to,text,split\n1,2,one,\n1,2,two,\n1,2,\(String(repeating: "x", count: 200)),none\n",
            file: "rate.csv"
        )
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, _ in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                var replay = ScenarioReplay(url: "http://127.0.0.1:\(httpPort)")
                replay.rate = 5
                replay.repetitions = 2
                let started = Date()
                let summary = try await replay.run(scenario)
                let elapsed = Date().timeIntervalSince(started)
                #expect(summary.sent == 6)
                #expect(summary.stored == 4)
                #expect(summary.refused == ["400": 2])
                #expect(!summary.isSuccess)
                #expect(elapsed >= 0.8, "two rounds of three at 5/s: the last goes at 0.4 s into the second")
            }
        }
    }

    @Test(
        "malformed scenario files give an error naming the file and line",
        arguments: [
            ("scenario.csv", "from,to,text\n1,2,ok\n1,2\n", 3, "2 cells"),
            ("scenario.csv", "from,to,text,colour\n1,2,ok,red\n", 2, "unknown field \"colour\""),
            ("scenario.csv", "from,to,text,at\n1,2,ok,soon\n", 2, "at must be seconds"),
            ("scenario.csv", "from,to,hex\n1,2,0q\n", 2, "hex digits"),
            ("scenario.csv", "from,to,text\n1,2,\"never closed\n", 2, "never closed"),
            ("scenario.csv", "from,to,text,esm_class\n1,2,ok,256\n", 2, "esm_class must be 0 to 255"),
            ("scenario.csv", "from,to,text,tlv.nonsense\n1,2,ok,00\n", 2, "unknown TLV"),
            ("scenario.yaml", "- {from: '1', to: '2', text: ok}\n- {from: '1', text: ok}\n", 2, "to is missing"),
            ("scenario.yaml", "- {from: '1', to: '2', text: ok, every: 1}\n", 1, "every needs repeat"),
            ("scenario.yaml", "messages:\n  - {from: '1', to: '2', text: [a]}\n", 2, "text must be a single value"),
            ("scenario.yaml", "- {from: '1', to: '2', text: ok\n", 2, "not valid YAML"),
        ]
    )
    func malformed(name: String, text: String, line: Int, mention: String) throws {
        let path = try Self.write(text, name)
        do {
            _ = try Scenario.load(path: path)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.hasPrefix("\(path):\(line): "), "\(error)")
            #expect(error.reason.contains(mention), "\(error)")
        }
    }
}
