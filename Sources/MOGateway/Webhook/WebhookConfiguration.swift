// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// How the dispatcher delivers records: where, in which format, how hard it tries, and how fast.
public struct WebhookConfiguration: Sendable {
    /// The target of MO records (and of DLR records when ``dlrURL`` is nil). For ``WebhookFormat/kannel`` it is a
    /// `get-url` template.
    public var url: String
    /// The target of DLR records (`"type": "dlr"`); nil sends them to ``url``.
    public var dlrURL: String?
    /// The body format. Default ``WebhookFormat/json`` (JSON format v1).
    public var format: WebhookFormat
    /// The HMAC secret of `X-MOGate-Signature`; nil sends no signature. Never logged.
    public var secret: String?
    /// The deadline of one attempt, connection included. Default 10 s.
    public var timeout: Duration
    /// Attempts in flight at once. Default 32.
    public var maxConcurrency: Int
    /// Attempts per record, the first included, before it is a dead letter. Default 12.
    public var maxAttempts: Int
    /// How long a record may wait in the outbox (from `queuedAt`) before a failure makes it a dead letter.
    /// Default 24 hours.
    public var maxAge: Duration
    /// The retry schedule. Default base 1 s, cap 10 minutes, full jitter.
    public var backoff: WebhookBackoff
    /// The longest wait between two looks at the outbox when nothing woke the dispatcher. Default 1 s.
    public var pollInterval: Duration
    /// Records taken from the store per look, at most. Default 256.
    public var batchSize: Int
    /// Records handed over by ingest (``WebhookDispatcher/offer(_:)``) that the dispatcher holds in memory while
    /// its attempts are busy; more wait in the outbox, read back later. Each costs its JSON body, about 1 KB.
    /// Default 4,096: when ingest outruns the webhook, reading records back is dearer than holding them.
    public var readyCapacity: Int
    /// The `origin-connector` field of the jasmin format; nil uses the record's SMPP `system_id`.
    public var jasminOriginConnector: String?
    /// A PEM file of the certificate authorities an `https` target must chain to, instead of the system's trust
    /// store: for a webhook behind a private CA.
    public var caFile: String?
    /// How many first attempts may share one connection, sent back to back (HTTP/1.1 pipelining) by the `nio`
    /// transport; 1, the default, sends one at a time. It saves CPU on both sides, but a slow answer then holds
    /// back the answers queued behind it on its connection. Retries are never pipelined.
    public var pipelining: Int

    public init(
        url: String,
        dlrURL: String? = nil,
        format: WebhookFormat = .json,
        secret: String? = nil,
        timeout: Duration = .seconds(10),
        maxConcurrency: Int = 32,
        maxAttempts: Int = 12,
        maxAge: Duration = .seconds(24 * 60 * 60),
        backoff: WebhookBackoff = .init(),
        pollInterval: Duration = .seconds(1),
        batchSize: Int = 256,
        readyCapacity: Int = 4_096,
        jasminOriginConnector: String? = nil,
        caFile: String? = nil,
        pipelining: Int = 1
    ) {
        self.url = url
        self.dlrURL = dlrURL
        self.format = format
        self.secret = secret
        self.timeout = timeout
        self.maxConcurrency = max(1, maxConcurrency)
        self.maxAttempts = max(1, maxAttempts)
        self.maxAge = maxAge
        self.backoff = backoff
        self.pollInterval = pollInterval
        self.batchSize = max(1, batchSize)
        self.readyCapacity = max(0, readyCapacity)
        self.jasminOriginConnector = jasminOriginConnector
        self.caFile = caFile
        self.pipelining = max(1, pipelining)
    }

    /// The target for `record`: ``dlrURL`` for receipts when set, else ``url``.
    public func target(for record: MORecord) -> String {
        self.target(for: record.type)
    }

    /// The URL for records of `type`.
    public func target(for type: MORecord.Kind) -> String {
        switch type {
        case .mo: self.url
        case .dlr: self.dlrURL ?? self.url
        }
    }
}

/// Exponential backoff: attempt n (1-based) failed → wait up to `min(cap, base × 2^(n-1))`.
///
/// With full jitter (the default) the wait is uniform in `0...that`, which spreads the retries of many records
/// that failed together (AWS Architecture Blog, "Exponential Backoff And Jitter").
public struct WebhookBackoff: Hashable, Sendable {
    public enum Jitter: Hashable, Sendable {
        /// Uniform in `0...delay`.
        case full
        /// Exactly the delay: for tests and for targets that want a fixed schedule.
        case none
    }

    public var base: Duration
    public var cap: Duration
    public var jitter: Jitter

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(600), jitter: Jitter = .full) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The wait after the `attempt`-th failed attempt (1-based).
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let cap = max(self.cap, .zero)
        var ceiling = min(max(self.base, .zero), cap)
        // Doubling in Duration arithmetic keeps the schedule exact; stop at the cap.
        for _ in 0..<max(attempt - 1, 0) where ceiling < cap {
            ceiling = min(ceiling * 2, cap)
        }
        switch self.jitter {
        case .none:
            return ceiling
        case .full:
            let (seconds, attoseconds) = ceiling.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            return .nanoseconds(Int64.random(in: 0...nanoseconds, using: &generator))
        }
    }

    /// ``delay(afterAttempt:using:)`` with the system generator.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return self.delay(afterAttempt: attempt, using: &generator)
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var webhookTimeInterval: TimeInterval {
        let (seconds, attoseconds) = self.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
