// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import PhoneNumbers

/// Everything the reference verifier needs. The defaults are those of `mogate verifier` with no arguments.
public struct MOCheckConfiguration: Sendable {
    /// The number handsets text: `mo_receiver`. E.164, with or without `+`.
    public var receiver = "447860000000"
    /// How long a check stays open. tru.ID's default is 120 s.
    public var ttl: Duration = .seconds(120)
    /// The SQLite file of checks, MO seen and callbacks. Its directory is created.
    public var databasePath = "./.mogate/mocheck.sqlite"
    /// The HMAC secret mogate signs `X-MOGate-Signature` with; nil accepts unsigned MO (a warning at start).
    public var webhookSecret: String?
    /// How far a signature's `t` may be from the verifier's clock, either way.
    public var signatureTolerance: Duration = .seconds(300)
    /// The secret callbacks are signed with; nil signs with ``webhookSecret`` (and sends no signature if that is
    /// nil too).
    public var callbackSecret: String?
    /// When set, `/mo_check/v0.1/checks…` wants `Authorization: Bearer <token>`.
    public var apiToken: String?
    /// The country of national numbers in `phone_number`.
    public var defaultCountry = RegionCode("GB")!
    /// The scheme, host and port of `_links.self.href`, such as `https://verify.example.com`; nil takes the
    /// request's `Host` over `http`.
    public var publicURL: String?
    public var callbacks = CallbackPolicy()
    /// How often open checks past their TTL are expired (and their callbacks queued).
    public var sweepInterval: Duration = .seconds(1)

    public init() {}
}

/// How callbacks are retried: attempt n failed → wait `min(cap, base × 2^(n-1))`, up to ``maxAttempts``.
///
/// tru.ID retries from 10 s, by 10 s, for a minute; exponential backoff reaches a down backend sooner at first and
/// less often later.
public struct CallbackPolicy: Hashable, Sendable {
    public var maxAttempts = 10
    public var base: Duration = .seconds(1)
    public var cap: Duration = .seconds(60)
    /// The deadline of one attempt.
    public var timeout: Duration = .seconds(10)

    public init() {}

    /// The wait after the `attempt`-th failure (1-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = self.base
        for _ in 1..<max(attempt, 1) where delay < self.cap { delay *= 2 }
        return min(delay, self.cap)
    }
}
