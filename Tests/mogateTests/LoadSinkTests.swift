// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import NIOPosix
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `mogate load` → `mogate serve` → `mogate sink`, as three processes on loopback.
@Suite(.serialized) struct LoadSinkTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    /// The sink's `GET /stats`.
    private static func stats(port: Int) async throws -> [String: Any] {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/stats"))
        let (data, _) = try await URLSession.shared.data(from: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("every MO the load sends reaches the sink exactly once, through serve, with 10 % of webhooks failing")
    func zeroLoss() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-load-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sinkPort = try await BackgroundMogate.freePort()
        let sinkJSON = directory.appendingPathComponent("sink.json")
        let sink = try await BackgroundMogate(
            self.mogate,
            [
                "sink", "--port", "\(sinkPort)", "--secret", "s3cret", "--fail-rate", "0.1",
                "--json", sinkJSON.path,
            ]
        )
        try await sink.waitForLog("sink listening")
        // Picked once the sink holds its port, so that the two cannot be the same.
        let smppPort = try await BackgroundMogate.freePort()
        // A port just released can come back at once: make sure the HTTP port differs.
        var httpPort = try await BackgroundMogate.freePort()
        while httpPort == smppPort || httpPort == sinkPort { httpPort = try await BackgroundMogate.freePort() }
        let serve = try await BackgroundMogate(
            self.mogate,
            [
                "serve", "--smpp-port", "\(smppPort)", "--http-port", "\(httpPort)",
                "--data-dir", directory.appendingPathComponent("store").path, "--durability", "os",
                "--webhook-url", "http://127.0.0.1:\(sinkPort)/mo", "--webhook-secret", "s3cret",
            ]
        )
        try await serve.waitForLog("SMPP listening")

        let loadJSON = directory.appendingPathComponent("load.json")
        let plot = directory.appendingPathComponent("load.svg")
        let load = try await self.mogate.run([
            "load", "--port", "\(smppPort)", "--sessions", "2", "--window", "20", "--count", "400", "--mix", "mixed",
            "--json", loadJSON.path, "--plot", plot.path, "--quiet",
        ])
        #expect(load.status == 0, "\(load.stdoutText)\(load.stderr)")
        #expect(load.stdoutText.contains("throughput"))
        #expect(load.stdoutText.contains("p99.9"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: loadJSON)) as? [String: Any])
        #expect(report["messages"] as? Int == 400)
        #expect(report["ok"] as? Int == report["pdus_sent"] as? Int)
        #expect(FileManager.default.fileExists(atPath: plot.path))

        // Wait for the retries of the failed webhooks.
        let deadline = ContinuousClock.now + .seconds(90)
        var stats: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            stats = try await Self.stats(port: sinkPort)
            if stats["unique_tags"] as? Int == 400 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(stats["unique_tags"] as? Int == 400, "\(stats)")
        #expect(stats["unique_ids"] as? Int == 400)
        #expect(stats["duplicate_ids"] as? Int == 0)
        #expect(stats["duplicate_tags"] as? Int == 0)
        #expect(stats["bad_signatures"] as? Int == 0)
        #expect((stats["injected_errors"] as? Int ?? 0) > 0, "the sink failed some webhooks on purpose")

        #expect(try await serve.terminate() == 0)
        #expect(try await sink.terminate() == 0)
        #expect(sink.output.contains("unique tags"))
        let final = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sinkJSON)) as? [String: Any])
        #expect(final["unique_tags"] as? Int == 400)
    }
}
