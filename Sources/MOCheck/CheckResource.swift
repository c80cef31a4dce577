// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The check as the API shows it (and as callbacks carry it), in the shape of tru.ID's check resources:
/// `{check_id, status, match?, mo_receiver, mo_body, ttl, created_at, updated_at, reference_id?, _links}`.
public struct CheckResource: Codable, Hashable, Sendable {
    public struct Link: Codable, Hashable, Sendable {
        public var href: String
    }

    public struct Links: Codable, Hashable, Sendable {
        public var `self`: Link
    }

    public var checkID: String
    public var status: Check.Status
    /// Present once the check is `COMPLETED`.
    public var match: Bool?
    public var moReceiver: String
    public var moBody: String
    public var ttl: Int
    public var createdAt: String
    public var updatedAt: String
    public var referenceID: String?
    public var links: Links

    public init(_ check: Check) {
        self.checkID = check.checkID
        self.status = check.status
        self.match = check.status == .completed ? check.match : nil
        self.moReceiver = check.moReceiver
        self.moBody = check.moBody
        self.ttl = check.ttl
        self.createdAt = CheckTimestamp.string(check.createdAt)
        self.updatedAt = CheckTimestamp.string(check.updatedAt)
        self.referenceID = check.referenceID
        self.links = Links(self: Link(href: check.selfHref))
    }

    enum CodingKeys: String, CodingKey {
        case checkID = "check_id"
        case status, match, ttl
        case moReceiver = "mo_receiver"
        case moBody = "mo_body"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case referenceID = "reference_id"
        case links = "_links"
    }

    /// The JSON body: keys sorted, so that a callback's body and the API's answer are byte-for-byte alike.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// RFC 3339 UTC timestamps with milliseconds, as in mogate's MO records: `2026-11-26T17:00:00.123Z`.
enum CheckTimestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
