// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// The outcome of one conformance case.
public enum ConformanceVerdict: String, Sendable, Codable, Comparable {
    case pass
    /// Not what the spec prescribes, but a reaction peers commonly accept (another error status, a close).
    case warn
    case fail

    public static func < (lhs: Self, rhs: Self) -> Bool {
        let order: [Self] = [.pass, .warn, .fail]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// One case's result: its verdict and what was seen.
public struct ConformanceResult: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    /// Where SMPP 3.4 prescribes the behaviour.
    public var reference: String
    public var verdict: ConformanceVerdict
    public var detail: String

    public init(id: String, title: String, reference: String, verdict: ConformanceVerdict, detail: String) {
        self.id = id
        self.title = title
        self.reference = reference
        self.verdict = verdict
        self.detail = detail
    }
}

/// A verdict with the detail that explains it.
struct Outcome: Sendable {
    var verdict: ConformanceVerdict
    var detail: String

    static func pass(_ detail: String) -> Self { Self(verdict: .pass, detail: detail) }
    static func warn(_ detail: String) -> Self { Self(verdict: .warn, detail: detail) }
    static func fail(_ detail: String) -> Self { Self(verdict: .fail, detail: detail) }
}

/// One conformance case: what it checks, where the spec says so, and how to run it against a peer.
struct ConformanceCase: Sendable {
    var id: String
    var title: String
    var reference: String
    var run: @Sendable (ConformanceContext) async throws -> Outcome
}
