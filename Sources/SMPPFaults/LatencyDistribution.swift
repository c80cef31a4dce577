// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import NIOCore

/// How long a response waits before it is sent.
public enum LatencyDistribution: Hashable, Sendable {
    case fixed(TimeAmount)
    case uniform(min: TimeAmount, max: TimeAmount)
    /// Normal with this median and 99th percentile; negative samples become 0.
    case normal(p50: TimeAmount, p99: TimeAmount)
    /// Log-normal with this median and 99th percentile: the long right tail of a loaded SMSC.
    case logNormal(p50: TimeAmount, p99: TimeAmount)
    case exponential(mean: TimeAmount)

    /// z for the 99th percentile of the standard normal.
    static let z99 = 2.326_347_874_040_841

    /// One sample. Always draws exactly two uniforms, so a stream's later decisions do not depend on the shape.
    public func sample(_ random: inout FaultRandom, cap: TimeAmount?) -> TimeAmount {
        let u1 = random.unit()
        let u2 = random.unit()
        let nanoseconds: Double
        switch self {
        case .fixed(let value):
            nanoseconds = Double(value.nanoseconds)
        case .uniform(let low, let high):
            nanoseconds = Double(low.nanoseconds) + u1 * Double(high.nanoseconds - low.nanoseconds)
        case .normal(let p50, let p99):
            let sigma = Double(p99.nanoseconds - p50.nanoseconds) / Self.z99
            nanoseconds = Double(p50.nanoseconds) + sigma * Self.standardNormal(u1, u2)
        case .logNormal(let p50, let p99):
            let mu = log(Double(max(p50.nanoseconds, 1)))
            let sigma = log(Double(max(p99.nanoseconds, 1)) / Double(max(p50.nanoseconds, 1))) / Self.z99
            nanoseconds = exp(mu + sigma * Self.standardNormal(u1, u2))
        case .exponential(let mean):
            nanoseconds = -log1p(-u1) * Double(mean.nanoseconds)
        }
        let ceiling = Double((cap ?? .hours(1)).nanoseconds)
        return .nanoseconds(Int64(min(max(nanoseconds, 0), ceiling)))
    }

    /// Box–Muller; `u1` in [0, 1) is moved off 0 so the logarithm is finite.
    private static func standardNormal(_ u1: Double, _ u2: Double) -> Double {
        (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
