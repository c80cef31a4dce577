// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// Fresh random cases from live `phonenumbers` (scripts/phonenumbers/gen_cases.py --live), with a new seed each
/// run. Needs python3 with phonenumbers installed, so it runs only with MOGATE_INTEROP=1, and then fails when the
/// tool is missing.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1", "set MOGATE_INTEROP=1"))
struct LiveOracleTests {
    @Test("the normalizer agrees with live phonenumbers on random valid numbers of random regions")
    func randomNumbers() throws {
        let seed = UInt32.random(in: 1...UInt32.max)
        // #filePath = <repo>/Tests/PhoneNumbersTests/LiveOracleTests.swift
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = repository.appendingPathComponent("scripts/phonenumbers/gen_cases.py").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--live", "3000", "--seed", String(seed)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            "gen_cases.py --live failed (is phonenumbers installed?): \(errorText)"
        )

        let cases = OracleCase.parse(String(decoding: data, as: UTF8.self))
        #expect(cases.count >= 3_000)
        let failures = cases.compactMap { $0.disagreement() }
        #expect(
            failures.isEmpty,
            "seed \(seed): \(failures.count) of \(cases.count) disagree:\n\(failures.prefix(40).joined(separator: "\n"))"
        )
    }
}
