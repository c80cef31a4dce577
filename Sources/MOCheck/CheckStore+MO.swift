// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
import GRDB

extension CheckStore {
    /// What one MO did. The same MO `id` delivered again gets the first answer back and changes nothing.
    public struct MOOutcome: Codable, Hashable, Sendable {
        public enum Result: String, Codable, Hashable, Sendable, CaseIterable {
            /// The MO completed an open check (with `match` true or false).
            case completed
            /// Its code belongs to a check that has expired; the check stays `EXPIRED`.
            case expired
            /// Its code was used already: a check completes once.
            case alreadyUsed = "already_used"
            /// No check has a code in the text.
            case noCheck = "no_check"
            /// Not an MO (a delivery receipt, say).
            case ignored
        }

        public var result: Result
        public var checkID: String?
        /// Set when `result` is `completed`.
        public var match: Bool?
        /// True when this `id` had been handled before and this delivery changed nothing.
        public var duplicate: Bool

        public init(result: Result, checkID: String? = nil, match: Bool? = nil, duplicate: Bool) {
            self.result = result
            self.checkID = checkID
            self.match = match
            self.duplicate = duplicate
        }

        enum CodingKeys: String, CodingKey {
            case result
            case checkID = "check_id"
            case match, duplicate
        }
    }

    /// Handles one MO: finds the check whose code is in `text` and completes it, in one transaction.
    ///
    /// - Parameters:
    ///   - moID: The record's `id`, the idempotency key.
    ///   - from: The sender in E.164 with `+`, or nil when it is not a valid number (then `match` is false).
    ///   - text: The decoded text.
    public func handleMO(moID: String, from: String?, text: String, now: Date = Date()) async throws -> MOOutcome {
        let candidates = OTP.candidates(in: text)
        return try await self.database.write { db in
            if let seen = try Row.fetchOne(
                db,
                sql: "SELECT outcome, check_id FROM mo_seen WHERE mo_id = ?",
                arguments: [moID]
            ) {
                var outcome = MOOutcome(
                    result: MOOutcome.Result(rawValue: seen["outcome"]) ?? .noCheck,
                    checkID: seen["check_id"],
                    match: nil,
                    duplicate: true
                )
                if outcome.result == .completed, let id = outcome.checkID {
                    outcome.match = try Bool.fetchOne(
                        db,
                        sql: "SELECT match FROM checks WHERE check_id = ?",
                        arguments: [id]
                    )
                }
                return outcome
            }
            let outcome = try Self.match(candidates: candidates, moID: moID, from: from, db: db, now: now)
            try db.execute(
                sql: "INSERT INTO mo_seen (mo_id, outcome, check_id, received_at) VALUES (?, ?, ?, ?)",
                arguments: [moID, outcome.result.rawValue, outcome.checkID, now.milliseconds]
            )
            return outcome
        }
    }

    /// Records a non-MO delivery under its id, so that it too is answered the same way every time.
    public func ignore(moID: String, now: Date = Date()) async throws -> MOOutcome {
        try await self.database.write { db in
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO mo_seen (mo_id, outcome, check_id, received_at) VALUES (?, 'ignored', NULL, ?)",
                arguments: [moID, now.milliseconds]
            )
            return MOOutcome(result: .ignored, checkID: nil, match: nil, duplicate: false)
        }
    }

    private static func match(
        candidates: [String],
        moID: String,
        from: String?,
        db: Database,
        now: Date
    ) throws -> MOOutcome {
        guard !candidates.isEmpty else { return MOOutcome(result: .noCheck, duplicate: false) }
        let placeholders = Array(repeating: "?", count: candidates.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT * FROM checks WHERE otp IN (\(placeholders))",
            arguments: StatementArguments(candidates)
        )
        let checks = rows.map(Check.init(row:))
        // An open check wins over a spent one whose code happens to be in the same text.
        if let open = checks.first(where: { $0.status == .accepted && !$0.isPastTTL(at: now) }) {
            var completed = open
            completed.status = .completed
            completed.match = from == open.phoneNumber
            completed.moID = moID
            completed.updatedAt = Date(milliseconds: now.milliseconds)
            try db.execute(
                sql: "UPDATE checks SET status = 'COMPLETED', match = ?, mo_id = ?, updated_at = ? WHERE check_id = ?",
                arguments: [completed.match, moID, completed.updatedAt.milliseconds, open.checkID]
            )
            try Self.queueCallback(for: completed, db: db, now: now)
            return MOOutcome(result: .completed, checkID: open.checkID, match: completed.match, duplicate: false)
        }
        if let lapsed = checks.first(where: { $0.status == .accepted }) {
            _ = try Self.expire(lapsed, db: db, now: now)
            return MOOutcome(result: .expired, checkID: lapsed.checkID, duplicate: false)
        }
        if let expired = checks.first(where: { $0.status == .expired }) {
            return MOOutcome(result: .expired, checkID: expired.checkID, duplicate: false)
        }
        if let used = checks.first {
            return MOOutcome(result: .alreadyUsed, checkID: used.checkID, duplicate: false)
        }
        return MOOutcome(result: .noCheck, duplicate: false)
    }
}
