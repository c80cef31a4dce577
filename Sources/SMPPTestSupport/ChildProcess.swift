// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A program a test runs: launched with swift-subprocess, its standard output and error written to files that the
/// test reads as they grow.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3.1 its launch over-reads `/proc/self/fd` and now and then
/// crashes the whole test process (swift-corelibs-foundation #5472), and `FileHandle.availableData` on its pipes
/// traps on EINTR. Both were seen taking down `swift test` here.
public final class ChildProcess: Sendable {
    public let processIdentifier: pid_t
    public let commandLine: String
    private let exit: Task<TerminationStatus, any Error>
    private let box: Box

    private init(processIdentifier: pid_t, commandLine: String, exit: Task<TerminationStatus, any Error>, box: Box) {
        self.processIdentifier = processIdentifier
        self.commandLine = commandLine
        self.exit = exit
        self.box = box
    }

    /// Launches `executable` (a path, or a name looked up on PATH) with the environment of this process plus
    /// `environment`. Standard input is `standardInput`'s file or /dev/null; standard output and error are appended
    /// to their files (one file when `standardError` is nil).
    public static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: String? = nil,
        standardOutput: String,
        standardError: String? = nil
    ) async throws -> ChildProcess {
        let input = try FileDescriptor.open(FilePath(standardInput ?? "/dev/null"), .readOnly)
        let output = try Self.openForAppending(standardOutput)
        let errors = try Self.openForAppending(standardError ?? standardOutput)
        let box = Box()
        let (launched, continuation) = AsyncStream<pid_t>.makeStream()
        let exit = Task<TerminationStatus, any Error> {
            defer { continuation.finish() }
            do {
                let result = try await Subprocess.run(
                    executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
                    arguments: Arguments(arguments),
                    environment: .inherit.updating(
                        Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(rawValue: $0)!, $1) })
                    ),
                    input: .fileDescriptor(input, closeAfterSpawningProcess: true),
                    output: .fileDescriptor(output, closeAfterSpawningProcess: true),
                    error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
                ) { execution in
                    continuation.yield(execution.processIdentifier.value)
                    continuation.finish()
                }
                box.ended.withLock { $0 = result.terminationStatus }
                return result.terminationStatus
            } catch {
                box.ended.withLock { $0 = .exited(-1) }
                throw error
            }
        }
        var pids = launched.makeAsyncIterator()
        guard let pid = await pids.next() else {
            _ = try await exit.value
            throw ChildProcessError(description: "\(executable) did not start")
        }
        return ChildProcess(
            processIdentifier: pid,
            commandLine: ([executable] + arguments).joined(separator: " "),
            exit: exit,
            box: box
        )
    }

    /// An executable found on PATH, or in the sbin directories (where Debian puts Kannel).
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` to its end and returns its status with what it wrote on standard output and error.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: String? = nil
    ) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("stdout").path
        let errors = directory.appendingPathComponent("stderr").path
        let child = try await Self.start(
            executable,
            arguments,
            environment: environment,
            standardInput: standardInput,
            standardOutput: output,
            standardError: errors
        )
        let status = try await child.wait()
        return Outcome(status: status, output: Self.read(output), errors: Self.read(errors))
    }

    /// The exit status, once the process has ended.
    public var status: TerminationStatus? { self.box.ended.withLock { $0 } }
    public var isRunning: Bool { self.status == nil }

    /// As `Process.terminationStatus` had it: the exit code, or the signal that ended the process.
    public var exitCode: Int32? {
        switch self.status {
        case .exited(let code): code
        case .signaled(let signal): signal
        case nil: nil
        }
    }

    public func wait() async throws -> TerminationStatus { try await self.exit.value }

    public func signal(_ signal: Int32) {
        if self.isRunning { kill(self.processIdentifier, signal) }
    }

    /// SIGTERM, then SIGKILL if it still runs after `grace`; returns how it ended. Safe to call more than once.
    @discardableResult
    public func terminate(grace: Duration = .seconds(8)) async -> TerminationStatus? {
        self.signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while self.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        self.signal(SIGKILL)
        return try? await self.wait()
    }

    /// Whether the process is still there: it has not ended, and is not a zombie waiting to be reaped. It reads
    /// /proc, so it does not depend on the reaping task having run (a blocked thread may be the one it needs).
    public var isAlive: Bool {
        guard self.isRunning else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(self.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    /// SIGTERM, then SIGKILL if it is still there after `grace`, blocking the calling thread: for `defer`.
    public func stop(grace: Duration = .seconds(8)) {
        guard self.isAlive else { return }
        kill(self.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        var polls = 0
        while self.isAlive && ContinuousClock.now < deadline {
            usleep(20_000)
            polls += 1
            if polls % 50 == 0 { kill(self.processIdentifier, SIGTERM) }  // again, in case the first came before exec
        }
        if self.isAlive { kill(self.processIdentifier, SIGKILL) }
    }

    /// A file's text, invalid UTF-8 repaired (tshark prints raw message bytes); empty when it is missing.
    public static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func openForAppending(_ path: String) throws -> FileDescriptor {
        try FileDescriptor.open(
            FilePath(path),
            .writeOnly,
            options: [.create, .append],
            permissions: [.ownerReadWrite, .groupRead, .otherRead]
        )
    }

    /// The end status, written by the launch task, which starts before the instance exists.
    private final class Box: Sendable {
        let ended = Mutex<TerminationStatus?>(nil)
    }
}

extension ChildProcess {
    /// How a process that ran to its end ended, and what it wrote.
    public struct Outcome: Sendable {
        public var status: TerminationStatus
        public var output: String
        public var errors: String
        public var succeeded: Bool { self.status.isSuccess }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
}
