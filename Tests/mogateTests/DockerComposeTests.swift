// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SMPPTestSupport
import Testing
import Yams

/// `docker-compose.yml` and `Dockerfile` stay true to the real command line. There is no Docker engine here, so the
/// files are parsed and their command lines run against the built binary; `docker compose config` checks the file
/// too when the compose plugin is installed.
@Suite(.serialized) struct DockerComposeTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static func compose() throws -> [String: Any] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func service(_ name: String) throws -> [String: Any] {
        let services = try #require(try Self.compose()["services"] as? [String: Any])
        return try #require(services[name] as? [String: Any], "no service \(name)")
    }

    @Test("two services with their ports, volumes for the stores, a health check and the shared secret")
    func structure() throws {
        let compose = try Self.compose()
        let volumes = try #require(compose["volumes"] as? [String: Any])
        for (name, port) in [("verifier", "8081:8081"), ("mogate", "8080:8080")] {
            let service = try Self.service(name)
            #expect(service["build"] as? String == ".")
            #expect((service["ports"] as? [String])?.contains(port) == true, "\(name) publishes \(port)")
            let mounts = try #require(service["volumes"] as? [String])
            for mount in mounts {
                let volume = String(mount.split(separator: ":")[0])
                #expect(volumes.keys.contains(volume), "\(volume) is a declared volume")
                #expect(mount.hasSuffix(":/var/lib/mogate"))
            }
            let environment = try #require(service["environment"] as? [String: Any])
            #expect((environment["MOGATE_WEBHOOK_SECRET"] as? String)?.hasPrefix("${MOGATE_WEBHOOK_SECRET") == true)
            let command = try #require(service["command"] as? [String])
            let dataDir = try #require(command.firstIndex(of: "--data-dir"))
            #expect(command[dataDir + 1] == "/var/lib/mogate", "the store is on the volume")
        }
        #expect((try Self.service("mogate")["ports"] as? [String])?.contains("2775:2775") == true)
        let health = try #require(try Self.service("verifier")["healthcheck"] as? [String: Any])
        #expect((health["test"] as? [String])?.last == "http://127.0.0.1:8081/healthz")
        let mogate = try #require(try Self.service("mogate")["command"] as? [String])
        let url = try #require(mogate.firstIndex(of: "--webhook-url").map { mogate[$0 + 1] })
        #expect(url == "http://verifier:8081/mo_check/v0.1/mo", "mogate delivers to the verifier service")
    }

    @Test("the services' command lines run: verifier and serve start from them, and an MO flows between the two")
    func commandsRun() async throws {
        let mogate = try MogateExecutable()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-compose-\(UUID())")
        // The compose command lines, with port 0 (the ports are read from the logs: no races with parallel tests)
        // and loopback addresses and directories in place of the container's.
        func adapt(_ command: [String], _ name: String, verifierPort: Int = 0) throws -> [String] {
            let replacements = [
                "8081": "0", "8080": "0", "2775": "0", "0.0.0.0": "127.0.0.1",
                "/var/lib/mogate": directory.appendingPathComponent(name).path,
                "http://verifier:8081/mo_check/v0.1/mo": "http://127.0.0.1:\(verifierPort)/mo_check/v0.1/mo",
            ]
            return try command.map { argument in
                if let replacement = replacements[argument] { return replacement }
                try #require(!argument.contains("verifier:"), "unhandled host name in \(argument)")
                return argument
            }
        }
        let environment = ["MOGATE_WEBHOOK_SECRET": "compose-secret"]
        let verifier = try await BackgroundMogate(
            mogate,
            try adapt(try #require(try Self.service("verifier")["command"] as? [String]), "verifier"),
            environment: environment
        )
        try await verifier.waitForLog("HTTP listening")
        #expect(!verifier.output.contains("accepted unsigned"), "the secret came from the environment")
        let verifierPort = try #require(verifier.loggedPort("HTTP listening"))
        let serve = try await BackgroundMogate(
            mogate,
            try adapt(
                try #require(try Self.service("mogate")["command"] as? [String]),
                "mogate",
                verifierPort: verifierPort
            ),
            environment: environment
        )
        try await serve.waitForLog("SMPP listening")
        let smppPort = try #require(serve.loggedPort("SMPP listening"))

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(verifierPort)/mo_check/v0.1/checks")
        request.method = .POST
        request.body = .bytes(.init(string: #"{"phone_number":"447700900123"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        let check = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        let text = try #require(check["mo_body"] as? String)
        let sent = try await mogate.run([
            "send", "--port", "\(smppPort)", "--system-id", "c", "--password", "p", "--from", "447700900123", "--to",
            "447860000000", "--text", text,
        ])
        #expect(sent.status == 0)
        // The verifier accepted mogate's signature (same secret from the environment) and completed the check.
        try await verifier.waitForLog("result=completed")
        #expect(try await serve.terminate() == 0)
        #expect(try await verifier.terminate() == 0)
    }

    @Test("the Dockerfile builds in the Swift image, runs slim as a non-root user, with a health check")
    func dockerfile() async throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let froms = lines.filter { $0.hasPrefix("FROM ") }
        #expect(froms.count == 2)
        #expect(froms.first?.hasPrefix("FROM swift:6.3") == true)
        #expect(froms.last?.contains("slim") == true)
        let user = try #require(lines.last { $0.hasPrefix("USER ") })
        #expect(user != "USER root" && user != "USER 0")
        #expect(lines.contains { $0.hasPrefix("HEALTHCHECK ") })
        #expect(text.contains("swift build -c release --product mogate"))
        #expect(lines.contains(#"ENTRYPOINT ["mogate"]"#))
        // The default command parses: serve accepts its flags.
        let cmd = try #require(lines.last { $0.hasPrefix("CMD [") })
        let arguments = try #require(try JSONSerialization.jsonObject(with: Data(cmd.dropFirst(4).utf8)) as? [String])
        let help = try await MogateExecutable().run([arguments[0], "--help"]).stdoutText
        for flag in arguments where flag.hasPrefix("--") { #expect(help.contains(flag), "\(flag)") }
    }

    /// The docker client, when it has the compose plugin (its file in one of the CLI plugin directories).
    static let dockerCompose: String? = {
        let candidates = ["/usr/local/bin/docker", "/usr/bin/docker"]
        guard let docker = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let plugins = [
            "\(home)/.docker/cli-plugins", "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
            "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins",
        ]
        let found = plugins.contains { FileManager.default.isExecutableFile(atPath: "\($0)/docker-compose") }
        return found ? docker : nil
    }()

    @Test(
        "docker compose config accepts the file",
        .enabled(if: Self.dockerCompose != nil, "needs the docker client with the compose plugin")
    )
    func composeConfig() async throws {
        let config = try await ChildProcess.run(
            try #require(Self.dockerCompose),
            ["compose", "-f", Self.root.appendingPathComponent("docker-compose.yml").path, "config", "-q"],
            environment: ["MOGATE_WEBHOOK_SECRET": "x"]
        )
        #expect(config.succeeded, "\(config.errors)")
    }
}
