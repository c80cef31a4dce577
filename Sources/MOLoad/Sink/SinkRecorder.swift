// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Histogram
import Synchronization

/// What the sink has seen. One lock, taken once per request.
final class SinkRecorder: Sendable {
    struct State {
        var requests = 0
        /// Answered 2xx and counted.
        var accepted = 0
        var injectedErrors = 0
        var injectedOutage = 0
        var slowAnswers = 0
        var badSignatures = 0
        var unreadable = 0
        var ids = Set<String>()
        /// Accepted again after an earlier 2xx, by webhook id.
        var duplicateIDs = 0
        var tags = Set<UInt64>()
        /// Accepted again after an earlier 2xx, by load tag.
        var duplicateTags = 0
        var untagged = 0
        /// From the tag's send time to the first accepted arrival, microseconds.
        var latency = LoadRecorder.makeHistogram()
        var firstRequestMicros: UInt64?
        var firstTagMicros: UInt64?
        var lastNewMicros: UInt64?
        /// New tags accepted in each second since the first request.
        var perSecond: [Int] = []
        var formats: [String: Int] = [:]
    }

    let state = Mutex(State())

    /// Marks the arrival and returns the micros since the first request.
    func arrived(at now: UInt64) -> (index: Int, sinceFirst: UInt64) {
        self.state.withLock {
            $0.requests += 1
            if $0.firstRequestMicros == nil { $0.firstRequestMicros = now }
            return ($0.requests, now - $0.firstRequestMicros!)
        }
    }

    func rejected(_ reason: SinkRejection) {
        self.state.withLock {
            switch reason {
            case .injectedError: $0.injectedErrors += 1
            case .outage: $0.injectedOutage += 1
            case .badSignature: $0.badSignatures += 1
            case .unreadable: $0.unreadable += 1
            }
        }
    }

    func slow() { self.state.withLock { $0.slowAnswers += 1 } }

    /// An acknowledged delivery of `id` (webhook id, if any) carrying `tag` (if any), at `now`.
    func accepted(id: String?, tag: LoadTag?, format: SinkFormat, now: UInt64) {
        self.state.withLock { state in
            state.accepted += 1
            state.formats[format.rawValue, default: 0] += 1
            if let id, !id.isEmpty {
                if !state.ids.insert(id).inserted { state.duplicateIDs += 1 }
            }
            guard let tag else {
                state.untagged += 1
                return
            }
            guard state.tags.insert(tag.key).inserted else {
                state.duplicateTags += 1
                return
            }
            _ = state.latency.record(min(max(1, now &- tag.sentMicros), 600_000_000))
            state.firstTagMicros = min(state.firstTagMicros ?? tag.sentMicros, tag.sentMicros)
            state.lastNewMicros = max(state.lastNewMicros ?? now, now)
            let second = Int((now - (state.firstRequestMicros ?? now)) / 1_000_000)
            if state.perSecond.count <= second {
                state.perSecond.append(contentsOf: repeatElement(0, count: second + 1 - state.perSecond.count))
            }
            state.perSecond[second] += 1
        }
    }

    func reset() { self.state.withLock { $0 = State() } }
}

enum SinkRejection {
    case injectedError, outage, badSignature, unreadable
}
