// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

extension Scenario {
    /// Reads a scenario file: `.csv` as CSV, `.yaml` or `.yml` as YAML.
    ///
    /// - Throws: ``ScenarioError`` when the file cannot be read or has an error (naming the line).
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let lowered = path.lowercased()
        let isCSV = lowered.hasSuffix(".csv")
        guard isCSV || lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") else {
            throw ScenarioError(file: path, line: nil, reason: "name the file .csv, .yaml or .yml")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, line: nil, reason: "cannot read it: \(error.localizedDescription)")
        }
        return isCSV ? try Self.parseCSV(text, file: path) : try Self.parseYAML(text, file: path)
    }
}
