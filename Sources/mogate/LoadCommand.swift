// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOLoad
import SMPPNIO

/// `mogate load`: the SMPP load generator. The work is in `MOLoad.LoadGenerator`.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Send tagged MO over many SMPP sessions and report throughput and latency.",
        discussion: """
            Binds --sessions times to HOST:PORT (or, with --listen, waits for that many receiver or transceiver \
            binds there, as the SMSC) and sends deliver_sm, submit_sm or data_sm with --window outstanding per \
            session: as fast as the windows allow, or at a fixed --rate (open loop; latency counts from when each \
            message was due, which corrects for coordinated omission). Each text carries a tag \
            mg1:<run>:<seq>:<unix µs> that `mogate sink` reads to measure end to end. Without --count or \
            --duration it sends 1000 messages.
            """
    )

    @Option(name: .long, help: "Host to bind to, or with --listen the address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "SMPP port to bind to, or with --listen to listen on (0 picks one).")
    var port = 2775

    @Flag(name: .long, help: "Act as the SMSC: listen, wait for --sessions binds, and push deliver_sm to them.")
    var listen = false

    @Option(name: .long, help: "system_id to bind with.")
    var systemID = "load"

    @Option(name: .long, help: "Password to bind with.")
    var password = "load"

    @Option(name: .long, help: "Bind type: transmitter or transceiver.")
    var bind: LoadBindType = .transmitter

    @Option(name: .long, help: "SMPP sessions.")
    var sessions = 1

    @Option(name: .long, help: "Requests outstanding per session.")
    var window = 10

    @Option(name: .long, help: "Fixed rate over all sessions, messages per second (e.g. 5000 or 5000/s).")
    var rate: String?

    @Option(name: .long, help: "Messages to send.")
    var count: Int?

    @Option(name: .long, help: "Seconds to send for (e.g. 30 or 30s).")
    var duration: String?

    @Option(name: [.long, .customLong("as")], help: "Operation: deliver_sm, submit_sm or data_sm.")
    var command: LoadOperation = .deliverSM

    @Option(
        name: .long,
        help: "Traffic: otp, mixed, or KIND=WEIGHT,… with kinds otp, ucs2 (emoji), concat (2–3 parts), national."
    )
    var mix = "otp"

    @Option(name: .long, help: "Write the report as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "Draw the run as an SVG: latency by percentile and throughput per second.")
    var plot: String?

    @Option(name: .long, help: "Seconds to wait for each response.")
    var timeout: Double = 30

    @Option(name: .long, help: "With --listen: seconds to wait for the binds.")
    var bindWait: Double = 60

    @Option(name: .long, help: "Write every session's PDUs, both directions, to this pcap file.")
    var capture: String?

    @Flag(name: .long, help: "No live progress line.")
    var quiet = false

    func validate() throws {
        guard self.sessions >= 1, self.window >= 1 else {
            throw ValidationError("--sessions and --window are at least 1")
        }
        guard MessageMix(self.mix) != nil else { throw ValidationError("--mix: otp, mixed, or KIND=WEIGHT,…") }
        if let rate = self.rate {
            guard let value = Self.number(rate, unit: "/s"), value > 0 else {
                throw ValidationError("--rate: messages per second, e.g. 5000/s")
            }
        }
        if let duration = self.duration {
            guard let value = Self.number(duration, unit: "s"), value > 0 else {
                throw ValidationError("--duration: seconds, e.g. 30s")
            }
        }
        if let count = self.count { guard count >= 1 else { throw ValidationError("--count is at least 1") } }
    }

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: .warning)
        var configuration = LoadConfiguration(
            target: self.listen
                ? .listen(host: self.host, port: self.port)
                : .connect(
                    host: self.host,
                    port: self.port,
                    systemID: self.systemID,
                    password: self.password,
                    bindType: self.bind
                )
        )
        configuration.sessions = self.sessions
        configuration.window = self.window
        configuration.rate = self.rate.flatMap { Self.number($0, unit: "/s") }
        configuration.duration = self.duration.flatMap { Self.number($0, unit: "s") }
        configuration.count = self.count ?? (self.duration == nil ? 1000 : nil)
        configuration.command = self.command
        configuration.mix = MessageMix(self.mix) ?? .otp
        configuration.responseTimeout = self.timeout
        configuration.bindWait = self.bindWait
        let capture = try self.capture.map { try SMPPCapture(path: $0) }
        defer { capture?.closeLogging(logger) }
        configuration.capture = capture

        let progress = ProgressLine(enabled: !self.quiet)
        let report: LoadReport
        do {
            report = try await LoadGenerator(configuration: configuration, logger: logger).run(
                onListening: { port in
                    progress.message("listening on \(self.host):\(port), waiting for \(self.sessions) binds")
                },
                onProgress: { live, seconds in progress.update(live.line(seconds: seconds)) }
            )
        } catch {
            progress.finish()
            print("load failed: \(error)")
            throw ExitCode(2)
        }
        progress.finish()
        print(report.table)
        if let json = self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
        if let plot = self.plot {
            try Data(LoadPlot.svg(report).utf8).write(to: URL(fileURLWithPath: plot))
        }
    }

    /// `5000`, `5000/s` → 5000.
    static func number(_ text: String, unit: String) -> Double? {
        Double(text.hasSuffix(unit) ? String(text.dropLast(unit.count)) : text)
    }
}

extension LoadOperation: ExpressibleByArgument {}
extension LoadBindType: ExpressibleByArgument {}
