// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// `mogate serve` settings from a YAML file, `MOGATE_…` variables and flags, with flags winning.
@Suite struct ServeConfigurationTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    private func file(_ yaml: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-config-\(UUID()).yaml")
        try Data(yaml.utf8).write(to: url)
        return url.path
    }

    /// The resolved settings, from `--print-config`, as a dictionary of their printed lines.
    private func resolved(_ arguments: [String], environment: [String: String] = [:]) async throws -> [String: String] {
        let result = try await self.mogate.run(["serve", "--print-config"] + arguments, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        var settings: [String: String] = [:]
        for line in result.stdoutText.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix(" ") {
            let pair = line.split(separator: ":", maxSplits: 1)
            settings[String(pair[0])] = pair.count == 2 ? pair[1].trimmingCharacters(in: .whitespaces) : ""
        }
        return settings
    }

    @Test("flags win over MOGATE_ variables, which win over the file, which wins over the defaults")
    func precedence() async throws {
        let path = try self.file(
            """
            smpp-port: 2901
            http-port: 8181
            durability: os
            default-country: DE
            webhook-pipelining: 4
            """
        )
        let environment = ["MOGATE_SMPP_PORT": "2902", "MOGATE_HTTP_PORT": "8282"]
        let settings = try await self.resolved(["--config", path, "--smpp-port", "2903"], environment: environment)
        #expect(settings["smpp-port"] == "2903")
        #expect(settings["http-port"] == "8282")
        #expect(settings["durability"] == "\"os\"")
        #expect(settings["default-country"] == "\"DE\"")
        #expect(settings["reassembly-timeout"] == "300")
        #expect(settings["webhook-pipelining"] == "4")
        // MOGATE_CONFIG names the file when --config does not.
        let fromVariable = try await self.resolved([], environment: ["MOGATE_CONFIG": path])
        #expect(fromVariable["smpp-port"] == "2901")
    }

    @Test("secrets from any source are redacted in the dump, passwords in accounts and upstreams too")
    func redaction() async throws {
        let path = try self.file(
            """
            webhook-url: http://127.0.0.1:9/mo
            webhook-secret: file-secret-1
            account:
              - carrier1:pw1?bind=receiver
            upstream: ["smpp://esme:pw2@127.0.0.1:2775?bind=receiver"]
            """
        )
        let result = try await self.mogate.run(
            ["serve", "--print-config", "--config", path],
            environment: ["MOGATE_ADMIN_TOKEN": "env-token-2"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdoutText
        for secret in ["file-secret-1", "env-token-2", "pw1", "pw2"] {
            #expect(!text.contains(secret), "\(secret) leaked:\n\(text)")
        }
        #expect(text.contains("webhook-secret: \"<redacted>\""))
        #expect(text.contains("admin-token: \"<redacted>\""))
        #expect(text.contains("\"carrier1:<redacted>?bind=receiver\""))
        #expect(text.contains("\"smpp://esme:<redacted>@127.0.0.1:2775?bind=receiver\""))
    }

    @Test(
        "a bad setting is refused with its name in every spelling",
        arguments: [
            (["MOGATE_SMPP_PORT": "abc"], [String](), "MOGATE_SMPP_PORT"),
            (["MOGATE_DURABILITY": "disk"], [], "fsync, os, memory"),
            ([:], ["--account", "c1:pw?bind=recv"], "bind=recv is not transmitter, receiver or transceiver"),
            ([:], ["--account", "c1:pw?speed=9"], "unknown limit 'speed'"),
            (["MOGATE_WEBHOOK_URL": "no-scheme"], [], "--webhook-url (MOGATE_WEBHOOK_URL"),
            ([:], ["--webhook-ca-file", "/nonexistent/ca.pem"], "--webhook-ca-file (MOGATE_WEBHOOK_CA_FILE"),
            (["MOGATE_WEBHOOK_PIPELINING": "0"], [], "MOGATE_WEBHOOK_PIPELINING"),
        ]
    )
    func badValue(environment: [String: String], arguments: [String], message: String) async throws {
        let result = try await self.mogate.run(["serve", "--print-config"] + arguments, environment: environment)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("the example file in examples/ resolves, so the README's command works as written")
    func exampleFile() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let settings = try await self.resolved(["--config", root.appendingPathComponent("examples/mogate.yaml").path])
        #expect(settings["webhook-url"] == "\"http://127.0.0.1:9000/mo\"")
        #expect(settings["backlog-limit"] == "100000")
    }

    @Test("a misspelt key in the file is an error with a hint, not silently ignored")
    func unknownKey() async throws {
        let result = try await self.mogate.run(["serve", "--config", try self.file("smpp_port: 2775\n")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown setting 'smpp_port' (did you mean 'smpp-port'?)"), "\(result.stderr)")
        let missing = try await self.mogate.run(["serve", "--config", "/nonexistent/mogate.yaml"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/mogate.yaml"))
    }

    @Test("serve runs on a file and the environment alone: ports, store and accounts take effect")
    func serveFromFile() async throws {
        let smppPort = try await BackgroundMogate.freePort()
        let httpPort = try await BackgroundMogate.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-config-\(UUID())")
        let path = try self.file(
            """
            smpp-port: \(smppPort)
            data-dir: \(directory.path)
            account:
              - carrier1:secret?bind=transceiver
            """
        )
        let serve = try await BackgroundMogate(
            self.mogate,
            ["serve"],
            environment: ["MOGATE_CONFIG": path, "MOGATE_HTTP_PORT": "\(httpPort)"]
        )
        try await serve.waitForLog("HTTP listening")
        try await serve.waitForLog("SMPP listening")
        #expect(serve.output.contains("port=\(httpPort)"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("mogate.sqlite").path))
        let send = { (password: String, bind: String) in
            try await self.mogate.run([
                "send", "--host", "127.0.0.1", "--port", "\(smppPort)", "--system-id", "carrier1", "--password",
                password, "--bind", bind, "--from", "447700900123", "--to", "447860000000", "--text", "Verify 1",
            ])
        }
        let accepted = try await send("secret", "transceiver")
        #expect(accepted.status == 0, "\(accepted.stdoutText)\(accepted.stderr)")
        let wrongPassword = try await send("wrong", "transceiver")
        #expect(wrongPassword.status != 0)
        #expect(wrongPassword.stdoutText.contains("bind failed: ESME_RINVPASWD"), "\(wrongPassword.stdoutText)")
        // The file allows transceiver binds only.
        let transmitter = try await send("secret", "transmitter")
        #expect(transmitter.status != 0)
        #expect(transmitter.stdoutText.contains("bind failed: ESME_RBINDFAIL"), "\(transmitter.stdoutText)")
        #expect(try await serve.terminate() == 0)
    }

    @Test("the emulator settings come from flags and YAML; a bad receipt profile is refused with its name")
    func emulatorSettings() async throws {
        let path = try self.file(
            """
            receipt-profile: DELIVRD=80,UNDELIV=20
            receipt-delay: 1s-2s
            seed: 42
            """
        )
        let settings = try await self.resolved([
            "--config", path, "--mt-hold-limit", "500", "--receipt-intermediate", "ACCEPTD",
        ])
        #expect(settings["receipt-profile"] == "\"DELIVRD=80,UNDELIV=20\"")
        #expect(settings["receipt-delay"] == "\"1s-2s\"")
        #expect(settings["seed"] == "42")
        #expect(settings["mt-hold-limit"] == "500")
        #expect(settings["receipt-intermediate"] == "\"ACCEPTD\"")
        let bad = try await self.mogate.run(["serve", "--print-config", "--receipt-profile", "DELIVRD=lots"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--receipt-profile"))
        let final = try await self.mogate.run(["serve", "--print-config", "--receipt-intermediate", "DELIVRD"])
        #expect(final.status != 0)
        #expect(final.stderr.contains("--receipt-intermediate"), "\(final.stderr)")
    }
}
