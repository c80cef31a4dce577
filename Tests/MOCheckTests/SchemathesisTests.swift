// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOCheck
import SMPPTestSupport
import Testing

/// The running verifier against `openapi.yaml`, fuzzed by schemathesis (PyPI): no 5xx, no status code, content type,
/// header or body off the document.
///
/// It runs an external program, so only with `MOGATE_INTEROP=1` (CI sets it; `.ci/run` installs schemathesis).
@Suite struct SchemathesisTests {
    static let isRequested = ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1"

    static let openAPI: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("openapi.yaml").path
    }()

    @Test(
        "schemathesis finds no 5xx and no response off openapi.yaml",
        .enabled(if: Self.isRequested, "set MOGATE_INTEROP=1 (and pip install schemathesis) to fuzz the verifier"),
        .timeLimit(.minutes(5))
    )
    func fuzz() async throws {
        let schemathesis = try #require(
            ChildProcess.which("schemathesis"),
            "MOGATE_INTEROP=1 but schemathesis is not on PATH"
        )
        // A token, so that the bearer-auth paths are exercised; no webhook secret, so that generated MO bodies
        // reach the parser instead of all stopping at 401.
        var configuration = try VerifierHarness.configuration(secret: nil)
        configuration.apiToken = "schemathesis-token"
        let (succeeded, output) = try await VerifierHarness.with(configuration) { _, port in
            try await Schemathesis.run(
                schemathesis,
                spec: Self.openAPI,
                port: port,
                token: "schemathesis-token",
                seed: 20_261_126
            )
        }
        #expect(succeeded, "schemathesis failed:\n\(output)")
        // All three operations were exercised, not skipped.
        #expect(output.contains("Tested: 3"), "\(output)")
    }
}
