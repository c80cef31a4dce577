// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// One MO check: the backend asked to verify `phoneNumber`; the handset must text ``moBody`` to ``moReceiver``.
///
/// ``phoneNumber`` and ``otp`` never leave the service: the resource (``CheckResource``) carries neither field,
/// only ``moBody``, which holds the OTP for the device to send.
public struct Check: Hashable, Sendable {
    /// The check's life: `ACCEPTED` until an MO completes it or its TTL passes (tru.ID's status names).
    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        case accepted = "ACCEPTED"
        case completed = "COMPLETED"
        case expired = "EXPIRED"
        case error = "ERROR"
    }

    public var checkID: String
    public var status: Status
    /// E.164 with `+`, as ``PhoneNumbers`` formats it.
    public var phoneNumber: String
    /// Normalized (``OTP/normalize(_:)``), unique across all checks.
    public var otp: String
    /// E.164 with `+`.
    public var moReceiver: String
    public var moBody: String
    /// Seconds from ``createdAt`` to ``expiresAt``, rounded up.
    public var ttl: Int
    public var createdAt: Date
    public var expiresAt: Date
    public var updatedAt: Date
    public var referenceID: String?
    public var callbackURL: String?
    /// Whether the completing MO came from ``phoneNumber``; set once `COMPLETED`.
    public var match: Bool?
    /// The `id` of the MO that completed the check.
    public var moID: String?
    /// `_links.self.href`, fixed when the check was created.
    public var selfHref: String

    /// Whether the TTL has passed at `now` (an `ACCEPTED` check then counts as `EXPIRED`).
    public func isPastTTL(at now: Date) -> Bool { now >= self.expiresAt }
}
