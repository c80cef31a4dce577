// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Histogram

/// The percentiles a report shows, in milliseconds, and the distribution a plot draws.
public struct LatencySummary: Codable, Hashable, Sendable {
    public var count: UInt64
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double
    /// (percentile, milliseconds) pairs as HdrHistogram's percentile iterator gives them, for plots.
    public var distribution: [Point]

    public struct Point: Codable, Hashable, Sendable {
        public var percentile: Double
        public var ms: Double
    }

    enum CodingKeys: String, CodingKey {
        case count, p50, p90, p99
        case p999 = "p99_9"
        case max, mean, distribution
    }

    init(_ histogram: Histogram<UInt64>) {
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        self.count = histogram.totalCount
        guard histogram.totalCount > 0 else {
            self.p50 = 0
            self.p90 = 0
            self.p99 = 0
            self.p999 = 0
            self.max = 0
            self.mean = 0
            self.distribution = []
            return
        }
        self.p50 = ms(histogram.valueAtPercentile(50))
        self.p90 = ms(histogram.valueAtPercentile(90))
        self.p99 = ms(histogram.valueAtPercentile(99))
        self.p999 = ms(histogram.valueAtPercentile(99.9))
        self.max = ms(histogram.max)
        self.mean = histogram.mean / 1000
        var points: [Point] = []
        for value in histogram.percentiles(ticksPerHalfDistance: 5) {
            points.append(Point(percentile: value.percentileLevelIteratedTo, ms: ms(value.value)))
            if value.percentileLevelIteratedTo >= 100 { break }
        }
        self.distribution = points
    }

    /// `1.23 ms`, `456 µs` or `-`.
    public static func format(_ micros: UInt64?) -> String {
        guard let micros else { return "-" }
        return Self.format(ms: Double(micros) / 1000)
    }

    public static func format(ms: Double) -> String {
        if ms < 1 { return "\(Int((ms * 1000).rounded())) µs" }
        if ms < 100 { return "\((ms * 100).rounded() / 100) ms" }
        return "\(Int(ms.rounded())) ms"
    }
}
