// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Metric handles by key, made on first use and then reused.
///
/// `Counter(label:dimensions:)` asks the metrics factory for a handler each time, which takes the registry's lock
/// and looks the label and dimensions up: per PDU and per webhook attempt, that is work for nothing.
final class MetricCache<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
    private let make: @Sendable (Key) -> Metric
    private let metrics = Mutex<[Key: Metric]>([:])

    init(_ make: @escaping @Sendable (Key) -> Metric) { self.make = make }

    func callAsFunction(_ key: Key) -> Metric {
        self.metrics.withLock { metrics in
            if let metric = metrics[key] { return metric }
            let metric = self.make(key)
            metrics[key] = metric
            return metric
        }
    }
}
