// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// A suite's results as a table for people.
public struct ConformanceReport: Sendable {
    public var results: [ConformanceResult]

    public init(results: [ConformanceResult]) { self.results = results }

    public func count(_ verdict: ConformanceVerdict) -> Int { self.results.filter { $0.verdict == verdict }.count }

    /// The worst verdict: `fail` if any case failed.
    public var verdict: ConformanceVerdict { self.results.map(\.verdict).max() ?? .pass }

    public var summary: String {
        "\(self.count(.pass)) pass, \(self.count(.warn)) warn, \(self.count(.fail)) fail"
    }

    /// One line per case: verdict, id, spec reference, then what was seen.
    public func table() -> String {
        let idWidth = self.results.map(\.id.count).max() ?? 4
        let referenceWidth = self.results.map(\.reference.count).max() ?? 9
        var lines = [
            Self.row("RESULT", "CASE".padded(idWidth), "SPEC".padded(referenceWidth), "SEEN")
        ]
        for result in self.results {
            lines.append(
                Self.row(
                    result.verdict.rawValue.uppercased(),
                    result.id.padded(idWidth),
                    result.reference.padded(referenceWidth),
                    result.detail
                )
            )
        }
        lines.append("")
        lines.append(self.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ verdict: String, _ id: String, _ reference: String, _ detail: String) -> String {
        "\(verdict.padded(6))  \(id)  \(reference)  \(detail)"
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        self.count >= width ? self : self + String(repeating: " ", count: width - self.count)
    }
}
