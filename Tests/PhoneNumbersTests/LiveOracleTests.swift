// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPTestSupport
import Testing

/// Fresh random cases from live `phonenumbers` (scripts/phonenumbers/gen_cases.py --live), with a new seed each
/// run. Needs python3 with phonenumbers installed, so it runs only with MOGATE_INTEROP=1, and then fails when the
/// tool is missing.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1", "set MOGATE_INTEROP=1"))
struct LiveOracleTests {
    @Test("the normalizer agrees with live phonenumbers on random valid numbers of random regions")
    func randomNumbers() async throws {
        let seed = UInt32.random(in: 1...UInt32.max)
        // #filePath = <repo>/Tests/PhoneNumbersTests/LiveOracleTests.swift
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = repository.appendingPathComponent("scripts/phonenumbers/gen_cases.py").path

        let result = try await ChildProcess.run("python3", [script, "--live", "3000", "--seed", String(seed)])
        try #require(result.succeeded, "gen_cases.py --live failed (is phonenumbers installed?): \(result.errors)")

        let cases = OracleCase.parse(result.output)
        #expect(cases.count >= 3_000)
        let failures = cases.compactMap { $0.disagreement() }
        #expect(
            failures.isEmpty,
            "seed \(seed): \(failures.count) of \(cases.count) disagree:\n\(failures.prefix(40).joined(separator: "\n"))"
        )
    }
}
