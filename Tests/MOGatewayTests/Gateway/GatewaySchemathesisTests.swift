// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import SMPPTestSupport
import Testing

/// A running gateway's HTTP API against `openapi-gateway.yaml`, fuzzed by schemathesis (PyPI): no 5xx, and no
/// status code, content type, header or body off the document.
///
/// It runs an external program, so only with `MOGATE_INTEROP=1` (CI sets it; `.ci/run` installs schemathesis).
@Suite struct GatewaySchemathesisTests {
    static let openAPI: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("openapi-gateway.yaml").path
    }()

    @Test(
        "schemathesis finds no 5xx and no response off openapi-gateway.yaml",
        .enabled(
            if: ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1",
            "set MOGATE_INTEROP=1 (and pip install schemathesis) to fuzz the gateway's HTTP API"
        ),
        .timeLimit(.minutes(5))
    )
    func fuzz() async throws {
        let schemathesis = try #require(ChildProcess.which("schemathesis"), "MOGATE_INTEROP=1 but no schemathesis")
        var configuration = try EmulatorHarness.configuration(directory: try StoreFixtures.directory(), accounts: [])
        configuration.adminToken = "schemathesis-token"
        let (succeeded, output) = try await EmulatorHarness.run(configuration) { _, _, httpPort in
            try await Schemathesis.run(
                schemathesis,
                spec: Self.openAPI,
                port: httpPort,
                token: "schemathesis-token",
                seed: 20_261_127
            )
        }
        #expect(succeeded, "schemathesis failed:\n\(output)")
        // All seven operations were exercised, not skipped.
        #expect(output.contains("Tested: 7"), "\(output)")
    }
}
