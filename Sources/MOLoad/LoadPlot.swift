// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// `--plot FILE.svg`: one self-contained SVG of a run. On top, latency by percentile with the percentile axis on a
/// log scale of 1/(1−p), as HdrHistogram's plotter draws it, so the tail gets as much room as the median. Below,
/// ESME_ROK responses per second over the run.
public enum LoadPlot {
    static let width = 900.0
    static let panelHeight = 330.0
    static let margin = (left: 80.0, right: 30.0, top: 50.0, bottom: 55.0)

    public static func svg(_ report: LoadReport, title: String? = nil) -> String {
        let height = 2 * Self.panelHeight + 40
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(Self.width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(Self.width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <style>.grid{stroke:#ddd;stroke-width:1}.axis{stroke:#333;stroke-width:1}\
            .title{font-size:15px;font-weight:bold}.axis-title{font-size:13px}</style>
            <rect width="100%" height="100%" fill="white"/>

            """
        let heading =
            title
            ?? "mogate load: \(report.command), \(report.sessions) × window \(report.window), "
            + (report.rate.map { "\(Int($0)) msg/s" } ?? "unlimited") + ", \(report.messages) messages"
        out += Self.latencyPanel(report, top: 0, heading: heading)
        out += Self.throughputPanel(report, top: Self.panelHeight + 40)
        out += "</svg>\n"
        return out
    }

    // MARK: latency by percentile

    private static func latencyPanel(_ report: LoadReport, top: Double, heading: String) -> String {
        let series: [(name: String, color: String, dash: String, points: [LatencySummary.Point])] = [
            ("latency", "#1f77b4", "", report.latency.distribution),
            ("service time", "#ff7f0e", "6,4", report.serviceTime.distribution),
        ]
        let maxMS = series.flatMap { $0.points.map(\.ms) }.max() ?? 1
        let yTicks = Self.niceTicks(upTo: max(maxMS, 0.001))
        let yMax = yTicks.last ?? 1
        // Decades of 1/(1-p): 90 % is 1, 99 % is 2, … up to the deepest percentile seen (at least 99.9 %).
        let deepest = series.flatMap { $0.points.map(\.percentile) }.filter { $0 < 100 }.max() ?? 99.9
        let decades = min(6, max(3, Int(ceil(Self.decade(deepest)))))
        let plot = Self.frame(top: top)
        var out = "<g id=\"latency-plot\">\n"
        out += Self.text(heading, x: plot.x0, y: top + 25, attributes: "class=\"title\"")
        out += Self.axes(
            plot,
            x: (
                scale: "log",
                ticks: (0...decades).map { (Double($0) / Double(decades), Self.percentileLabel($0)) },
                title: "percentile"
            ),
            y: (ticks: yTicks, max: yMax, title: "latency (ms)")
        )
        for (index, entry) in series.enumerated() {
            let points = entry.points.map { point -> String in
                let x =
                    plot.x0 + (plot.x1 - plot.x0) * min(Self.decade(point.percentile), Double(decades))
                    / Double(decades)
                let y = plot.y0 - (plot.y0 - plot.y1) * point.ms / yMax
                return "\(Self.f(x)),\(Self.f(y))"
            }
            out += "<polyline class=\"series\" data-series=\"\(entry.name)\" fill=\"none\" stroke=\"\(entry.color)\" "
            out += "stroke-width=\"2\"\(entry.dash.isEmpty ? "" : " stroke-dasharray=\"\(entry.dash)\"") "
            out += "points=\"\(points.joined(separator: " "))\"/>\n"
            let legendY = plot.y1 + 14 + Double(index) * 16
            out += Self.line(
                plot.x0 + 12,
                legendY - 4,
                plot.x0 + 40,
                legendY - 4,
                "legend",
                stroke: entry.color,
                dash: entry.dash
            )
            out += Self.text(entry.name, x: plot.x0 + 46, y: legendY, attributes: "class=\"legend\"")
        }
        return out + "</g>\n"
    }

    /// How many decades of 1/(1−p) the percentile `p` is: 0 for 0 %, 1 for 90 %, 2 for 99 %.
    static func decade(_ percentile: Double) -> Double {
        guard percentile < 100 else { return 6 }
        return log10(1 / (1 - percentile / 100))
    }

    private static func percentileLabel(_ decade: Int) -> String {
        ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"][decade]
    }

    // MARK: throughput over time

    private static func throughputPanel(_ report: LoadReport, top: Double) -> String {
        let values = report.perSecond
        let yTicks = Self.niceTicks(upTo: Double(max(values.max() ?? 1, 1)))
        let yMax = yTicks.last ?? 1
        let seconds = max(values.count, 1)
        let xTicks = Self.niceTicks(upTo: Double(seconds))
        let xMax = xTicks.last ?? 1
        let plot = Self.frame(top: top)
        var out = "<g id=\"throughput-plot\">\n"
        out += Self.text(
            "Throughput: ESME_ROK responses per second",
            x: plot.x0,
            y: top + 25,
            attributes: "class=\"title\""
        )
        out += Self.axes(
            plot,
            x: (scale: "linear", ticks: xTicks.map { ($0 / xMax, Self.tickLabel($0)) }, title: "time (s)"),
            y: (ticks: yTicks, max: yMax, title: "responses/s")
        )
        // One point per second, drawn at the middle of its second.
        let points = values.enumerated().map { second, count in
            (
                plot.x0 + (plot.x1 - plot.x0) * (Double(second) + 0.5) / xMax,
                plot.y0 - (plot.y0 - plot.y1) * Double(count) / yMax
            )
        }
        out +=
            "<polyline class=\"series\" data-series=\"throughput\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\" "
        out += "points=\"\(points.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " "))\"/>\n"
        for (x, y) in points {
            out += "<circle class=\"point\" cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"2.5\" fill=\"#2ca02c\"/>\n"
        }
        return out + "</g>\n"
    }

    // MARK: drawing helpers

    /// A panel's two axes with their grid lines: x ticks at fractions of the width, y ticks in the panel's unit up
    /// to `y.max`.
    private static func axes(
        _ plot: (x0: Double, x1: Double, y0: Double, y1: Double),
        x: (scale: String, ticks: [(Double, String)], title: String),
        y: (ticks: [Double], max: Double, title: String)
    ) -> String {
        var out = "<g class=\"x-axis\" data-scale=\"\(x.scale)\">\n"
        for (fraction, label) in x.ticks {
            let position = plot.x0 + (plot.x1 - plot.x0) * fraction
            out += Self.line(position, plot.y0, position, plot.y1, "grid")
            out += Self.text(label, x: position, y: plot.y0 + 18, attributes: "text-anchor=\"middle\" class=\"tick\"")
        }
        out += Self.line(plot.x0, plot.y0, plot.x1, plot.y0, "axis")
        out += Self.text(
            x.title,
            x: (plot.x0 + plot.x1) / 2,
            y: plot.y0 + 40,
            attributes: "text-anchor=\"middle\" class=\"axis-title\""
        )
        out += "</g>\n<g class=\"y-axis\">\n"
        for tick in y.ticks {
            let position = plot.y0 - (plot.y0 - plot.y1) * tick / y.max
            out += Self.line(plot.x0, position, plot.x1, position, "grid")
            out += Self.text(
                Self.tickLabel(tick),
                x: plot.x0 - 8,
                y: position + 4,
                attributes: "text-anchor=\"end\" class=\"tick\""
            )
        }
        out += Self.line(plot.x0, plot.y0, plot.x0, plot.y1, "axis")
        let middle = Self.f((plot.y0 + plot.y1) / 2)
        out += Self.text(
            y.title,
            x: 20,
            y: (plot.y0 + plot.y1) / 2,
            attributes: "text-anchor=\"middle\" class=\"axis-title\" transform=\"rotate(-90 20 \(middle))\""
        )
        return out + "</g>\n"
    }

    private static func frame(top: Double) -> (x0: Double, x1: Double, y0: Double, y1: Double) {
        (
            Self.margin.left, Self.width - Self.margin.right, top + Self.panelHeight - Self.margin.bottom,
            top + Self.margin.top
        )
    }

    /// 0 and 4–10 round steps (1, 2 or 5 × 10ⁿ) up to at least `maximum`.
    static func niceTicks(upTo maximum: Double) -> [Double] {
        let raw = maximum / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let count = Int(ceil(maximum / step - 1e-9))
        return (0...max(count, 1)).map { Double($0) * step }
    }

    private static func tickLabel(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%g", value)
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func line(
        _ x0: Double,
        _ y0: Double,
        _ x1: Double,
        _ y1: Double,
        _ kind: String,
        stroke: String? = nil,
        dash: String = ""
    ) -> String {
        var out = "<line class=\"\(kind)\" x1=\"\(f(x0))\" y1=\"\(f(y0))\" x2=\"\(f(x1))\" y2=\"\(f(y1))\""
        if let stroke { out += " stroke=\"\(stroke)\" stroke-width=\"2\"" }
        if !dash.isEmpty { out += " stroke-dasharray=\"\(dash)\"" }
        return out + "/>\n"
    }

    private static func text(_ value: String, x: Double, y: Double, attributes: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" \(attributes)>\(Self.escape(value))</text>\n"
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
