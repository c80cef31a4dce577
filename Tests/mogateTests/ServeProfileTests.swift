// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// `mogate serve --profile`: the failure profile as a setting, end to end over processes.
@Suite struct ServeProfileTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    @Test("conform against serve --profile healthy passes every case")
    func conformHealthy() async throws {
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            try await ServeSendTests.serve() + [
                "--smpp-port", "\(port)", "--account", "carrier1:secret", "--profile", "healthy",
            ]
        )
        try await serve.waitForLog("SMPP listening")
        let result = try await self.mogate.run([
            "conform", "--target", "127.0.0.1:\(port)", "--system-id", "carrier1", "--password", "secret",
        ])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText.contains(" pass, 0 warn, 0 fail"), "\(result.stdoutText)")
        #expect(try await serve.terminate() == 0)
    }

    @Test("profile: in the config file injects errors, stores nothing, and counts them in /metrics")
    func fileProfileAndMetrics() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-profile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let profile = directory.appendingPathComponent("always-throttled.yaml")
        try "seed: 1\nerrors:\n  ESME_RTHROTTLED: 100%\n".write(to: profile, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("mogate.yaml")
        try "profile: \(profile.path)\n".write(to: config, atomically: true, encoding: .utf8)
        let smppPort = try await BackgroundMogate.freePort()
        let httpPort = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            [
                "serve", "--config", config.path, "--smpp-port", "\(smppPort)", "--http-port", "\(httpPort)",
                "--data-dir", directory.appendingPathComponent("data").path, "--log-level", "debug",
            ]
        )
        try await serve.waitForLog("SMPP listening")
        let result = try await self.mogate.run([
            "send", "--host", "127.0.0.1", "--port", "\(smppPort)", "--system-id", "carrier1", "--password", "pw",
            "--from", "447700900123", "--to", "447860000000", "--text", "hi",
        ])
        #expect(result.status != 0)
        #expect(result.stdoutText.contains("ESME_RTHROTTLED"), "\(result.stdoutText)")
        try await serve.waitForLog("fault injected")
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(httpPort)/metrics"),
            timeout: .seconds(10)
        )
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(body.contains(#"mogate_faults_injected_total{kind="error",status="ESME_RTHROTTLED"} 1"#), "\(body)")
        #expect(!serve.output.contains("MO stored"))
        #expect(try await serve.terminate() == 0)
    }

    @Test("MOGATE_PROFILE sets it, --profile wins, and an unknown profile is refused")
    func settings() async throws {
        let fromEnvironment = try await self.mogate.run(
            ["serve", "--print-config"],
            environment: ["MOGATE_PROFILE": "flaky"]
        )
        #expect(fromEnvironment.stdoutText.contains(#"profile: "flaky""#), "\(fromEnvironment.stdoutText)")
        let fromFlag = try await self.mogate.run(
            ["serve", "--print-config", "--profile", "dead"],
            environment: ["MOGATE_PROFILE": "flaky"]
        )
        #expect(fromFlag.stdoutText.contains(#"profile: "dead""#))
        let unknown = try await self.mogate.run(["serve", "--print-config", "--profile", "chaotic"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--profile"), "\(unknown.stderr)")
    }
}
