// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import NIOPosix
import SMPPTestSupport
import Testing

/// A `mogate` process running in the background (`serve`), with its standard error in a file to read.
final class BackgroundMogate {
    let child: ChildProcess
    let log: URL

    init(_ executable: MogateExecutable, _ arguments: [String], environment: [String: String] = [:]) async throws {
        self.log = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-serve-\(UUID()).log")
        try Data().write(to: self.log)
        self.child = try await ChildProcess.start(
            executable.url.path,
            arguments,
            environment: environment,
            standardOutput: self.log.path
        )
    }

    deinit {
        self.child.signal(SIGTERM)
        try? FileManager.default.removeItem(at: self.log)
    }

    var processIdentifier: pid_t { self.child.processIdentifier }
    var isRunning: Bool { self.child.isRunning }
    /// The exit code, or the signal that ended it; nil while it runs.
    var exitCode: Int32? { self.child.exitCode }

    var output: String { (try? String(contentsOf: self.log, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !self.output.contains(text) {
            guard clock.now < deadline, self.child.isRunning || self.output.contains(text) else {
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
            if !self.child.isRunning { return self.output.contains(text) }
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
        while self.child.isRunning {
            guard ContinuousClock.now < deadline else {
                self.child.signal(SIGKILL)
                Issue.record("mogate did not exit:\n\(self.output)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate(timeout: Duration = .seconds(20)) async throws -> Int32 {
        self.child.signal(SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while self.child.isRunning {
            guard clock.now < deadline else {
                self.child.signal(SIGKILL)
                Issue.record("mogate did not exit after SIGTERM")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return self.child.exitCode ?? -1
    }

    /// A TCP port that was free a moment ago.
    static func freePort() async throws -> Int { TestPorts.free() }
}
