// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Metrics
import SMPPNIO
import ServiceLifecycle

/// Samples the gauges that have no event of their own (the undelivered backlog, the open SMPP sessions), and the
/// store writer's counts: commits, and the writes they held, whose ratio says how well group commit batches.
struct GatewayMetrics: Service {
    let store: SQLiteMessageStore
    let server: SMPPServer
    let interval: Duration

    func run() async throws {
        let backlog = Gauge(label: "mogate_backlog")
        let sessions = Gauge(label: "mogate_smpp_sessions")
        let commits = Counter(label: "mogate_store_commits_total")
        let writes = Counter(label: "mogate_store_writes_total")
        var counted = (commits: 0, writes: 0)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            backlog.record(self.store.currentBacklog)
            sessions.record(self.server.connectionCount)
            let now = (commits: self.store.commitCount, writes: self.store.writesCommitted)
            commits.increment(by: now.commits - counted.commits)
            writes.increment(by: now.writes - counted.writes)
            counted = now
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}
