// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// A throughput limit: `rate` tokens a second, with a burst of one second's worth unless told. Time is passed in.
struct TokenBucket: Hashable, Sendable {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var updated: NIODeadline

    init(rate: Double, burst: Int? = nil, now: NIODeadline) {
        precondition(rate > 0, "a throughput limit must be positive")
        self.rate = rate
        self.capacity = burst.map { Double(max($0, 1)) } ?? max(rate, 1)
        self.tokens = self.capacity
        self.updated = now
    }

    /// Takes `count` tokens if they are all there; a message over the limit takes none.
    mutating func take(_ count: Int, now: NIODeadline) -> Bool {
        let elapsed = Double((now - self.updated).nanoseconds) / 1e9
        if elapsed > 0 {
            self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
            self.updated = now
        }
        // A message of more segments than one second's burst still passes when the bucket is full.
        let needed = min(Double(count), self.capacity)
        guard self.tokens >= needed else { return false }
        self.tokens -= needed
        return true
    }
}
