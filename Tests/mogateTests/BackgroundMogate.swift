// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import NIOPosix
import SMPPTestSupport
import Testing

/// A `mogate` process running in the background (`serve`), with its standard error in a file to read.
final class BackgroundMogate {
    let process = Process()
    let log: URL

    init(_ executable: MogateExecutable, _ arguments: [String], environment: [String: String] = [:]) throws {
        self.log = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-serve-\(UUID()).log")
        try Data().write(to: self.log)
        self.process.executableURL = executable.url
        self.process.arguments = arguments
        self.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        self.process.standardOutput = try FileHandle(forWritingTo: self.log)
        self.process.standardError = try FileHandle(forWritingTo: self.log)
        try self.process.run()
    }

    deinit {
        if self.process.isRunning { self.process.terminate() }
        try? FileManager.default.removeItem(at: self.log)
    }

    var output: String { (try? String(contentsOf: self.log, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !self.output.contains(text) {
            guard clock.now < deadline, self.process.isRunning || self.output.contains(text) else {
                Issue.record("\"\(text)\" never appeared in the log:\n\(self.output)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the log contains `text` (true) or the process exits without it (false), recording no issue:
    /// for callers that retry, such as when a port picked free was taken meanwhile.
    func logOrExit(_ text: String, timeout: Duration = .seconds(20)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !self.output.contains(text) {
            if !self.process.isRunning { return self.output.contains(text) }
            guard ContinuousClock.now < deadline else {
                Issue.record("\"\(text)\" never appeared in the log:\n\(self.output)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// The port a log line containing `marker` names: `port=N`, or an address `127.0.0.1:N`.
    func loggedPort(_ marker: String) -> Int? {
        for line in self.output.split(separator: "\n") where line.contains(marker) {
            if let range = line.range(of: #"port=[0-9]+"#, options: .regularExpression) {
                return Int(line[range].dropFirst("port=".count))
            }
            if let range = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                return Int(line[range].dropFirst("127.0.0.1:".count))
            }
        }
        return nil
    }

    /// Waits for the process to exit on its own.
    func waitForExit(timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while self.process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(self.process.processIdentifier, SIGKILL)
                Issue.record("mogate did not exit:\n\(self.output)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate(timeout: Duration = .seconds(20)) async throws -> Int32 {
        self.process.terminate()
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while self.process.isRunning {
            guard clock.now < deadline else {
                kill(self.process.processIdentifier, SIGKILL)
                Issue.record("mogate did not exit after SIGTERM")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return self.process.terminationStatus
    }

    /// A TCP port that was free a moment ago.
    static func freePort() async throws -> Int { TestPorts.free() }
}
