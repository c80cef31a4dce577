// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What a load run did: what `--json` writes, the final table, and the plot's data.
public struct LoadReport: Codable, Sendable {
    public var command: String
    public var mix: String
    public var sessions: Int
    public var window: Int
    /// The fixed rate asked for, messages per second; nil for as fast as the windows allow.
    public var rate: Double?
    /// Messages started (each is one or more PDUs).
    public var messages: Int
    public var pdusSent: Int
    /// PDUs answered, whatever the status.
    public var responses: Int
    /// PDUs answered ESME_ROK.
    public var ok: Int
    /// From the first send to the last response, seconds.
    public var elapsed: Double
    /// Messages per second over the run.
    public var messagesPerSecond: Double
    /// ESME_ROK responses per second over the run.
    public var responsesPerSecond: Double
    /// Response latency from when each PDU was due: corrected for coordinated omission at a fixed rate.
    public var latency: LatencySummary
    /// Response latency from the write: the target's service time, without waiting in the tool.
    public var serviceTime: LatencySummary
    /// Responses by status name, and requests without a response by reason.
    public var statuses: [String: Int]
    /// ESME_ROK responses in each second of the run.
    public var perSecond: [Int]
    public var startUnixMicros: UInt64
    public var firstSendUnixMicros: UInt64?
    public var lastResponseUnixMicros: UInt64?

    enum CodingKeys: String, CodingKey {
        case command, mix, sessions, window, rate, messages, ok, elapsed, latency, statuses
        case pdusSent = "pdus_sent"
        case responses
        case messagesPerSecond = "messages_per_second"
        case responsesPerSecond = "responses_per_second"
        case serviceTime = "service_time"
        case perSecond = "per_second"
        case startUnixMicros = "start_unix_us"
        case firstSendUnixMicros = "first_send_unix_us"
        case lastResponseUnixMicros = "last_response_unix_us"
    }

    init(
        configuration: LoadConfiguration,
        sessions: Int,
        startMicros: UInt64,
        elapsed: Double,
        state: LoadRecorder.State
    ) {
        self.command = configuration.command.rawValue
        self.mix = configuration.mix.description
        self.sessions = sessions
        self.window = configuration.window
        self.rate = configuration.rate
        self.messages = state.messagesStarted
        self.pdusSent = state.pdusSent
        self.responses = state.responses
        self.ok = state.statuses["ESME_ROK"] ?? 0
        self.elapsed = elapsed
        self.messagesPerSecond = elapsed > 0 ? Double(state.messagesStarted) / elapsed : 0
        self.responsesPerSecond = elapsed > 0 ? Double(self.ok) / elapsed : 0
        self.latency = LatencySummary(state.latency)
        self.serviceTime = LatencySummary(state.service)
        self.statuses = state.statuses
        self.perSecond = state.perSecond
        self.startUnixMicros = startMicros
        self.firstSendUnixMicros = state.firstSendMicros
        self.lastResponseUnixMicros = state.lastResponseMicros
    }

    /// Every PDU sent was answered ESME_ROK.
    public var allOK: Bool { self.ok == self.pdusSent && self.statuses.keys.allSatisfy { $0 == "ESME_ROK" } }

    /// The final table.
    public var table: String {
        var lines: [(String, String)] = [
            ("command", "\(self.command), mix \(self.mix)"),
            ("sessions × window", "\(self.sessions) × \(self.window)"),
            ("rate", self.rate.map { "\(Self.number($0)) msg/s (open loop)" } ?? "as fast as the windows allow"),
            ("messages", "\(self.messages) (\(self.pdusSent) PDUs)"),
            ("elapsed", "\(Self.number(self.elapsed, digits: 3)) s"),
            (
                "throughput",
                "\(Self.number(self.messagesPerSecond)) msg/s, \(Self.number(self.responsesPerSecond)) ESME_ROK/s"
            ),
        ]
        for (name, summary) in [("latency", self.latency), ("service time", self.serviceTime)] {
            lines.append(
                (
                    name,
                    "p50 \(LatencySummary.format(ms: summary.p50))  p90 \(LatencySummary.format(ms: summary.p90))  "
                        + "p99 \(LatencySummary.format(ms: summary.p99))  p99.9 \(LatencySummary.format(ms: summary.p999))  "
                        + "max \(LatencySummary.format(ms: summary.max))"
                )
            )
        }
        for (status, count) in self.statuses.sorted(by: { $0.value > $1.value }) {
            lines.append(("status \(status)", "\(count)"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    static func number(_ value: Double, digits: Int = 0) -> String {
        guard digits > 0 else { return String(Int(value.rounded())) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return String((value * scale).rounded() / scale)
    }
}
