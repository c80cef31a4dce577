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

    private let latency = MetricCache<String, Timer> { statusClass in
        Timer(label: WebhookMetrics.latencyLabel, dimensions: [("status_class", statusClass)])
    }
    private let delivered = MetricCache<String, Counter> { statusClass in
        Counter(label: WebhookMetrics.deliveredLabel, dimensions: [("status_class", statusClass)])
    }
    private let retried = MetricCache<String, Counter> { statusClass in
        Counter(label: WebhookMetrics.retriedLabel, dimensions: [("status_class", statusClass)])
    }
    private let deadLettered = MetricCache<String, Counter> { statusClass in
        Counter(label: WebhookMetrics.deadLetteredLabel, dimensions: [("status_class", statusClass)])
    }

    func record(_ result: WebhookAttemptResult, next: DeliveryNext, elapsed: Duration) {
        let statusClass = result.statusClass
        self.latency(statusClass).recordNanoseconds(Self.nanoseconds(elapsed))
        switch next {
        case .delivered:
            self.delivered(statusClass).increment()
        case .retry:
            self.retried(statusClass).increment()
        case .deadLetter:
            self.deadLettered(statusClass).increment()
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
