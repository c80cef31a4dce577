// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The sink's counts: `GET /stats`, `--json` and the summary it prints.
public struct SinkReport: Codable, Sendable {
    public var requests: Int
    /// Answered 2xx and counted.
    public var accepted: Int
    public var uniqueIDs: Int
    public var duplicateIDs: Int
    /// Distinct load tags accepted: messages delivered.
    public var uniqueTags: Int
    public var duplicateTags: Int
    public var untagged: Int
    public var injectedErrors: Int
    public var injectedOutage: Int
    public var slowAnswers: Int
    public var badSignatures: Int
    public var unreadable: Int
    /// From the earliest tag's send time to the last new tag's arrival, seconds.
    public var span: Double
    /// uniqueTags ÷ span: end-to-end messages per second, first send to last webhook.
    public var endToEndPerSecond: Double
    /// Send (from the tag) to first accepted arrival.
    public var latency: LatencySummary
    public var perSecond: [Int]
    public var formats: [String: Int]
    public var firstTagUnixMicros: UInt64?
    public var lastNewUnixMicros: UInt64?

    enum CodingKeys: String, CodingKey {
        case requests, accepted, untagged, span, latency, formats
        case uniqueIDs = "unique_ids"
        case duplicateIDs = "duplicate_ids"
        case uniqueTags = "unique_tags"
        case duplicateTags = "duplicate_tags"
        case injectedErrors = "injected_errors"
        case injectedOutage = "injected_outage"
        case slowAnswers = "slow_answers"
        case badSignatures = "bad_signatures"
        case unreadable
        case endToEndPerSecond = "e2e_per_second"
        case perSecond = "per_second"
        case firstTagUnixMicros = "first_tag_unix_us"
        case lastNewUnixMicros = "last_new_unix_us"
    }

    init(_ state: SinkRecorder.State) {
        self.requests = state.requests
        self.accepted = state.accepted
        self.uniqueIDs = state.ids.count
        self.duplicateIDs = state.duplicateIDs
        self.uniqueTags = state.tags.count
        self.duplicateTags = state.duplicateTags
        self.untagged = state.untagged
        self.injectedErrors = state.injectedErrors
        self.injectedOutage = state.injectedOutage
        self.slowAnswers = state.slowAnswers
        self.badSignatures = state.badSignatures
        self.unreadable = state.unreadable
        if let first = state.firstTagMicros, let last = state.lastNewMicros, last > first {
            self.span = Double(last - first) / 1e6
        } else {
            self.span = 0
        }
        self.endToEndPerSecond = self.span > 0 ? Double(self.uniqueTags) / self.span : 0
        self.latency = LatencySummary(state.latency)
        self.perSecond = state.perSecond
        self.formats = state.formats
        self.firstTagUnixMicros = state.firstTagMicros
        self.lastNewUnixMicros = state.lastNewMicros
    }

    /// The summary the sink prints when it stops.
    public var table: String {
        let rows: [(String, String)] = [
            ("requests", "\(self.requests) (\(self.accepted) accepted)"),
            ("unique ids", "\(self.uniqueIDs), duplicates \(self.duplicateIDs)"),
            ("unique tags", "\(self.uniqueTags), duplicates \(self.duplicateTags), untagged \(self.untagged)"),
            (
                "end to end",
                "\(LoadReport.number(self.endToEndPerSecond)) msg/s over \(LoadReport.number(self.span, digits: 3)) s"
            ),
            (
                "latency",
                "p50 \(LatencySummary.format(ms: self.latency.p50))  p90 \(LatencySummary.format(ms: self.latency.p90))  "
                    + "p99 \(LatencySummary.format(ms: self.latency.p99))  p99.9 \(LatencySummary.format(ms: self.latency.p999))  "
                    + "max \(LatencySummary.format(ms: self.latency.max))"
            ),
            (
                "refused",
                "injected 5xx \(self.injectedErrors), outage \(self.injectedOutage), bad signature \(self.badSignatures), "
                    + "unreadable \(self.unreadable); slow answers \(self.slowAnswers)"
            ),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
