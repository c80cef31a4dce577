// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB
public import Logging
public import ServiceLifecycle
import Synchronization

/// The ``MessageStore`` on one SQLite file in WAL mode, through GRDB.
///
/// Every write goes through a single writer task, ``run()``. Callers queue their write and wait; the writer takes
/// everything queued (up to ``Configuration/maxBatch``), runs it in one transaction, so one fsync, and only then
/// resumes each caller with its result. With N PDUs outstanding, one commit covers up to N of them (group commit).
/// Reads (`dueForDelivery`, `status`, `deadLetters`) go to a pool reader and never wait for the writer.
///
/// Run it in the gateway's `ServiceGroup`, listed before the services that use it so that it stops after them:
/// on graceful shutdown it refuses new writes, commits those already queued, and closes the file. Writes made
/// while it is not running wait until it runs.
public final class SQLiteMessageStore: MessageStore, Service {
    let configuration: Configuration
    let database: any DatabaseWriter
    let queue = SQLiteWriteQueue()
    let logger: Logger

    struct Counters {
        /// Records pending delivery, kept by the writer so that the backlog check costs no query.
        var backlog: Int
        /// Transactions committed by the writer.
        var commits = 0
        /// Writes those transactions held.
        var writes = 0
    }

    let counters: Mutex<Counters>
    /// How stored MO are routed to bound ESMEs (the carrier emulator); see `setESMERouting(_:)`.
    let esmeRouting = Mutex<ESMERoutingBox?>(nil)

    /// Opens (or creates) the store and brings its schema up to date.
    /// - Throws: when the file cannot be opened or migrated.
    public init(configuration: Configuration, logger: Logger = Logger(label: "mogate.store")) throws {
        self.configuration = configuration
        self.logger = logger
        var options = GRDB.Configuration()
        options.busyMode = .timeout(configuration.busyTimeout)
        options.label = "mogate.store"
        switch configuration.durability {
        case .fsync, .os:
            let directory = URL(fileURLWithPath: configuration.path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // DatabasePool is WAL: one writer connection plus readers that never block it.
            let pool = try DatabasePool(path: configuration.path, configuration: options)
            // GRDB's WAL setup leaves the writer at synchronous=NORMAL; fsync on every commit needs FULL.
            let synchronous = configuration.durability == .fsync ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            self.database = pool
        case .memory:
            logger.warning(
                "store durability is 'memory': messages are NOT stored durably and are lost when mogate stops; use only for protocol load tests"
            )
            self.database = try DatabaseQueue(configuration: options)
        }
        try Self.migrator.migrate(self.database)
        let backlog = try self.database.read { try Self.countBacklog($0) }
        self.counters = Mutex(Counters(backlog: backlog))
        logger.info(
            "store opened",
            metadata: [
                "path": "\(configuration.path)", "durability": "\(configuration.durability)", "backlog": "\(backlog)",
            ]
        )
    }

    /// Transactions committed so far: with ``writesCommitted``, how well group commit batches.
    public var commitCount: Int { self.counters.withLock { $0.commits } }

    /// Writes committed so far, in ``commitCount`` transactions.
    public var writesCommitted: Int { self.counters.withLock { $0.writes } }

    /// The backlog as the writer counts it: no query, for metrics. ``backlog()`` recounts from the file.
    public var currentBacklog: Int { self.counters.withLock { $0.backlog } }

    static func countBacklog(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
    }

    /// Queues `body` for the writer and returns its result once the transaction holding it has committed.
    func write<T: Sendable>(
        durable: Bool = true,
        _ body: @escaping @Sendable (Database, inout SQLiteBatchContext) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            self.write(durable: durable, body) { continuation.resume(with: $0) }
        }
    }

    /// `write(durable:_:)` for callers without a task: the writer thread calls `completion` once the transaction
    /// holding `body` has committed, or with the error.
    func write<T: Sendable>(
        durable: Bool = true,
        _ body: @escaping @Sendable (Database, inout SQLiteBatchContext) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        var write = SQLitePendingWrite(
            apply: { db, context in
                let value = try body(db, &context)
                return { completion(.success(value)) }
            },
            fail: { completion(.failure($0)) }
        )
        write.durable = durable
        if !self.queue.enqueue(write) {
            completion(.failure(MessageStoreError(code: .unavailable, detail: "the store is closed")))
        }
    }

    /// Throws `backlogFull` before queueing anything when the counter is already at the limit. The writer checks
    /// again, exactly, inside the transaction.
    func checkBacklog() throws {
        guard let limit = self.configuration.backlogLimit else { return }
        if self.counters.withLock({ $0.backlog }) >= limit {
            throw MessageStoreError(code: .backlogFull)
        }
    }

    /// Inserts a record into the outbox, due now, unless its id is already there (ingestion may retry).
    /// - Returns: whether a row was inserted.
    @discardableResult
    static func insert(
        id: String,
        type: MORecord.Kind,
        json: some Collection<UInt8>,
        _ db: Database,
        _ context: inout SQLiteBatchContext
    ) throws -> Bool {
        let now = context.now.timeIntervalSince1970
        // From the connection's statement cache: compiled once, not once per MO.
        var statement = BoundStatement(
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO outbox (id, type, payload, state, queued_at, next_attempt_at, attempts)
                    VALUES (?, ?, ?, 'pending', ?, ?, 0)
                    """
            )
        )
        statement.bind(id)
        statement.bind(type.rawValue)
        statement.bind(text: json)
        statement.bind(now)
        statement.bind(now)
        try statement.execute()
        guard db.changesCount > 0 else { return false }
        context.backlog += 1
        return true
    }

}
