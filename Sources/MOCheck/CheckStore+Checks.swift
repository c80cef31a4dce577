// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
import GRDB

extension CheckStore {
    /// A new check's fields; the store adds the code's uniqueness.
    public struct NewCheck: Sendable {
        public var checkID: String
        public var phoneNumber: String
        public var moReceiver: String
        public var ttl: Duration
        public var referenceID: String?
        public var callbackURL: String?
        public var selfHref: String

        public init(
            checkID: String,
            phoneNumber: String,
            moReceiver: String,
            ttl: Duration,
            referenceID: String?,
            callbackURL: String?,
            selfHref: String
        ) {
            self.checkID = checkID
            self.phoneNumber = phoneNumber
            self.moReceiver = moReceiver
            self.ttl = ttl
            self.referenceID = referenceID
            self.callbackURL = callbackURL
            self.selfHref = selfHref
        }
    }

    /// Stores an `ACCEPTED` check with a fresh code and `mo_body` "Verify <code>".
    public func create(_ new: NewCheck, now: Date = Date()) async throws -> Check {
        let (seconds, attoseconds) = new.ttl.components
        let ttlMilliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return try await self.database.write { db in
            // Codes are unique forever (single use); a clash among 2^40 is retried, not reported.
            var otp = OTP.generate()
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM checks WHERE otp = ?", arguments: [otp]) == true {
                otp = OTP.generate()
            }
            let check = Check(
                checkID: new.checkID,
                status: .accepted,
                phoneNumber: new.phoneNumber,
                otp: otp,
                moReceiver: new.moReceiver,
                moBody: "Verify \(otp)",
                ttl: Int((ttlMilliseconds + 999) / 1000),
                createdAt: Date(milliseconds: now.milliseconds),
                expiresAt: Date(milliseconds: now.milliseconds + ttlMilliseconds),
                updatedAt: Date(milliseconds: now.milliseconds),
                referenceID: new.referenceID,
                callbackURL: new.callbackURL,
                match: nil,
                moID: nil,
                selfHref: new.selfHref
            )
            try db.execute(
                sql: """
                    INSERT INTO checks (check_id, status, phone_number, otp, mo_receiver, mo_body, ttl, created_at,
                        expires_at, updated_at, reference_id, callback_url, self_href)
                    VALUES (?, 'ACCEPTED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    check.checkID, check.phoneNumber, check.otp, check.moReceiver, check.moBody, check.ttl,
                    check.createdAt.milliseconds, check.expiresAt.milliseconds, check.updatedAt.milliseconds,
                    check.referenceID, check.callbackURL, check.selfHref,
                ]
            )
            return check
        }
    }

    /// The check, expired first if its TTL has passed while it was open.
    public func check(id: String, now: Date = Date()) async throws -> Check? {
        try await self.database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM checks WHERE check_id = ?", arguments: [id])
            else { return nil }
            let check = Check(row: row)
            if check.status == .accepted && check.isPastTTL(at: now) {
                return try Self.expire(check, db: db, now: now)
            }
            return check
        }
    }

    /// Expires every open check whose TTL has passed, queuing their callbacks. Returns how many.
    @discardableResult
    public func expireDue(now: Date = Date()) async throws -> Int {
        try await self.database.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM checks WHERE status = 'ACCEPTED' AND expires_at <= ? LIMIT 500",
                arguments: [now.milliseconds]
            )
            for row in rows { _ = try Self.expire(Check(row: row), db: db, now: now) }
            return rows.count
        }
    }

    static func expire(_ check: Check, db: Database, now: Date) throws -> Check {
        var expired = check
        expired.status = .expired
        expired.updatedAt = Date(milliseconds: now.milliseconds)
        try db.execute(
            sql: "UPDATE checks SET status = 'EXPIRED', updated_at = ? WHERE check_id = ?",
            arguments: [expired.updatedAt.milliseconds, check.checkID]
        )
        try Self.queueCallback(for: expired, db: db, now: now)
        return expired
    }
}
