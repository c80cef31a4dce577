// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Synchronization

/// Hands out message numbers to the sessions until the count is reached, the duration is over, or the run stops.
final class LoadSource: Sendable {
    let run: UInt16
    let count: Int?
    let end: NIODeadline?
    let builder: LoadMessageBuilder
    private let next = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    /// The wall clock and the monotonic clock at the same moment, to put due times into tags.
    private let wallStart: UInt64
    private let monotonicStart: NIODeadline

    init(run: UInt16, count: Int?, end: NIODeadline?, builder: LoadMessageBuilder) {
        self.run = run
        self.count = count
        self.end = end
        self.builder = builder
        self.monotonicStart = .now()
        self.wallStart = WallClock.nowMicros()
    }

    /// The next message's number, or nil when the run is over.
    func claim(now: NIODeadline) -> UInt64? {
        if self.stopped.load(ordering: .relaxed) { return nil }
        if let end = self.end, now >= end { return nil }
        let sequence = self.next.add(1, ordering: .relaxed).oldValue
        if let count = self.count, sequence >= count { return nil }
        return UInt64(sequence)
    }

    /// The message `sequence`'s PDU bodies, tagged with `due` as its send time.
    func bodies(sequence: UInt64, due: NIODeadline) -> [PDU.Body] {
        let micros = Int64(self.wallStart) + (due - self.monotonicStart).nanoseconds / 1000
        return self.builder.bodies(for: LoadTag(run: self.run, sequence: sequence, sentMicros: UInt64(max(0, micros))))
    }

    func stop() { self.stopped.store(true, ordering: .relaxed) }
}
