// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Testing

@testable import MOLoad

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct LoadPlotTests {
    /// Collects the SVG's elements with their attributes and the text of `<text>` elements.
    final class Collector: NSObject, XMLParserDelegate {
        struct Element {
            var name: String
            var attributes: [String: String]
            var groups: [String]
            var text = ""
        }
        var elements: [Element] = []
        private var groups: [String] = []
        private var open: [Int] = []

        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            self.elements.append(Element(name: name, attributes: attributes, groups: self.groups))
            self.open.append(self.elements.count - 1)
            if name == "g" { self.groups.append(attributes["id"] ?? attributes["class"] ?? "") }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = self.open.last { self.elements[last].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            self.open.removeLast()
            if name == "g" { self.groups.removeLast() }
        }
    }

    @Test("the plot is well-formed SVG with labelled axes, a log percentile axis, and one point per second")
    func plot() async throws {
        let server = try await LoadTestServer()
        defer { server.stop() }
        var configuration = LoadConfiguration(
            target: .connect(
                host: "127.0.0.1",
                port: server.port,
                systemID: "load",
                password: "load",
                bindType: .transmitter
            )
        )
        configuration.rate = 400
        configuration.duration = 2.5
        configuration.window = 4
        let report = try await LoadGenerator(configuration: configuration, logger: Logger(label: "test")).run()
        let svg = LoadPlot.svg(report)

        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        let elements = collector.elements
        #expect(elements.first?.name == "svg")
        #expect(elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        // Self-contained: nothing fetched from elsewhere.
        #expect(!svg.contains("href"))

        let texts = { (group: String) in elements.filter { $0.name == "text" && $0.groups.contains(group) }.map(\.text)
        }
        #expect(texts("latency-plot").contains("percentile"))
        #expect(texts("latency-plot").contains("latency (ms)"))
        #expect(texts("throughput-plot").contains("time (s)"))
        #expect(texts("throughput-plot").contains("responses/s"))
        let percentileTicks = elements.filter { $0.name == "text" && $0.groups == ["latency-plot", "x-axis"] }.map(
            \.text
        )
        #expect(Array(percentileTicks.prefix(4)) == ["0%", "90%", "99%", "99.9%"])
        let logAxis = elements.first {
            $0.name == "g" && $0.groups == ["latency-plot"] && $0.attributes["class"] == "x-axis"
        }
        #expect(logAxis?.attributes["data-scale"] == "log")

        let series = Dictionary(
            elements.filter { $0.name == "polyline" }.map {
                ($0.attributes["data-series"] ?? "", $0.attributes["points"] ?? "")
            },
            uniquingKeysWith: { first, _ in first }
        )
        #expect(Set(series.keys) == ["latency", "service time", "throughput"])
        let throughputPoints = series["throughput"]?.split(separator: " ") ?? []
        #expect(throughputPoints.count == report.perSecond.count)
        #expect(throughputPoints.count >= 3, "2.5 s of sending: \(report.perSecond)")
        #expect((series["latency"]?.split(separator: " ").count ?? 0) >= 10)
        // Latency rises left to right: y (down the page) never increases along the percentile axis.
        let ys = (series["latency"] ?? "").split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $0.0 >= $0.1 })
    }
}
