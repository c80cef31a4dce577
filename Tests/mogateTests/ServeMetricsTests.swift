// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// `mogate serve`'s `/metrics`, over processes.
@Suite struct ServeMetricsTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    @Test("/metrics counts the store's commits and the writes they held: an MO's append and its attempt")
    func storeCommits() async throws {
        let smppPort = try await BackgroundMogate.freePort()
        let httpPort = try await BackgroundMogate.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-metrics-\(UUID())")
        let serve = try await BackgroundMogate(
            self.mogate,
            [
                "serve", "--smpp-port", "\(smppPort)", "--http-port", "\(httpPort)", "--data-dir", directory.path,
                "--log-level", "info",
            ]
        )
        try await serve.waitForLog("SMPP listening")
        // Start-up writes (the backlog count, housekeeping) come first: the MO's are counted from a baseline.
        let before = try await self.counters(httpPort: httpPort) { _ in true }
        let sent = try await self.mogate.run([
            "send", "--host", "127.0.0.1", "--port", "\(smppPort)", "--system-id", "carrier1", "--password", "pw",
            "--from", "447700900123", "--to", "447860000000", "--text", "Verify 123456",
        ])
        #expect(sent.status == 0, "\(sent.stdoutText)\(sent.stderr)")
        // Without --webhook-url the record is logged and marked delivered: one append, one attempt.
        let after = try await self.counters(httpPort: httpPort) { $0.writes >= before.writes + 2 }
        #expect(after.writes - before.writes >= 2)
        #expect(after.commits > before.commits)
        #expect(after.commits - before.commits <= after.writes - before.writes)
        #expect(try await serve.terminate() == 0)
    }

    /// The store's counters once both are exported (they are sampled every second) and `until` holds them, or
    /// the last seen after ten seconds.
    private func counters(
        httpPort: Int,
        until: (_ counters: (commits: Int, writes: Int)) -> Bool
    ) async throws -> (commits: Int, writes: Int) {
        let deadline = ContinuousClock.now + .seconds(10)
        var seen: (commits: Int, writes: Int)?
        while ContinuousClock.now < deadline {
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(httpPort)/metrics"),
                timeout: .seconds(10)
            )
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            if let commits = Self.value("mogate_store_commits_total", in: body),
                let writes = Self.value("mogate_store_writes_total", in: body)
            {
                seen = (commits, writes)
                if until((commits, writes)) { break }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try #require(seen, "the store's counters never appeared in /metrics")
    }

    /// The value of an undimensioned metric in Prometheus text.
    private static func value(_ name: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Int(line.dropFirst(name.count + 1))
        }
        return nil
    }
}
