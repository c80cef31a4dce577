// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// What one attempt came to, before the retry policy decides what follows.
public enum WebhookAttemptResult: Hashable, Sendable {
    /// A response that acknowledges (2xx, and `ACK/Jasmin` for the jasmin format).
    case acknowledged(status: Int)
    /// A response that does not; `retryAfter` is its `Retry-After`, resolved to a date.
    case refused(status: Int, reason: String, retryAfter: Date?)
    /// No response: a connection error or a timeout.
    case failed(WebhookTransportError)

    /// For metrics: `2xx` … `5xx`, `timeout` or `connection`.
    public var statusClass: String {
        switch self {
        case .acknowledged(let status), .refused(let status, _, _): "\(status / 100)xx"
        case .failed(let error): error.code == .timeout ? "timeout" : "connection"
        }
    }

    /// The HTTP status, when there was a response.
    public var httpStatus: Int? {
        switch self {
        case .acknowledged(let status), .refused(let status, _, _): status
        case .failed: nil
        }
    }
}

/// The rules of DESIGN.md, "Webhook, JSON format v1": 2xx is delivered; a connection error, a timeout, 408, 429
/// and 5xx are retried with exponential backoff and jitter (or after `Retry-After`), within `maxAttempts` and
/// `maxAge`; any other 4xx is a dead letter at once.
///
/// 1xx and 3xx (redirects are not followed), and a 2xx that the format does not accept (jasmin without
/// `ACK/Jasmin`), are retried: they look like a target being fixed, and a dead letter would need a person.
public struct WebhookRetryPolicy: Sendable {
    public var maxAttempts: Int
    public var maxAge: Duration
    public var backoff: WebhookBackoff

    public init(maxAttempts: Int, maxAge: Duration, backoff: WebhookBackoff) {
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.backoff = backoff
    }

    public init(_ configuration: WebhookConfiguration) {
        self.init(maxAttempts: configuration.maxAttempts, maxAge: configuration.maxAge, backoff: configuration.backoff)
    }

    /// What follows `result` for `entry` (whose `attempts` does not count this attempt yet), and the error to record.
    public func next(
        after result: WebhookAttemptResult,
        entry: OutboxEntry,
        now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> (next: DeliveryNext, error: String?) {
        self.next(after: result, attempts: entry.attempts, queuedAt: entry.queuedAt, now: now, using: &generator)
    }

    /// What follows `result` for a record with `attempts` made before this one, queued at `queuedAt`.
    public func next(
        after result: WebhookAttemptResult,
        attempts: Int,
        queuedAt: Date,
        now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> (next: DeliveryNext, error: String?) {
        let reason: String
        var retryAfter: Date?
        switch result {
        case .acknowledged:
            return (.delivered, nil)
        case .refused(let status, let text, let after):
            reason = text
            if (400..<500).contains(status) && status != 408 && status != 429 {
                return (.deadLetter(reason: reason), reason)
            }
            retryAfter = after
        case .failed(let error):
            reason = error.description
        }
        let attempt = attempts + 1
        if attempt >= self.maxAttempts {
            return (.deadLetter(reason: "\(reason) (after \(attempt) attempts)"), reason)
        }
        let deadline = queuedAt.addingTimeInterval(self.maxAge.webhookTimeInterval)
        if now >= deadline {
            return (.deadLetter(reason: "\(reason) (older than the maximum age)"), reason)
        }
        let wanted =
            retryAfter
            ?? now.addingTimeInterval(self.backoff.delay(afterAttempt: attempt, using: &generator).webhookTimeInterval)
        // The last try happens at the deadline rather than never.
        return (.retry(at: min(max(wanted, now), deadline)), reason)
    }

    /// ``next(after:entry:now:using:)`` with the system generator.
    public func next(
        after result: WebhookAttemptResult,
        entry: OutboxEntry,
        now: Date
    ) -> (next: DeliveryNext, error: String?) {
        var generator = SystemRandomNumberGenerator()
        return self.next(after: result, entry: entry, now: now, using: &generator)
    }

    /// ``next(after:attempts:queuedAt:now:using:)`` with the system generator.
    public func next(
        after result: WebhookAttemptResult,
        attempts: Int,
        queuedAt: Date,
        now: Date
    ) -> (next: DeliveryNext, error: String?) {
        var generator = SystemRandomNumberGenerator()
        return self.next(after: result, attempts: attempts, queuedAt: queuedAt, now: now, using: &generator)
    }
}

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date.
public enum RetryAfter {
    /// The date `value` asks to retry at, or nil when it is neither form.
    public static func date(_ value: String, now: Date) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            return seconds >= 0 ? now.addingTimeInterval(TimeInterval(seconds)) : nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        // IMF-fixdate, then the two obsolete forms a recipient must still accept.
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
