// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Histogram
import NIOCore
import SMPPCore
import Synchronization

/// Counts and latencies of a run, shared by every session's driver. One lock, taken once per response.
final class LoadRecorder: Sendable {
    struct State {
        var messagesStarted = 0
        var pdusSent = 0
        var responses = 0
        var inFlight = 0
        var statuses: [String: Int] = [:]
        /// Latency from when the PDU was due (open loop) or handed to the session (closed loop), microseconds.
        var latency = LoadRecorder.makeHistogram()
        /// Latency from the write to the response: service time, without any wait in the tool's queue.
        var service = LoadRecorder.makeHistogram()
        /// Since the last progress line.
        var interval = LoadRecorder.makeHistogram()
        var intervalResponses = 0
        /// ESME_ROK responses in each second of the run.
        var perSecond: [Int] = []
        var firstSendMicros: UInt64?
        var lastResponseMicros: UInt64?
    }

    let state = Mutex(State())
    let start: NIODeadline

    init(start: NIODeadline) {
        self.start = start
    }

    static func makeHistogram() -> Histogram<UInt64> {
        // 1 µs to 10 minutes, 3 significant digits.
        Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: 600_000_000,
            numberOfSignificantValueDigits: .three
        )
    }

    func messageStarted() {
        self.state.withLock { $0.messagesStarted += 1 }
    }

    func sent() {
        let now = WallClock.nowMicros()
        self.state.withLock {
            $0.pdusSent += 1
            $0.inFlight += 1
            if $0.firstSendMicros == nil { $0.firstSendMicros = now }
        }
    }

    /// A response arrived with `status`.
    func completed(status: String, isOK: Bool, due: NIODeadline, written: NIODeadline, now: NIODeadline) {
        let latency = UInt64(max(1, (now - due).nanoseconds / 1000))
        let service = UInt64(max(1, (now - written).nanoseconds / 1000))
        let second = Int((now - self.start).nanoseconds / 1_000_000_000)
        let wall = WallClock.nowMicros()
        self.state.withLock {
            $0.inFlight -= 1
            $0.responses += 1
            $0.intervalResponses += 1
            $0.statuses[status, default: 0] += 1
            _ = $0.latency.record(min(latency, 600_000_000))
            _ = $0.service.record(min(service, 600_000_000))
            _ = $0.interval.record(min(latency, 600_000_000))
            if isOK {
                if $0.perSecond.count <= second {
                    $0.perSecond.append(contentsOf: repeatElement(0, count: second + 1 - $0.perSecond.count))
                }
                $0.perSecond[second] += 1
            }
            $0.lastResponseMicros = wall
        }
    }

    /// A request that got no response: `reason` is the error's name (`response timeout`, `session closed`).
    func failed(_ reason: String) {
        self.state.withLock {
            $0.inFlight -= 1
            $0.statuses[reason, default: 0] += 1
        }
    }

    /// PDUs that were queued but never sent because their session closed.
    func unsent(_ count: Int) {
        guard count > 0 else { return }
        self.state.withLock { $0.statuses["not sent", default: 0] += count }
    }

    /// The live numbers since the last call: rate, in flight, errors, p50/p99 of the interval.
    func takeProgress() -> LoadProgress {
        self.state.withLock { state in
            let progress = LoadProgress(
                messagesStarted: state.messagesStarted,
                responses: state.responses,
                intervalResponses: state.intervalResponses,
                inFlight: state.inFlight,
                errors: state.statuses.filter { $0.key != "ESME_ROK" },
                p50Micros: state.interval.totalCount > 0 ? state.interval.valueAtPercentile(50) : nil,
                p99Micros: state.interval.totalCount > 0 ? state.interval.valueAtPercentile(99) : nil
            )
            state.interval.reset()
            state.intervalResponses = 0
            return progress
        }
    }
}

/// One progress line's numbers.
public struct LoadProgress: Sendable {
    public var messagesStarted: Int
    public var responses: Int
    public var intervalResponses: Int
    public var inFlight: Int
    public var errors: [String: Int]
    public var p50Micros: UInt64?
    public var p99Micros: UInt64?

    /// `12000 msg sent, 5230 resp/s, in flight 100, p50 1.2 ms, p99 3.4 ms, errors: none`.
    public func line(seconds: Double) -> String {
        let rate = Int((Double(self.intervalResponses) / max(seconds, 0.001)).rounded())
        let errors =
            self.errors.isEmpty
            ? "none" : self.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return
            "\(self.messagesStarted) msg, \(rate) resp/s, in flight \(self.inFlight), "
            + "p50 \(LatencySummary.format(self.p50Micros)), p99 \(LatencySummary.format(self.p99Micros)), errors: \(errors)"
    }
}
