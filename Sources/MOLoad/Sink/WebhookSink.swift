// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Logging
import MOGateway
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle
import Synchronization
public import UnixSignals

/// `mogate sink`: a webhook receiver that answers, checks signatures, counts unique and duplicate deliveries,
/// measures end-to-end latency from the load tag, and fails on purpose when told to.
///
/// Any path takes webhooks (POST, or GET for Kannel's `get-url`). `GET /stats` returns ``SinkReport`` as JSON, and
/// `POST /stats/reset` clears the counts.
public final class WebhookSink: Sendable {
    public let configuration: SinkConfiguration
    let logger: Logger
    let recorder = SinkRecorder()

    public init(configuration: SinkConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The counts so far.
    public var report: SinkReport { SinkReport(self.recorder.state.withLock { $0 }) }

    /// Serves until one of `signals` arrives (or the task is cancelled).
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [SinkServer(sink: self, onListening: onListening)],
                gracefulShutdownSignals: gracefulShutdownSignals,
                logger: self.logger
            )
        )
        try await group.run()
    }

    /// The answer to one request: `GET /stats`, `POST /stats/reset`, or a webhook on any other path and method.
    func answer(_ request: SinkRequest) -> SinkAnswer {
        switch (request.method, request.path) {
        case (.GET, "/stats"):
            var answer = SinkAnswer(.ok, "")
            answer.contentType = "application/json"
            answer.body = (try? self.report.json()).map { Array($0) } ?? []
            return answer
        case (.POST, "/stats/reset"):
            self.recorder.reset()
            return SinkAnswer(.noContent, "")
        case (.GET, _), (.POST, _), (.PUT, _):
            return self.receive(request)
        default:
            return SinkAnswer(.methodNotAllowed, "method not allowed\n")
        }
    }

    private func receive(_ request: SinkRequest) -> SinkAnswer {
        let now = WallClock.nowMicros()
        let (index, sinceFirst) = self.recorder.arrived(at: now)
        let isGET = request.method == .GET
        if let secret = self.configuration.secret, !isGET {
            let header = request.headers.first(name: WebhookSignature.headerName) ?? ""
            guard
                WebhookSignature.verify(
                    header: header,
                    secret: secret,
                    body: request.body,
                    tolerance: self.configuration.signatureTolerance
                )
            else {
                self.recorder.rejected(.badSignature)
                return SinkAnswer(.unauthorized, "bad signature\n")
            }
        }
        let failures = self.configuration.failures
        if let after = failures.outageAfter {
            let seconds = Double(sinceFirst) / 1e6
            if seconds >= after, seconds < after + failures.outageFor {
                self.recorder.rejected(.outage)
                return SinkAnswer(.serviceUnavailable, "outage\n")
            }
        }
        // Two independent draws per request, reproducible from the seed and the request's number.
        let draw = Double(MessageMixHash.mix(failures.seed ^ UInt64(index)) >> 11) / Double(1 << 53)
        if draw < failures.errorRate {
            self.recorder.rejected(.injectedError)
            return SinkAnswer(.serviceUnavailable, "injected failure\n")
        }
        var delay: TimeAmount?
        let slowDraw = Double(MessageMixHash.mix(~failures.seed ^ UInt64(index)) >> 11) / Double(1 << 53)
        if slowDraw < failures.slowRate {
            self.recorder.slow()
            delay = .nanoseconds(Int64(failures.slowDelay * 1e9))
        }
        guard
            let payload = SinkPayload.read(
                format: self.configuration.format,
                isGET: isGET,
                contentType: request.headers.first(name: "Content-Type"),
                query: request.query.map(String.init),
                body: request.body
            )
        else {
            self.recorder.rejected(.unreadable)
            return SinkAnswer(.badRequest, "unreadable webhook\n", delay: delay)
        }
        self.recorder.accepted(id: payload.id, tag: payload.tag, format: payload.format, now: WallClock.nowMicros())
        return SinkAnswer(.ok, payload.format == .jasmin ? "ACK/Jasmin" : "ok\n", delay: delay)
    }
}

/// The sink's listener as a service: binds, reports its port, and on graceful shutdown or cancellation closes
/// the listener and every connection, so that a stopped sink refuses and drops like a stopped server.
struct SinkServer: Service {
    let sink: WebhookSink
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        let sink = self.sink
        let connections = Mutex<[ObjectIdentifier: any Channel]>([:])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let key = ObjectIdentifier(channel)
                connections.withLock { $0[key] = channel }
                channel.closeFuture.whenComplete { _ in _ = connections.withLock { $0.removeValue(forKey: key) } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SinkHTTPHandler(respond: sink.answer))
                }
            }
            .bind(host: sink.configuration.host, port: sink.configuration.port)
            .get()
        await self.onListening(channel.localAddress?.port ?? 0)
        // Cancellation throws out of the wait, graceful shutdown returns from it: both close the listener.
        try? await gracefulShutdown()
        try await channel.close()
        for connection in connections.withLock({ Array($0.values) }) {
            try? await connection.close()
        }
    }
}

/// The sink's draws use the same mixing function as the load's message mix.
enum MessageMixHash {
    static func mix(_ value: UInt64) -> UInt64 { MessageMix.mix(value) }
}
