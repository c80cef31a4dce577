// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPTestSupport
import Testing

/// Runs the built `mogate` executable, as a user would.
///
/// The test target cannot import the executable's module, so the tests drive the binary that `swift build`
/// (and `swift test`) put next to the test bundle. `MOGATE_BINARY` overrides the location.
struct MogateExecutable {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: String

        var stdoutText: String { String(decoding: self.stdout, as: UTF8.self) }

        /// Standard output as JSON Lines, each line parsed with JSONSerialization.
        func jsonLines() throws -> [[String: Any]] {
            try self.stdoutText.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any], "not a JSON object: \(line)")
            }
        }
    }

    let url: URL

    init() throws {
        self.url = try #require(Self.locate(), "mogate executable not found next to the test bundle; run swift build")
    }

    /// Runs `mogate` with `arguments`, feeding `stdin`, with `environment` added to ours, and waits for it to exit.
    ///
    /// The wait polls rather than blocks: Swift Testing runs every test on a pool as wide as the machine has cores
    /// (two here), and tests that block it in `waitUntilExit` stall all the others.
    func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-tests-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files, not pipes: no risk of a full pipe blocking either side.
        let input = directory.appendingPathComponent("stdin")
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        try stdin.write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)

        let child = try await ChildProcess.start(
            self.url.path,
            arguments,
            environment: environment,
            standardInput: input.path,
            standardOutput: output.path,
            standardError: errors.path
        )
        while child.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return Output(
            status: child.exitCode ?? -1,
            stdout: try Data(contentsOf: output),
            stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        )
    }

    /// Looks for `mogate` in the directories above the test bundle (`.build/<triple>/debug/`).
    private static func locate() -> URL? {
        if let override = ProcessInfo.processInfo.environment["MOGATE_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()]
        starts += Bundle.allBundles.map(\.bundleURL)
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("mogate")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }
}
