// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Metrics
import SMPPNIO
import ServiceLifecycle

/// Samples the gauges that have no event of their own: the undelivered backlog and the open SMPP sessions.
struct GatewayMetrics: Service {
    let store: SQLiteMessageStore
    let server: SMPPServer
    let interval: Duration

    func run() async throws {
        let backlog = Gauge(label: "mogate_backlog")
        let sessions = Gauge(label: "mogate_smpp_sessions")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            backlog.record(self.store.currentBacklog)
            sessions.record(self.server.connectionCount)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}
