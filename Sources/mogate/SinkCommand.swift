// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOLoad

/// `mogate sink`: the webhook receiver. The work is in `MOLoad.WebhookSink`.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink",
        abstract: "Receive webhooks, count unique and duplicate MO, and measure end-to-end latency.",
        discussion: """
            Takes webhooks on any path: JSON v1, jasmin and kannel formats (--format auto tells them apart). \
            Deliveries are counted by webhook id and by the load tag (mg1:…) in the text, whose send time gives \
            the end-to-end latency. GET /stats returns the counts as JSON; POST /stats/reset clears them. On \
            SIGINT or SIGTERM it prints a summary (and writes --json) and exits.
            """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "HTTP port (0 picks one).")
    var port = 9090

    @Option(name: .long, help: "Format: auto, json, jasmin or kannel.")
    var format: SinkFormat = .auto

    @Option(
        name: .long,
        help: "HMAC secret: POSTs without a valid X-MOGate-Signature get 401 (or MOGATE_WEBHOOK_SECRET)."
    )
    var secret: String?

    @Option(name: .long, help: "Share of requests answered 503, 0 to 1.")
    var failRate: Double = 0

    @Option(name: .long, help: "Share of requests answered slowly, 0 to 1.")
    var slowRate: Double = 0

    @Option(name: .long, help: "Seconds a slow answer waits.")
    var slowDelay: Double = 1

    @Option(name: .long, help: "Outage: answer every request 503 from this many seconds after the first request…")
    var outageAfter: Double?

    @Option(name: .long, help: "…for this many seconds.")
    var outageFor: Double = 5

    @Option(name: .long, help: "Seed of the failure draws.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Write the final counts as JSON to this file.")
    var json: String?

    func validate() throws {
        guard (0...1).contains(self.failRate), (0...1).contains(self.slowRate) else {
            throw ValidationError("--fail-rate and --slow-rate are between 0 and 1")
        }
    }

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: .warning)
        var configuration = SinkConfiguration()
        configuration.host = self.host
        configuration.port = self.port
        configuration.format = self.format
        configuration.secret = self.secret ?? ProcessInfo.processInfo.environment["MOGATE_WEBHOOK_SECRET"]
        configuration.failures.errorRate = self.failRate
        configuration.failures.slowRate = self.slowRate
        configuration.failures.slowDelay = self.slowDelay
        configuration.failures.outageAfter = self.outageAfter
        configuration.failures.outageFor = self.outageFor
        configuration.failures.seed = self.seed
        let sink = WebhookSink(configuration: configuration, logger: logger)
        let host = self.host
        try await sink.run { port in
            FileHandle.standardError.write(Data("sink listening on http://\(host):\(port)/\n".utf8))
        }
        let report = sink.report
        print(report.table)
        if let json = self.json { try report.json().write(to: URL(fileURLWithPath: json)) }
    }
}

extension SinkFormat: ExpressibleByArgument {}
