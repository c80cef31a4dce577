// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOGateway
import Synchronization

/// `mogate bench store`: the gateway's store work for N MO, with no network: each MO's append and its delivered
/// attempt, through `SQLiteMessageStore`'s writer, in rounds that share commits the way a loaded gateway does.
///
/// The store is one of the two large costs per MO end to end. Measured here, a change to it shows above the
/// noise of a whole loaded gateway on a shared machine.
struct StoreBenchmark {
    var count: Int
    /// Appends queued together each round: with the attempts of the round before, one commit.
    var batch: Int
    var durability: SQLiteMessageStore.Durability
    var directory: URL

    struct Result {
        var count = 0
        var seconds = 0.0
        /// User and system CPU of the whole process, and of the store's writer thread alone.
        var cpuSeconds = 0.0
        var writerCPUSeconds = 0.0
        var commits = 0
        var writes = 0
        /// Bytes the process wrote (`wchar`): WAL frames and checkpoints.
        var bytesWritten = 0

        var perSecond: Double { Double(self.count) / self.seconds }
        var cpuMicrosecondsPerMO: Double { self.cpuSeconds * 1e6 / Double(self.count) }
        var writerMicrosecondsPerMO: Double { self.writerCPUSeconds * 1e6 / Double(self.count) }
        var bytesPerMO: Double { Double(self.bytesWritten) / Double(self.count) }

        var json: String {
            """
            {"mo": \(self.count), "mo_per_s": \(Int(self.perSecond.rounded())), \
            "cpu_us_per_mo": \(fixed(self.cpuMicrosecondsPerMO)), \
            "writer_cpu_us_per_mo": \(fixed(self.writerMicrosecondsPerMO)), "commits": \(self.commits), \
            "writes": \(self.writes), "bytes_written_per_mo": \(Int(self.bytesPerMO.rounded()))}
            """
        }

        func summary(batch: Int, durability: SQLiteMessageStore.Durability) -> String {
            """
            store (\(durability.rawValue)), \(self.count) MO in rounds of \(batch): \(fixed(self.seconds)) s
              \(Int(self.perSecond.rounded())) MO/s  \(fixed(self.cpuMicrosecondsPerMO)) µs CPU/MO, of which the \
            writer thread \(fixed(self.writerMicrosecondsPerMO))
              \(self.commits) commits for \(self.writes) writes  \(Int(self.bytesPerMO.rounded())) bytes written/MO
            """
        }
    }

    func run() async throws -> Result {
        var logger = Logger(label: "mogate.bench.store")
        logger.logLevel = .error
        let store = try SQLiteMessageStore(
            configuration: .init(dataDirectory: self.directory.path, durability: self.durability),
            logger: logger
        )
        let writer = Task { try await store.run() }
        defer { writer.cancel() }
        let records = (0..<self.count).map(Self.record)
        let start = (ContinuousClock.now, Self.cpuSeconds(), Self.bytesWritten(), Self.writerCPUSeconds())
        let counted = (store.commitCount, store.writesCommitted)
        var delivered: [MORecord] = []
        for first in stride(from: 0, to: self.count, by: self.batch) {
            let round = Array(records[first..<min(first + self.batch, self.count)])
            try await Self.round(appending: round, delivering: delivered, to: store)
            delivered = round
        }
        try await Self.round(appending: [], delivering: delivered, to: store)
        let elapsed = ContinuousClock.now - start.0
        var result = Result(count: self.count)
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        result.cpuSeconds = Self.cpuSeconds() - start.1
        result.writerCPUSeconds = Self.writerCPUSeconds() - start.3
        result.bytesWritten = Self.bytesWritten() - start.2
        result.commits = store.commitCount - counted.0
        result.writes = store.writesCommitted - counted.1
        let backlog = try await store.backlog()
        guard backlog == 0 else {
            throw MessageStoreError(code: .unavailable, detail: "\(backlog) MO left undelivered")
        }
        return result
    }

    /// Queues every append and one write of the attempts together, as the gateway's event loop does in a tick,
    /// and waits for all of them.
    private static func round(
        appending records: [MORecord],
        delivering delivered: [MORecord],
        to store: SQLiteMessageStore
    ) async throws {
        let now = Date()
        let attempts = delivered.map {
            RecordedAttempt(
                DeliveryAttempt(id: $0.id, at: now, httpStatus: 200, error: nil, durationMilliseconds: 1),
                next: .delivered
            )
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let remaining = Remaining(records.count + (attempts.isEmpty ? 0 : 1), continuation)
            if attempts.isEmpty, records.isEmpty { remaining.finish() }
            for record in records {
                store.append(record) { remaining.done($0.map { _ in () }) }
            }
            if !attempts.isEmpty { store.recordAttempts(attempts) { remaining.done($0) } }
        }
    }

    /// A one-part OTP MO as ingestion makes it.
    static func record(_ index: Int) -> MORecord {
        let text = "Your code is \(100_000 + index % 900_000)"
        return MORecord(
            id: MessageID.make(),
            type: .mo,
            from: "+4477009\(String(format: "%05d", index % 100_000))",
            fromRaw: .init(addr: "077009\(String(format: "%05d", index % 100_000))", ton: 2, npi: 1),
            fromValid: true,
            to: "+447860000000",
            toRaw: .init(addr: "447860000000", ton: 1, npi: 1),
            toValid: true,
            text: text,
            encoding: "gsm7",
            dataCoding: 0,
            bodyHex: text.utf8.map { String(format: "%02x", $0) }.joined(),
            receivedAt: Date(),
            smpp: .init(command: "deliver_sm", systemID: "carrier1", sequenceNumbers: [UInt32(index & 0x7fff_ffff)])
        )
    }

    /// The process's user and system CPU, every thread's.
    private static func cpuSeconds() -> Double {
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }

    /// The CPU of the thread named `mogate-store` (the writer names itself), from /proc; 0 where there is none.
    private static func writerCPUSeconds() -> Double {
        let tasks = "/proc/self/task"
        for thread in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
            let name = try? String(contentsOfFile: "\(tasks)/\(thread)/comm", encoding: .utf8)
            guard name?.hasPrefix("mogate-store") == true,
                let stat = try? String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After the name: state is field 3, utime and stime fields 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
        return 0
    }

    /// `wchar` from /proc/self/io; 0 where there is none.
    private static func bytesWritten() -> Int {
        guard let io = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
        for line in io.split(separator: "\n") where line.hasPrefix("wchar:") {
            return Int(line.dropFirst("wchar:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}

/// Counts a round's callbacks down and resumes once, with the first error if any.
private final class Remaining: Sendable {
    private struct State {
        var count: Int
        var error: (any Error)?
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private let state: Mutex<State>

    init(_ count: Int, _ continuation: CheckedContinuation<Void, any Error>) {
        self.state = Mutex(State(count: count, continuation: continuation))
    }

    func done(_ result: Result<Void, any Error>) {
        let finished = self.state.withLock { state in
            if case .failure(let error) = result, state.error == nil { state.error = error }
            state.count -= 1
            return state.count == 0
        }
        if finished { self.finish() }
    }

    func finish() {
        let (continuation, error) = self.state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.error)
        }
        if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
    }
}
