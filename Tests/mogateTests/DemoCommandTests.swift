// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// `mogate demo`, run as a user runs it.
@Suite struct DemoCommandTests {
    @Test("demo runs the six steps twice, a match then a mismatch, in seconds, and exits 0")
    func demo() async throws {
        let mogate = try MogateExecutable()
        let started = ContinuousClock.now
        let result = try await mogate.run(["demo"])
        let elapsed = ContinuousClock.now - started
        let out = result.stdoutText
        #expect(result.status == 0, "\(out)\n\(result.stderr)")
        // "In seconds": under one alone; the bound leaves room for a loaded CI machine.
        #expect(elapsed < .seconds(40), "the demo took \(elapsed)")
        for step in 1...6 {
            #expect(
                out.components(separatedBy: "\n\(step). ").count == 3,
                "step \(step) should show in both runs:\n\(out)"
            )
        }
        #expect(out.contains("callback status=COMPLETED match=true signature valid"))
        #expect(out.contains("callback status=COMPLETED match=false signature valid"))
        #expect(out.contains("retried"), "the backend refuses the first callback, so the verifier retries")
        #expect(out.contains("status=COMPLETED match=true\n"))
        #expect(out.contains("status=COMPLETED match=false\n"))
        #expect(out.hasSuffix("demo passed: match, then mismatch, as expected\n"))
    }

    @Test("demo exits non-zero when an outcome is wrong: the 'other' phone is the checked phone")
    func demoFailsOnWrongOutcome() async throws {
        let mogate = try MogateExecutable()
        let result = try await mogate.run(["demo", "--other-phone", "447700900123"])
        #expect(result.status != 0)
        #expect(result.stdoutText.contains("✗ expected COMPLETED with match=false"))
        #expect(result.stdoutText.contains("demo FAILED"))
    }
}
