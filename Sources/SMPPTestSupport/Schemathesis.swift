// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// schemathesis (PyPI) against a running HTTP API and its OpenAPI document: no 5xx, and no status code, content
/// type, header or body off the document. Tests call it only with `MOGATE_INTEROP=1`; `.ci/run` installs it.
public enum Schemathesis {
    /// Runs `schemathesis run` with a fixed seed and 40 examples an operation, sending `token` as the bearer token.
    /// - Returns: whether it found nothing, and what it printed.
    public static func run(
        _ executable: String,
        spec: String,
        port: Int,
        token: String,
        seed: Int
    ) async throws -> (succeeded: Bool, output: String) {
        let result = try await ChildProcess.run(
            executable,
            [
                "run", spec, "--url", "http://127.0.0.1:\(port)",
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
                "--header", "Authorization: Bearer \(token)",
                "--max-examples", "40", "--seed", "\(seed)", "--workers", "1", "--no-color",
            ]
        )
        return (result.succeeded, result.output + result.errors)
    }
}
