// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import GRDB

/// The verifier's SQLite file: checks, the MO already handled (for idempotency), and the callback outbox.
///
/// Every state change and the callback it causes are written in one transaction, so a crash never loses a
/// callback for a check that completed, and a restart keeps open checks open.
public final class CheckStore: Sendable {
    let database: DatabasePool

    /// Opens (or creates) the file at `path` and brings its schema up to date.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = Configuration()
        options.busyMode = .timeout(5)
        options.label = "mogate.mocheck"
        self.database = try DatabasePool(path: path, configuration: options)
        try Self.migrator.migrate(self.database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE checks (
                        check_id TEXT PRIMARY KEY NOT NULL,
                        status TEXT NOT NULL,
                        phone_number TEXT NOT NULL,
                        otp TEXT NOT NULL UNIQUE,
                        mo_receiver TEXT NOT NULL,
                        mo_body TEXT NOT NULL,
                        ttl INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        reference_id TEXT,
                        callback_url TEXT,
                        match INTEGER,
                        mo_id TEXT,
                        self_href TEXT NOT NULL
                    );
                    CREATE INDEX checks_open ON checks(expires_at) WHERE status = 'ACCEPTED';
                    CREATE TABLE mo_seen (
                        mo_id TEXT PRIMARY KEY NOT NULL,
                        outcome TEXT NOT NULL,
                        check_id TEXT,
                        received_at INTEGER NOT NULL
                    );
                    CREATE TABLE callbacks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        check_id TEXT NOT NULL,
                        url TEXT NOT NULL,
                        body BLOB NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        last_error TEXT
                    );
                    CREATE INDEX callbacks_due ON callbacks(next_attempt_at) WHERE state = 'pending';
                    """
            )
        }
        return migrator
    }
}

/// Milliseconds since 1970: how the file keeps times.
extension Date {
    var milliseconds: Int64 { Int64((self.timeIntervalSince1970 * 1000).rounded(.down)) }
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
}

extension Check {
    init(row: Row) {
        self.init(
            checkID: row["check_id"],
            status: Check.Status(rawValue: row["status"]) ?? .error,
            phoneNumber: row["phone_number"],
            otp: row["otp"],
            moReceiver: row["mo_receiver"],
            moBody: row["mo_body"],
            ttl: row["ttl"],
            createdAt: Date(milliseconds: row["created_at"]),
            expiresAt: Date(milliseconds: row["expires_at"]),
            updatedAt: Date(milliseconds: row["updated_at"]),
            referenceID: row["reference_id"],
            callbackURL: row["callback_url"],
            match: row["match"],
            moID: row["mo_id"],
            selfHref: row["self_href"]
        )
    }
}
