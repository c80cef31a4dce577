// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// SMPP 3.4 conformance cases against a peer, each on its own connection, with a verdict and a spec reference.
public enum ConformanceSuite {
    /// The ids of the cases for an SMSC (the peer accepts binds), in the order they run.
    public static var smscCaseIDs: [String] { Self.smscCases.map(\.id) }

    /// Runs the SMSC cases against `target` (all of them, or those whose id starts with one of `only`), calling
    /// `progress` after each. A case that cannot run (no connection, no bind) fails with the reason.
    public static func runSMSC(
        target: ConformanceTarget,
        only: [String] = [],
        progress: @Sendable (ConformanceResult) -> Void = { _ in }
    ) async -> [ConformanceResult] {
        let context = ConformanceContext(target: target)
        var results: [ConformanceResult] = []
        for testCase in Self.smscCases where only.isEmpty || only.contains(where: { testCase.id.hasPrefix($0) }) {
            let outcome: Outcome
            do {
                outcome = try await testCase.run(context)
            } catch {
                outcome = .fail("\(error)")
            }
            let result = ConformanceResult(
                id: testCase.id,
                title: testCase.title,
                reference: testCase.reference,
                verdict: outcome.verdict,
                detail: outcome.detail
            )
            progress(result)
            results.append(result)
        }
        return results
    }

    static var smscCases: [ConformanceCase] {
        Self.bindCases + Self.sessionCases + Self.invalidPDUCases + Self.messageCases + Self.fieldCases
    }
}
