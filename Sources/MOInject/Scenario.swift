// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import MOGateway

/// MO to inject, read from a CSV or YAML file: each entry is a `POST /v1/mo` body plus when to send it.
///
/// The keys are the JSON body's (`from`, `to`, `text` or `hex`, `encoding`, `split`, `from_ton`, `data_coding`,
/// `esm_class`, `tlvs`, …). Scheduling keys: `at` (seconds from the start of the replay), and `every` with `repeat`
/// (send the entry `repeat` times, `every` seconds apart). In CSV, a TLV is a column `tlv.NAME` (e.g.
/// `tlv.source_port`) holding the hex value.
public struct Scenario: Sendable {
    public var entries: [Entry]

    public struct Entry: Sendable {
        /// The line of the file the entry starts on, for messages.
        public var line: Int
        /// Seconds from the start; nil sends as soon as the previous entry went (or at `--rate`).
        public var at: Double?
        /// With `repeat` > 1: seconds between the copies.
        public var every: Double?
        public var repeatCount: Int = 1
        public var injection: MOInjection

        public init(line: Int, at: Double? = nil, injection: MOInjection) {
            self.line = line
            self.at = at
            self.injection = injection
        }
    }

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Whether any entry has a time: the replay then follows the file's schedule.
    public var isScheduled: Bool { self.entries.contains { $0.at != nil || $0.every != nil } }

    /// Each send, in order: the entry's copies expanded, ordered by time when the file has a schedule (stable for
    /// equal times, so file order breaks ties).
    public var sends: [Send] {
        var sends: [Send] = []
        var previous = 0.0
        for entry in self.entries {
            let start = entry.at ?? previous
            for copy in 0..<entry.repeatCount {
                let offset = start + Double(copy) * (entry.every ?? 0)
                sends.append(Send(offset: offset, line: entry.line, injection: entry.injection))
                previous = offset
            }
        }
        if self.isScheduled {
            sends = sends.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
                .map(\.element)
        }
        return sends
    }

    public struct Send: Sendable {
        public var offset: Double
        public var line: Int
        public var injection: MOInjection
    }
}

/// A scenario file that cannot be read, naming the file, the line and what is wrong.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(self.file):\(line): \(self.reason)" }
        return "\(self.file): \(self.reason)"
    }
}
