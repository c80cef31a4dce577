// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
public import NIOSSL
import Synchronization

/// A lean ``WebhookTransport`` for the hot path, on NIO's own HTTP/1.1 codec: a pool of keep-alive connections per
/// target (scheme, host, port), TLS through NIOSSL, a deadline per exchange, and a new connection when one breaks.
///
/// It does less than ``AsyncHTTPClientTransport`` (no HTTP/2, redirects or decompression: a webhook target needs
/// none) and so costs far less CPU per request. First attempts may be pipelined (``Configuration/pipeliningDepth``);
/// retries never are. A request that fails on a reused
/// connection before any byte of the response arrived is sent once more on a new connection: the server most
/// likely closed the idle connection before reading it (delivery is at least once anyway, and the `id` lets a
/// receiver deduplicate).
public final class NIOHTTPTransport: WebhookTransport {
    public struct Configuration: Sendable {
        /// Keep-alive connections per target. Default 32, the dispatcher's default concurrency.
        public var maximumConnectionsPerHost: Int
        public var connectTimeout: Duration
        /// The most of a response body read; the rest is discarded. Default 64 KiB.
        public var maximumResponseBodySize: Int
        /// How many first attempts (``WebhookRequest/mayPipeline``) that start in the same tick of the loop may
        /// share a connection and one flush (HTTP/1.1 pipelining). Default 1: one at a time. A slow answer holds
        /// back the ones behind it on its connection. Retries are never pipelined.
        public var pipeliningDepth: Int
        /// With pipelining: how long requests queued on a connection wait with no answer coming before they are
        /// released and sent again alone, on other connections. It bounds what a stalled answer costs the others;
        /// the receiver may then see a released request twice, with the same id. Default 500 ms.
        public var pipeliningHoldLimit: Duration
        /// With pipelining: first attempts to a target are sent one at a time while it takes longer than this to
        /// answer (an average of the last few answers), so that a slow receiver keeps working on as many at once
        /// as there are connections. Default 50 ms.
        public var pipeliningLatencyLimit: Duration

        /// TLS for `https` targets. Default: TLS 1.2 or later against the system's trust store.
        public var tls: TLSConfiguration

        public init(
            maximumConnectionsPerHost: Int = 32,
            connectTimeout: Duration = .seconds(5),
            maximumResponseBodySize: Int = 64 * 1024,
            pipeliningDepth: Int = 1,
            pipeliningHoldLimit: Duration = .milliseconds(500),
            pipeliningLatencyLimit: Duration = .milliseconds(50),
            tls: TLSConfiguration = .webhookClient(caFile: nil)
        ) {
            self.pipeliningDepth = max(1, pipeliningDepth)
            self.pipeliningHoldLimit = pipeliningHoldLimit
            self.pipeliningLatencyLimit = pipeliningLatencyLimit
            self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
            self.connectTimeout = connectTimeout
            self.maximumResponseBodySize = maximumResponseBodySize
            self.tls = tls
        }
    }

    let configuration: Configuration
    /// Every connection lives on this one loop, which is also the dispatcher's executor (``preferredExecutor``):
    /// an exchange completes where its task runs. One loop carries thousands of webhooks a second.
    let eventLoop: any EventLoop
    public let preferredExecutor: (any TaskExecutor)?
    private let pools = Mutex<[Target: Pool]>([:])
    private let routes = Mutex<[String: Route]>([:])
    private let isShutDown = Atomic<Bool>(false)
    /// The most requests one pipelined batch has held.
    let largestBatch = Atomic<Int>(0)
    /// First attempts sent alone because their target answered slowly.
    let unpipelined = Atomic<Int>(0)
    private let tls: Result<NIOSSLContext, any Error>

    public init(
        configuration: Configuration = .init(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoopGroup.next()
        self.preferredExecutor = EventLoopTaskExecutor(self.eventLoop)
        // A context that cannot be made (an unreadable CA file) fails each https request with the reason.
        self.tls = Result { try NIOSSLContext(configuration: configuration.tls) }
    }

    /// Where a request goes: one pool each.
    struct Target: Hashable, Sendable {
        var tls: Bool
        var host: String
        var port: Int
    }

    public func post(_ request: WebhookRequest) async throws -> WebhookResponse {
        try await withCheckedThrowingContinuation { continuation in
            self.post(request) { continuation.resume(with: $0) }
        }
    }

    /// The dispatcher's path: futures on the transport's loop from checkout to response, no task and no
    /// continuation. A first attempt may be pipelined; a request that fails in a way worth one more try
    /// (``ExchangeError/retryable``) goes again once, alone.
    public func post(
        _ request: WebhookRequest,
        completion: @escaping @Sendable (Result<WebhookResponse, any Error>) -> Void
    ) {
        guard !self.isShutDown.load(ordering: .relaxed) else {
            completion(.failure(WebhookTransportError(code: .connection, detail: "the transport is shut down")))
            return
        }
        let route: Route
        do {
            route = try self.route(for: request.url)
        } catch {
            completion(.failure(error))
            return
        }
        let pool = route.pool
        let (head, body) = Self.message(for: request, route: route)
        let timeout = TimeAmount(request.timeout)
        let first =
            request.mayPipeline && self.configuration.pipeliningDepth > 1
            ? pool.pipelined(head, body: body, timeout: timeout)
            : pool.exchange(head, body: body, timeout: timeout)
        first.whenComplete { result in
            switch result {
            case .success(let exchange):
                completion(.success(WebhookResponse(exchange)))
            case .failure(let error as ExchangeError) where error.retryable:
                pool.exchange(head, body: body, timeout: timeout).whenComplete { again in
                    completion(again.map(WebhookResponse.init).mapError(Self.transportError))
                }
            case .failure(let error):
                completion(.failure(Self.transportError(error)))
            }
        }
    }

    /// The request's head, with `Host` and `Content-Length`, and its body.
    private static func message(for request: WebhookRequest, route: Route) -> (HTTPRequestHead, ByteBuffer?) {
        var head = HTTPRequestHead(version: .http1_1, method: request.method == .get ? .GET : .POST, uri: route.path)
        head.headers.add(name: "Host", value: route.hostHeader)
        for header in request.headers { head.headers.add(name: header.name, value: header.value) }
        guard request.method == .post else { return (head, nil) }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
        return (head, ByteBuffer(bytes: request.body))
    }

    private static func transportError(_ error: any Error) -> any Error {
        (error as? ExchangeError)?.error ?? error
    }

    public func shutdown() async throws {
        self.isShutDown.store(true, ordering: .relaxed)
        self.routes.withLock { $0.removeAll() }
        let pools = self.pools.withLock { pools in
            defer { pools = [:] }
            return Array(pools.values)
        }
        for pool in pools { await pool.close() }
    }

    /// Where a URL goes, parsed once: a webhook URL repeats for every record, and Foundation's URL parser cost about
    /// 1.5 % of the transport's event loop.
    struct Route: Sendable {
        var pool: Pool
        /// The request target: the path, and the query if any.
        var path: String
        var hostHeader: String
    }

    /// The route of `url` from the cache, or parsed and cached. The cache holds the few URLs the accounts name; it
    /// starts over if it ever holds more than `maximumRoutes`.
    private func route(for url: String) throws -> Route {
        if let route = self.routes.withLock({ $0[url] }) { return route }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else {
            throw WebhookTransportError(code: .invalidRequest, detail: "not an http(s) URL")
        }
        let target = Target(tls: scheme == "https", host: host, port: parsed.port ?? (scheme == "https" ? 443 : 80))
        var path = parsed.path.isEmpty ? "/" : parsed.path
        if let query = parsed.query { path += "?" + query }
        let route = Route(
            pool: self.pool(for: target),
            path: path,
            hostHeader: parsed.port.map { "\(host):\($0)" } ?? host
        )
        self.routes.withLock { routes in
            if routes.count >= Self.maximumRoutes { routes.removeAll(keepingCapacity: true) }
            routes[url] = route
        }
        return route
    }

    static let maximumRoutes = 1_024

    private func pool(for target: Target) -> Pool {
        self.pools.withLock { pools in
            if let pool = pools[target] { return pool }
            let pool = Pool(target: target, transport: self)
            pools[target] = pool
            return pool
        }
    }

    /// Connects and sets up the pipeline: TLS (for https), the HTTP/1.1 client codec, the response handler.
    func connect(to target: Target) -> EventLoopFuture<Connection> {
        let tls: NIOSSLContext?
        switch (target.tls, self.tls) {
        case (false, _): tls = nil
        case (true, .success(let context)): tls = context
        case (true, .failure(let error)):
            return self.eventLoop.makeFailedFuture(
                WebhookTransportError(code: .connection, detail: "TLS is not available: \(error)")
            )
        }
        let maximumBodySize = self.configuration.maximumResponseBodySize
        let holdLimit = TimeAmount(self.configuration.pipeliningHoldLimit)
        let connectTimeout = TimeAmount(self.configuration.connectTimeout)
        return ClientBootstrap(group: self.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let isAddress = (try? SocketAddress(ipAddress: target.host, port: 0)) != nil
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : target.host)
                        )
                    }
                    // Outbound header validation scanned every header of every request (6 % of the event
                    // loop at window 100). The formats write fixed names, and values mogate makes itself:
                    // ULIDs, signatures, lengths, and the host of a URL that parsed.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(
                        ResponseHandler(maximumBodySize: maximumBodySize, holdLimit: holdLimit)
                    )
                }
            }
            .connect(host: target.host, port: target.port)
            .flatMapThrowing { channel in
                // The channel is on this loop, where the connect future completes.
                let handler = try channel.pipeline.syncOperations.handler(type: ResponseHandler.self)
                return Connection(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
            }
            .flatMapErrorThrowing { error in
                switch error {
                case let error as WebhookTransportError:
                    throw error
                case let error as ChannelError where error == .connectTimeout(connectTimeout):
                    throw WebhookTransportError(code: .timeout, detail: "connect: \(error)")
                default:
                    throw WebhookTransportError(code: .connection, detail: "connect: \(error)")
                }
            }
    }
}

extension WebhookResponse {
    init(_ exchange: NIOHTTPTransport.Exchange) {
        self.init(
            status: Int(exchange.head.status.code),
            headers: exchange.head.headers.map { (name: $0.name, value: $0.value) },
            body: exchange.body
        )
    }
}
