// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

extension SQLiteMessageStore {
    /// How far a committed write survives (DESIGN.md, "Durability levels").
    public enum Durability: String, CaseIterable, Hashable, Sendable {
        /// WAL with `synchronous=FULL`: every commit is fsynced, so it survives power loss. The default.
        case fsync
        /// WAL with `synchronous=NORMAL`: survives a crash of the process, not of the machine.
        case os
        /// An in-memory database: nothing survives the process. For protocol load tests only; logs a warning.
        case memory
    }

    public struct Configuration: Sendable {
        /// The store's file name inside the data directory.
        public static let fileName = "mogate.sqlite"
        /// Where `mogate serve` and `mogate deadletters` look when no `--data-dir` is given.
        public static let defaultDataDirectory = "./.mogate"

        /// The SQLite file. Its directory is created when missing. Ignored with ``Durability/memory``.
        public var path: String
        /// Default ``Durability/fsync``.
        public var durability: Durability
        /// When set, `append` (and `appendPart`) throw ``MessageStoreError`` `backlogFull` once this many records
        /// are undelivered, so that the SMSC gets ESME_RMSGQFUL and retries later. Default: no limit.
        public var backlogLimit: Int?
        /// The most writes one transaction (one fsync) holds. Default 512: large enough that a full window of
        /// outstanding PDUs from many binds shares a commit, small enough to keep one transaction short.
        public var maxBatch: Int
        /// How long a write waits for a lock held by another process (`mogate deadletters replay` while
        /// `mogate serve` runs) before failing. Default 5 seconds.
        public var busyTimeout: TimeInterval

        public init(
            path: String,
            durability: Durability = .fsync,
            backlogLimit: Int? = nil,
            maxBatch: Int = 512,
            busyTimeout: TimeInterval = 5
        ) {
            self.path = path
            self.durability = durability
            self.backlogLimit = backlogLimit
            self.maxBatch = max(1, maxBatch)
            self.busyTimeout = busyTimeout
        }

        /// The store at `<dataDirectory>/mogate.sqlite`.
        public init(
            dataDirectory: String,
            durability: Durability = .fsync,
            backlogLimit: Int? = nil,
            maxBatch: Int = 512
        ) {
            let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(Self.fileName).path
            self.init(path: path, durability: durability, backlogLimit: backlogLimit, maxBatch: maxBatch)
        }
    }
}
