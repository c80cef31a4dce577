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
}
