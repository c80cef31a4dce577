// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

@Suite("Webhook retry policy")
struct WebhookRetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = WebhookRetryPolicy(
        maxAttempts: 5,
        maxAge: .seconds(3600),
        backoff: .init(base: .seconds(1), cap: .seconds(60), jitter: .none)
    )

    func entry(attempts: Int = 0, age: TimeInterval = 0) -> OutboxEntry {
        OutboxEntry(record: Fixtures.record(id: "p"), attempts: attempts, queuedAt: self.now.addingTimeInterval(-age))
    }

    @Test(
        "Retried: connection errors, timeouts, 408, 429, 5xx, 3xx and an unacknowledged 2xx",
        arguments: [
            WebhookAttemptResult.failed(.init(code: .connection)), .failed(.init(code: .timeout)),
            .refused(status: 408, reason: "HTTP 408", retryAfter: nil),
            .refused(status: 429, reason: "HTTP 429", retryAfter: nil),
            .refused(status: 500, reason: "HTTP 500", retryAfter: nil),
            .refused(status: 503, reason: "HTTP 503", retryAfter: nil),
            .refused(status: 302, reason: "HTTP 302", retryAfter: nil),
            .refused(status: 200, reason: "no ACK", retryAfter: nil),
        ]
    )
    func retried(result: WebhookAttemptResult) {
        #expect(
            self.policy.next(after: result, entry: self.entry(attempts: 1), now: self.now).next
                == .retry(at: self.now + 2)
        )
    }

    @Test("A dead letter at once: every other 4xx", arguments: [400, 401, 403, 404, 409, 410, 413, 422])
    func deadAtOnce(status: Int) {
        let (next, error) = self.policy.next(
            after: .refused(status: status, reason: "HTTP \(status)", retryAfter: nil),
            entry: self.entry(),
            now: self.now
        )
        #expect(next == .deadLetter(reason: "HTTP \(status)"))
        #expect(error == "HTTP \(status)")
    }

    @Test("2xx acknowledged is delivered with no error")
    func delivered() {
        let (next, error) = self.policy.next(after: .acknowledged(status: 204), entry: self.entry(), now: self.now)
        #expect(next == .delivered)
        #expect(error == nil)
    }

    @Test("The last allowed attempt failing is a dead letter; age past maxAge too; retries stop at the deadline")
    func bounds() {
        let failure = WebhookAttemptResult.refused(status: 503, reason: "HTTP 503", retryAfter: nil)
        #expect(
            self.policy.next(after: failure, entry: self.entry(attempts: 3), now: self.now).next
                == .retry(at: self.now + 8)
        )
        #expect(
            self.policy.next(after: failure, entry: self.entry(attempts: 4), now: self.now).next
                == .deadLetter(reason: "HTTP 503 (after 5 attempts)")
        )
        #expect(
            self.policy.next(after: failure, entry: self.entry(age: 3600), now: self.now).next
                == .deadLetter(reason: "HTTP 503 (older than the maximum age)")
        )
        #expect(
            self.policy.next(after: failure, entry: self.entry(attempts: 3, age: 3595), now: self.now).next
                == .retry(at: self.now + 5)
        )
    }

    @Test("Retry-After wins over the backoff")
    func retryAfter() {
        let result = WebhookAttemptResult.refused(status: 429, reason: "HTTP 429", retryAfter: self.now + 30)
        #expect(self.policy.next(after: result, entry: self.entry(), now: self.now).next == .retry(at: self.now + 30))
    }

    @Test("Retry-After: delay-seconds and the three HTTP-date forms")
    func retryAfterParsing() {
        #expect(RetryAfter.date("120", now: self.now) == self.now + 120)
        #expect(RetryAfter.date("-1", now: self.now) == nil)
        #expect(RetryAfter.date("soon", now: self.now) == nil)
        let expected = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.date("Sun, 06 Nov 1994 08:49:37 GMT", now: self.now) == expected)
        #expect(RetryAfter.date("Sunday, 06-Nov-94 08:49:37 GMT", now: self.now) == expected)
        #expect(RetryAfter.date("Sun Nov  6 08:49:37 1994", now: self.now) == expected)
    }

    @Test("Backoff doubles to the cap; full jitter stays within 0...delay")
    func backoff() {
        let exact = WebhookBackoff(base: .milliseconds(100), cap: .seconds(1), jitter: .none)
        #expect(
            (1...6).map { exact.delay(afterAttempt: $0) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ]
        )
        let jittered = WebhookBackoff(base: .milliseconds(100), cap: .seconds(1), jitter: .full)
        let samples = (0..<200).map { _ in jittered.delay(afterAttempt: 3) }
        #expect(samples.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(samples).count > 1)
    }
}
