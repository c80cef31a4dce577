// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Kannel (Debian's bearerbox and smsbox) binds to `mogate load --listen` as its SMSC, and its smsbox forwards
/// every MO to `mogate sink` in Kannel's GET format: the Kannel leg of `scripts/bench-e2e.sh`, checked for loss.
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1"
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/bearerbox"),
        "set MOGATE_INTEROP=1 and install Debian's kannel"
    )
)
struct KannelLoadListenTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    @Test("Kannel takes every MO `mogate load --listen` pushes, and the sink counts each exactly once")
    func kannelToSink() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-kannel-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sinkPort = try await BackgroundMogate.freePort()
        let smppPort = try await BackgroundMogate.freePort()
        let adminPort = try await BackgroundMogate.freePort()
        let smsboxPort = try await BackgroundMogate.freePort()
        let sink = try await BackgroundMogate(self.mogate, ["sink", "--port", "\(sinkPort)", "--format", "kannel"])
        try await sink.waitForLog("sink listening")

        let configuration = directory.appendingPathComponent("kannel.conf")
        try Self.kannelConfiguration(
            smppPort: smppPort,
            sinkPort: sinkPort,
            adminPort: adminPort,
            smsboxPort: smsboxPort,
            logs: directory.path
        )
        .write(to: configuration, atomically: true, encoding: .utf8)
        let bearerbox = try await Self.start(
            "/usr/sbin/bearerbox",
            configuration.path,
            log: directory,
            name: "bearerbox"
        )
        try await Task.sleep(for: .milliseconds(500))
        let smsbox = try await Self.start("/usr/sbin/smsbox", configuration.path, log: directory, name: "smsbox")
        do {
            try await self.pushAndCount(smppPort: smppPort, sinkPort: sinkPort, directory: directory)
        } catch {
            await Self.stop(smsbox)
            await Self.stop(bearerbox)
            throw error
        }
        await Self.stop(smsbox)
        await Self.stop(bearerbox)
        #expect(try await sink.terminate() == 0)
    }

    private func pushAndCount(smppPort: Int, sinkPort: Int, directory: URL) async throws {

        let count = 300
        let loadJSON = directory.appendingPathComponent("load.json")
        let load = try await self.mogate.run([
            "load", "--listen", "--port", "\(smppPort)", "--bind-wait", "30", "--count", "\(count)", "--window", "10",
            "--json", loadJSON.path, "--quiet", "--timeout", "60",
        ])
        #expect(load.status == 0, "\(load.stdoutText)\(load.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: loadJSON)) as? [String: Any])
        #expect(report["messages"] as? Int == count)
        #expect(report["ok"] as? Int == report["pdus_sent"] as? Int, "\(report)")

        let deadline = ContinuousClock.now + .seconds(60)
        var stats: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            stats = try await Self.stats(port: sinkPort)
            if stats["unique_tags"] as? Int == count { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(stats["unique_tags"] as? Int == count, "\(stats)")
        #expect(stats["duplicate_tags"] as? Int == 0, "\(stats)")
    }

    /// `scripts/kannel/load-listen.conf`, as `scripts/bench-e2e.sh` fills it in: one SMPP transceiver to the load
    /// tool, one GET service to the sink.
    static func kannelConfiguration(
        smppPort: Int,
        sinkPort: Int,
        adminPort: Int,
        smsboxPort: Int,
        logs: String
    ) throws
        -> String
    {
        let template = DockerComposeTests.root.appendingPathComponent("scripts/kannel/load-listen.conf")
        var text = try String(contentsOf: template, encoding: .utf8)
        let values = [
            "@ADMIN_PORT@": "\(adminPort)", "@ADMIN_PASSWORD@": "test", "@SMSBOX_PORT@": "\(smsboxPort)",
            "@SMPP_PORT@": "\(smppPort)", "@SINK_PORT@": "\(sinkPort)", "@LOGS@": logs,
        ]
        for (placeholder, value) in values { text = text.replacingOccurrences(of: placeholder, with: value) }
        let settings = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(!settings.contains { $0.contains(/@[A-Z_]+@/) }, "a placeholder left unfilled")
        return text
    }

    static func start(_ path: String, _ configuration: String, log: URL, name: String) async throws -> ChildProcess {
        try await ChildProcess.start(
            path,
            [configuration],
            standardOutput: log.appendingPathComponent("\(name).out").path
        )
    }

    /// SIGTERM, then SIGKILL after 10 s: a box can sit in its shutdown, waiting for the other box.
    static func stop(_ process: ChildProcess) async {
        await process.terminate(grace: .seconds(10))
    }

    private static func stats(port: Int) async throws -> [String: Any] {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/stats"))
        let (data, _) = try await URLSession.shared.data(from: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
