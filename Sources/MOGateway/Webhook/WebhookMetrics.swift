// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Metrics

/// The dispatcher's swift-metrics: attempt latency, and what attempts came to, by status class (`2xx` … `5xx`,
/// `timeout`, `connection`). The Prometheus exporter of `GET /metrics` reads them.
struct WebhookMetrics: Sendable {
    static let latencyLabel = "mogate_webhook_latency_seconds"
    static let deliveredLabel = "mogate_webhook_delivered_total"
    static let retriedLabel = "mogate_webhook_retried_total"
    static let deadLetteredLabel = "mogate_webhook_dead_lettered_total"

    func record(_ result: WebhookAttemptResult, next: DeliveryNext, elapsed: Duration) {
        let dimensions = [("status_class", result.statusClass)]
        Timer(label: Self.latencyLabel, dimensions: dimensions).recordNanoseconds(Self.nanoseconds(elapsed))
        switch next {
        case .delivered:
            Counter(label: Self.deliveredLabel, dimensions: dimensions).increment()
        case .retry:
            Counter(label: Self.retriedLabel, dimensions: dimensions).increment()
        case .deadLetter:
            Counter(label: Self.deadLetteredLabel, dimensions: dimensions).increment()
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
