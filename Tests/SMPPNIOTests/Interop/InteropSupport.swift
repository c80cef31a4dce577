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
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin"]
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// python3 that can import `modules`, or a test failure (the run asked for interop, so a missing peer is an
    /// error, not a skip).
    static func requirePython(importing modules: [String]) async throws -> String {
        let python = try #require(Self.which("python3"), "MOGATE_INTEROP=1 but python3 is not on PATH")
        let check = try PeerProcess.launch(python, ["-c", "import " + modules.joined(separator: ", ")])
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
        let help = try PeerProcess.launch(mogate, ["serve", "--help"])
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

/// A peer program run with Foundation's `Process`: its stdout JSON lines and its stderr, collected as they come.
///
/// Waiting polls the collected lines every 20 ms against a deadline, so nothing waits longer than asked and no
/// test depends on a fixed sleep. `terminate()` sends SIGTERM, then SIGKILL after a grace period; call it on every
/// path (`defer`).
final class PeerProcess: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var stdoutLines: [String] = []
    private var stderrText = ""
    private var openStreams = 2
    let launchedAt = ContinuousClock.now
    let commandLine: String

    private init(process: Process, commandLine: String) {
        self.process = process
        self.commandLine = commandLine
    }

    static func launch(_ executable: String, _ arguments: [String]) throws -> PeerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONIOENCODING"] = "utf-8"
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let peer = PeerProcess(process: process, commandLine: ([executable] + arguments).joined(separator: " "))
        try process.run()
        peer.drain(stdout.fileHandleForReading, isStdout: true)
        peer.drain(stderr.fileHandleForReading, isStdout: false)
        return peer
    }

    /// Reads a pipe on a background thread until EOF; stdout is split into lines.
    private func drain(_ handle: FileHandle, isStdout: Bool) {
        let thread = Thread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if isStdout {
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                        pending.removeSubrange(pending.startIndex...newline)
                        self.lock.withLock { self.stdoutLines.append(line) }
                    }
                } else {
                    let text = String(decoding: chunk, as: UTF8.self)
                    self.lock.withLock { self.stderrText += text }
                }
            }
            self.lock.withLock {
                if isStdout && !pending.isEmpty {
                    self.stdoutLines.append(String(decoding: pending, as: UTF8.self))
                }
                self.openStreams -= 1
            }
        }
        thread.start()
    }

    var lines: [String] { self.lock.withLock { self.stdoutLines } }
    var events: [JSON] { self.lines.compactMap(JSON.parse) }
    var standardError: String { self.lock.withLock { self.stderrText } }
    var isRunning: Bool { self.process.isRunning }
    private var outputClosed: Bool { self.lock.withLock { self.openStreams == 0 } }

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
            let ended = !self.process.isRunning && self.outputClosed
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
            if !self.process.isRunning && self.outputClosed {
                throw InteropTimeout(what: "\"\(text)\" on stderr (the process exited first)\n\(self.transcript)")
            }
            if ContinuousClock.now >= deadline {
                throw InteropTimeout(what: "\"\(text)\" on stderr\n\(self.transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends a signal (SIGTERM for a graceful stop).
    func signal(_ signal: Int32) {
        if self.process.isRunning { kill(self.process.processIdentifier, signal) }
    }

    /// Waits for the process to exit and its output to be read; on timeout it is terminated and this throws.
    @discardableResult
    func waitForExit(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while self.process.isRunning || !self.outputClosed {
            if ContinuousClock.now >= deadline {
                self.terminate()
                throw InteropTimeout(what: "\(self.commandLine) to exit\n\(self.transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return self.process.terminationStatus
    }

    /// Whether the child still runs. `Process.isRunning` alone can lag when the thread that would notice the exit
    /// is the one waiting, so a zombie (state Z in /proc) counts as ended.
    private var isAlive: Bool {
        guard self.process.isRunning else { return false }
        let stat = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/stat", encoding: .utf8)
        guard let stat, let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    /// SIGTERM, then SIGKILL if it is still running after `grace`. Safe to call more than once, and after exit.
    func terminate(grace: Duration = .seconds(8)) {
        guard self.isAlive else { return }
        let pid = self.process.processIdentifier
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        var polls = 0
        while self.isAlive && ContinuousClock.now < deadline {
            usleep(20_000)
            polls += 1
            if polls % 50 == 0 { kill(pid, SIGTERM) }  // again, in case the first one landed before exec
        }
        if self.isAlive {
            kill(pid, SIGKILL)
        }
    }

    deinit {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
    }
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
