// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPCore
import Testing

@Suite struct BenchCommandTests {
    @Test("bench decode and bench encode print one JSON object with the agreed keys", arguments: ["decode", "encode"])
    func jsonKeys(operation: String) async throws {
        let mogate = try MogateExecutable()
        let pdus = (1...50).map { sequence in
            PDUFixtures.deliverSM(sequenceNumber: UInt32(sequence), shortMessage: Array("message \(sequence)".utf8))
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-bench-\(UUID()).bin")
        try Data(PDUFixtures.bytes(pdus)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let output = try await mogate.run(["bench", operation, "--file", file.path, "--seconds", "0.2", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = try output.jsonLines()
        try #require(lines.count == 1)
        let result = lines[0]
        #expect(Set(result.keys) == ["pdus_per_s", "ns_per_pdu", "mb_per_s", "pdus"])
        let total = try #require(result["pdus"] as? Int)
        #expect(total > 0 && total % pdus.count == 0)
        #expect((result["pdus_per_s"] as? Double ?? 0) > 0)
        #expect((result["ns_per_pdu"] as? Double ?? 0) > 0)
        #expect((result["mb_per_s"] as? Double ?? 0) > 0)
    }

    @Test("bench refuses a file that is not whole PDUs")
    func refusesUnframedFile() async throws {
        let mogate = try MogateExecutable()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-bench-\(UUID()).bin")
        try Data([0, 0, 0, 4, 1, 2, 3]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try await mogate.run(["bench", "decode", "--file", file.path, "--seconds", "0.1"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("framing lost"))
    }

    @Test("bench store stores and delivers every MO in a store of its own, and reports the work")
    func store() async throws {
        let mogate = try MogateExecutable()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-bench-store-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try await mogate.run([
            "bench", "store", "--count", "200", "--batch", "16", "--data-dir", directory.path, "--json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = try output.jsonLines()
        try #require(lines.count == 1)
        let result = lines[0]
        #expect(
            Set(result.keys) == [
                "mo", "mo_per_s", "cpu_us_per_mo", "writer_cpu_us_per_mo", "commits", "writes",
                "bytes_written_per_mo",
            ]
        )
        #expect(result["mo"] as? Int == 200)
        // 200 appends, and one write of attempts for each of the 13 rounds.
        #expect(result["writes"] as? Int == 213)
        let commits = try #require(result["commits"] as? Int)
        #expect(commits >= 13 && commits <= 213)
        #expect((result["bytes_written_per_mo"] as? Int ?? 0) > 0)
        #expect((result["cpu_us_per_mo"] as? Double ?? 0) > 0)

        // The store is kept when named, and a second run adds to it.
        let again = try await mogate.run(["bench", "store", "--count", "10", "--data-dir", directory.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdoutText.contains("10 MO in rounds of 16"), "\(again.stdoutText)")
    }

    @Test("bench store refuses a count, batch or durability it cannot use")
    func storeRefusals() async throws {
        let mogate = try MogateExecutable()
        for arguments in [["--count", "0"], ["--batch", "0"], ["--durability", "disk"]] {
            let output = try await mogate.run(["bench", "store"] + arguments)
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stderr.contains("--"), "\(output.stderr)")
        }
    }
}
