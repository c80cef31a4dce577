// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the interop peers live and whether the tests that run them were asked for.
///
/// The peers are third-party SMPP implementations driven by small programs in `scripts/interop/` (see its
/// README): python-smpplib, smpp34 and Kannel. They print one JSON object per line on stdout.
enum InteropPeers {
    /// `MOGATE_INTEROP=1` asks for tests that run external programs. Without it they are reported as skipped; with
    /// it a missing tool is a failure.
    static let isRequested = ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1"

    static let skipReason = "needs smpplib/kannel/smpp34; set MOGATE_INTEROP=1"

    /// `scripts/interop`, found from this file's path (Tests/SMPPNIOTests/Interop/InteropSupport.swift).
    static let scriptsDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("scripts/interop")
    }()

    static func script(_ name: String) -> String {
        Self.scriptsDirectory.appendingPathComponent(name).path
    }

    /// An executable found on PATH (and in the sbin directories, where Debian puts Kannel).
    static func which(_ name: String) -> String? { ChildProcess.which(name) }

    /// python3 that can import `modules`, or a test failure (the run asked for interop, so a missing peer is an
    /// error, not a skip).
    static func requirePython(importing modules: [String]) async throws -> String {
        let python = try #require(Self.which("python3"), "MOGATE_INTEROP=1 but python3 is not on PATH")
        let check = try await PeerProcess.launch(python, ["-c", "import " + modules.joined(separator: ", ")])
        let status = try await check.waitForExit(timeout: .seconds(30))
        try #require(
            status == 0,
            "MOGATE_INTEROP=1 but python3 cannot import \(modules): \(check.standardError) (pip install \(modules))"
        )
        return python
    }

    /// The `mogate` executable that `swift build` put beside the test bundle (`MOGATE_BINARY` overrides it).
    static func requireMogate() throws -> String {
        if let path = ProcessInfo.processInfo.environment["MOGATE_BINARY"], !path.isEmpty { return path }
        let testBinary = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
        )
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the test binary is …/debug/mogatePackageTests.xctest; on Darwin it is inside a bundle.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("mogate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let missing: String? = nil
        return try #require(missing, "mogate executable not found near \(testBinary.path); run swift build")
    }

    /// `mogate serve` on 127.0.0.1 with `smppPort`, plus what keeps parallel runs apart where this build of serve
    /// has it: a free `--http-port` and a fresh `--data-dir` (read from `serve --help`).
    static func serveArguments(_ mogate: String, smppPort: Int) async throws -> [String] {
        let help = try await PeerProcess.launch(mogate, ["serve", "--help"])
        _ = try await help.waitForExit(timeout: .seconds(30))
        let usage = help.lines.joined(separator: "\n") + help.standardError
        var arguments = ["serve", "--host", "127.0.0.1", "--smpp-port", "\(smppPort)"]
        if usage.contains("--http-port") { arguments += ["--http-port", "\(try Self.freePort())"] }
        if usage.contains("--data-dir") {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-interop-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            arguments += ["--data-dir", directory.path]
        }
        return arguments
    }

    /// A TCP port that was free a moment ago on 127.0.0.1 (for programs that cannot report the port they got).
    static func freePort() throws -> Int { TestPorts.free() }

    /// bash and Kannel's two boxes, or a test failure.
    static func requireKannel() throws -> String {
        _ = try #require(Self.which("bearerbox"), "MOGATE_INTEROP=1 but Kannel is missing (apt-get install kannel)")
        _ = try #require(Self.which("smsbox"), "MOGATE_INTEROP=1 but Kannel's smsbox is missing")
        _ = try #require(Self.which("python3"), "MOGATE_INTEROP=1 but python3 is not on PATH")
        return try #require(Self.which("bash"), "bash is not on PATH")
    }
}

/// A JSON value as the peers print it.
enum JSON: Sendable, Hashable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    static func parse(_ line: String) -> JSON? {
        try? JSONDecoder().decode(JSON.self, from: Data(line.utf8))
    }

    subscript(key: String) -> JSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        if case .int(let value) = self { return Int(value) }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

struct InteropTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(self.what)" }
}

/// A peer program (a `ChildProcess`): its stdout JSON lines and its stderr, read from files as they grow.
///
/// Waiting polls the output every 20 ms against a deadline, so nothing waits longer than asked and no test depends
/// on a fixed sleep. `terminate()` sends SIGTERM, then SIGKILL after a grace period; call it on every path
/// (`defer`).
final class PeerProcess: Sendable {
    private let child: ChildProcess
    private let standardOutputPath: String
    private let standardErrorPath: String
    let launchedAt = ContinuousClock.now
    var commandLine: String { self.child.commandLine }

    private init(child: ChildProcess, standardOutput: String, standardError: String) {
        self.child = child
        self.standardOutputPath = standardOutput
        self.standardErrorPath = standardError
    }

    static func launch(_ executable: String, _ arguments: [String]) async throws -> PeerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mogate-peer-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let standardOutput = directory.appendingPathComponent("stdout").path
        let standardError = directory.appendingPathComponent("stderr").path
        let child = try await ChildProcess.start(
            executable,
            arguments,
            environment: ["PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"],
            standardOutput: standardOutput,
            standardError: standardError
        )
        return PeerProcess(child: child, standardOutput: standardOutput, standardError: standardError)
    }

    /// The complete lines on stdout so far; once the process has ended, a last line without a newline too.
    var lines: [String] {
        let ended = !self.child.isRunning
        var lines = ChildProcess.read(self.standardOutputPath).split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.removeLast()
        if ended && !last.isEmpty { lines.append(last) }
        return lines.map(String.init)
    }
    var events: [JSON] { self.lines.compactMap(JSON.parse) }
    var standardError: String { ChildProcess.read(self.standardErrorPath) }
    var isRunning: Bool { self.child.isRunning }

    /// What went on, for failure messages: the command, stdout and the end of stderr.
    var transcript: String {
        let errors = self.standardError
        return """
            $ \(self.commandLine)
            --- stdout
            \(self.lines.joined(separator: "\n"))
            --- stderr (last 4000 characters)
            \(errors.suffix(4000))
            """
    }

    /// The first JSON line that satisfies `predicate`, waiting for it up to `timeout`. Throws when the time is up
    /// or the process ended without printing one.
    func firstEvent(
        _ what: String,
        timeout: Duration,
        where predicate: @Sendable (JSON) -> Bool
    ) async throws -> JSON {
        let deadline = ContinuousClock.now + timeout
        while true {
            let ended = !self.child.isRunning
            if let match = self.events.first(where: predicate) { return match }
            if ended { throw InteropTimeout(what: "\(what) (the peer exited first)\n\(self.transcript)") }
            if ContinuousClock.now >= deadline { throw InteropTimeout(what: "\(what)\n\(self.transcript)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until stderr contains `text`, or one of `alternatives` (mogate logs there).
    func waitForStandardError(containing text: String, or alternatives: [String] = [], timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !([text] + alternatives).contains(where: self.standardError.contains) {
            if !self.child.isRunning {
                throw InteropTimeout(what: "\"\(text)\" on stderr (the process exited first)\n\(self.transcript)")
            }
            if ContinuousClock.now >= deadline {
                throw InteropTimeout(what: "\"\(text)\" on stderr\n\(self.transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends a signal (SIGTERM for a graceful stop).
    func signal(_ signal: Int32) { self.child.signal(signal) }

    /// Waits for the process to exit; on timeout it is terminated and this throws. Returns the exit code, or the
    /// signal that ended it.
    @discardableResult
    func waitForExit(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while self.child.isRunning {
            if ContinuousClock.now >= deadline {
                self.terminate()
                throw InteropTimeout(what: "\(self.commandLine) to exit\n\(self.transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return self.child.exitCode ?? -1
    }

    /// SIGTERM, then SIGKILL if it is still running after `grace`. Safe to call more than once, and after exit.
    /// Synchronous, for `defer`.
    func terminate(grace: Duration = .seconds(8)) { self.child.stop(grace: grace) }

    deinit { self.child.signal(SIGKILL) }
}

/// Runs `body`, and throws `InteropTimeout` if it takes longer than `timeout` (the body's task is cancelled).
func withTimeout<T: Sendable>(
    _ timeout: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw InteropTimeout(what: what)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

extension String {
    /// Hex of UTF-16BE code units, as the peers print UCS-2 short_message octets.
    var utf16BEHex: String {
        self.utf16.map { String(format: "%04x", $0) }.joined()
    }
}

extension Array where Element == UInt8 {
    var hex: String { self.map { String(format: "%02x", $0) }.joined() }
}
