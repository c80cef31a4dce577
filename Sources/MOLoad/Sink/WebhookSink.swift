// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import MOGateway
import NIOCore
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
        let router = Router()
        router.get("stats") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try self.report.json()))
            )
        }
        router.post("stats/reset") { _, _ -> Response in
            self.recorder.reset()
            return Response(status: .noContent)
        }
        for method in [HTTPRequest.Method.post, .get, .put] {
            router.on("**", method: method) { request, _ in try await self.receive(request) }
            router.on("/", method: method) { request, _ in try await self.receive(request) }
        }
        let application = Application(
            router: router,
            configuration: .init(
                address: .hostname(self.configuration.host, port: self.configuration.port),
                serverName: "mogate-sink"
            ),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: self.logger
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [application],
                gracefulShutdownSignals: gracefulShutdownSignals,
                logger: self.logger
            )
        )
        try await group.run()
    }

    private func receive(_ request: Request) async throws -> Response {
        let now = WallClock.nowMicros()
        let (index, sinceFirst) = self.recorder.arrived(at: now)
        let body = Array((try await request.body.collect(upTo: 1 << 20)).readableBytesView)
        let isGET = request.method == .get
        if let secret = self.configuration.secret, !isGET {
            let header = request.headers[HTTPField.Name(WebhookSignature.headerName)!] ?? ""
            guard
                WebhookSignature.verify(
                    header: header,
                    secret: secret,
                    body: body,
                    tolerance: self.configuration.signatureTolerance
                )
            else {
                self.recorder.rejected(.badSignature)
                return Self.answer(.unauthorized, "bad signature\n")
            }
        }
        let failures = self.configuration.failures
        if let after = failures.outageAfter {
            let seconds = Double(sinceFirst) / 1e6
            if seconds >= after, seconds < after + failures.outageFor {
                self.recorder.rejected(.outage)
                return Self.answer(.serviceUnavailable, "outage\n")
            }
        }
        // Two independent draws per request, reproducible from the seed and the request's number.
        let draw = Double(MessageMixHash.mix(failures.seed ^ UInt64(index)) >> 11) / Double(1 << 53)
        if draw < failures.errorRate {
            self.recorder.rejected(.injectedError)
            return Self.answer(.serviceUnavailable, "injected failure\n")
        }
        let slowDraw = Double(MessageMixHash.mix(~failures.seed ^ UInt64(index)) >> 11) / Double(1 << 53)
        if slowDraw < failures.slowRate {
            self.recorder.slow()
            try await Task.sleep(for: .seconds(failures.slowDelay))
        }
        guard
            let payload = SinkPayload.read(
                format: self.configuration.format,
                isGET: isGET,
                contentType: request.headers[.contentType],
                query: request.uri.query,
                body: body
            )
        else {
            self.recorder.rejected(.unreadable)
            return Self.answer(.badRequest, "unreadable webhook\n")
        }
        self.recorder.accepted(id: payload.id, tag: payload.tag, format: payload.format, now: WallClock.nowMicros())
        return Self.answer(.ok, payload.format == .jasmin ? "ACK/Jasmin" : "ok\n")
    }

    private static func answer(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

/// The sink's draws use the same mixing function as the load's message mix.
enum MessageMixHash {
    static func mix(_ value: UInt64) -> UInt64 { MessageMix.mix(value) }
}
