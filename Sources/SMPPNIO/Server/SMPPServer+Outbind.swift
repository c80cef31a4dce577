// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import SMPPCore
import Synchronization

extension SMPPServer {
    /// Connects to an ESME, outbinds, serves the session it binds, and does it again after a drop, with backoff.
    func keepOutbound(to target: OutbindTarget, stopping: ShutdownFlag) async {
        var backoff = Backoff()
        while !stopping.isSet, !Task.isCancelled {
            do {
                let channel = try await self.outbind(to: target)
                backoff.reset()
                try? await channel.closeFuture.get()
            } catch {
                self.logger.notice(
                    "outbind failed",
                    metadata: ["target": "\(target.host):\(target.port)", "error": "\(error)"]
                )
            }
            if stopping.isSet { return }
            try? await Task.sleep(for: backoff.next())
        }
    }

    private func outbind(to target: OutbindTarget) async throws -> any Channel {
        let outbind = Outbind(systemID: target.systemID, password: target.password)
        let tls = try target.tls.pipelineTLS(host: target.host)
        let options = self.pipelineOptions(tls: tls, outbind: outbind)
        let channel = try await ClientBootstrap(group: self.eventLoopGroup)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureSMPPSession(options)
                    self.register(channel)
                }
            }
            .connect(host: target.host, port: target.port)
            .get()
        return channel
    }
}

/// Exponential backoff with jitter for reconnects: 0.5 s doubling to 30 s.
struct Backoff {
    var initial: Duration = .milliseconds(500)
    var maximum: Duration = .seconds(30)
    private var attempt = 0

    init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    mutating func next() -> Duration {
        let exponent = min(self.attempt, 16)
        self.attempt += 1
        let base = min(self.initial * (1 << exponent), self.maximum)
        // Full jitter in the upper half: spread reconnect storms without waiting less than half the step.
        return base / 2 + base / 2 * Double.random(in: 0...1)
    }

    mutating func reset() { self.attempt = 0 }
}
