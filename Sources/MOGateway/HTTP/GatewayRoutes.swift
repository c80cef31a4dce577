// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
public import Hummingbird
import NIOCore
import Prometheus
import SMPPCore

/// The gateway's HTTP API: health, metrics, message status, dead letters and MO injection.
///
/// The admin endpoints (`/v1/…`) want `Authorization: Bearer <token>` when a token is configured.
public struct GatewayRoutes: Sendable {
    public var store: any MessageStore
    public var injector: MOInjector
    public var metrics: PrometheusCollectorRegistry?
    public var adminToken: String?
    /// Whether the gateway takes traffic (`/readyz`).
    public var isReady: @Sendable () -> Bool

    public init(
        store: any MessageStore,
        injector: MOInjector,
        metrics: PrometheusCollectorRegistry?,
        adminToken: String?,
        isReady: @escaping @Sendable () -> Bool = { true }
    ) {
        self.store = store
        self.injector = injector
        self.metrics = metrics
        self.adminToken = adminToken
        self.isReady = isReady
    }

    public func add(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            let ready = self.isReady()
            return Response(
                status: ready ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ready ? "ready\n" : "not ready\n"))
            )
        }
        router.get("metrics") { _, _ -> Response in
            let text = self.metrics?.emitToString() ?? ""
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: text))
            )
        }
        let admin = router.group("v1").add(middleware: BearerTokenMiddleware(token: self.adminToken))
        admin.get("messages/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard var status = try await self.store.status(id: id) else {
                throw ProblemResponse.notFound("no message with id \(id)")
            }
            if let store = self.store as? SQLiteMessageStore {
                let deliveries = try await store.esmeDeliveries(messageID: id)
                if !deliveries.isEmpty { status.esmeDeliveries = deliveries.map(ESMEDeliveryStatus.init) }
            }
            return try .json(status)
        }
        admin.get("deadletters") { request, _ -> Response in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            return try .json(try await self.store.deadLetters(limit: max(1, min(limit, 1000))))
        }
        admin.post("deadletters/:id/replay") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard try await self.store.replay(id: id) else {
                throw ProblemResponse.notFound("no dead letter with id \(id)")
            }
            self.injector.recordQueued(id)
            return try .json(["id": id, "state": "pending"])
        }
        admin.post("mo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let injection: MOInjection
            do {
                injection = try JSONDecoder().decode(MOInjection.self, from: Data(body.readableBytesView))
            } catch let error as DecodingError {
                throw ProblemResponse.badRequest(MOInjection.describe(error))
            } catch {
                throw ProblemResponse.badRequest("the body is not JSON")
            }
            let result = try await self.injector.inject(injection)
            return try .json(result, status: result.status == "stored" ? .accepted : .serviceUnavailable)
        }
    }
}

/// Checks `Authorization: Bearer <token>` when a token is configured.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard let token = self.token else { return try await next(request, context) }
        // Digests compare in constant time (swift-crypto), and hashing first hides the token's length too.
        let expected = SHA256.hash(data: Array("Bearer \(token)".utf8))
        let given = SHA256.hash(data: Array((request.headers[.authorization] ?? "").utf8))
        guard expected == given else {
            throw ProblemResponse(status: .unauthorized, title: "Unauthorized", detail: "a bearer token is required")
        }
        return try await next(request, context)
    }
}
