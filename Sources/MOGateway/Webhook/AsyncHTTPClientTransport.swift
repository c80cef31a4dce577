// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import NIOSSL
import Synchronization

/// The first ``WebhookTransport``: one shared AsyncHTTPClient `HTTPClient` with pooled keep-alive connections,
/// HTTP/1.1, and HTTP/2 where the server offers it over TLS (ALPN).
///
/// The client is made on the first request, so that a transport that never sent anything needs no shutdown.
/// ``shutdown()`` closes the pool; the dispatcher calls it when it stops.
public final class AsyncHTTPClientTransport: WebhookTransport {
    public struct Configuration: Sendable {
        /// Keep-alive connections per host (HTTP/1.1). Default 32, the dispatcher's default concurrency.
        public var maximumConnectionsPerHost: Int
        /// How long an idle pooled connection stays open. Default 60 s.
        public var idleTimeout: Duration
        /// The time to establish a connection; AsyncHTTPClient retries failed connects within it. Default 5 s.
        public var connectTimeout: Duration
        /// The most of a response body read; the rest is discarded. Default 64 KiB.
        public var maximumResponseBodySize: Int
        /// TLS for `https` targets. Default: TLS 1.2 or later against the system's trust store.
        public var tls: TLSConfiguration

        public init(
            maximumConnectionsPerHost: Int = 32,
            idleTimeout: Duration = .seconds(60),
            connectTimeout: Duration = .seconds(5),
            maximumResponseBodySize: Int = 64 * 1024,
            tls: TLSConfiguration = .webhookClient(caFile: nil)
        ) {
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.idleTimeout = idleTimeout
            self.connectTimeout = connectTimeout
            self.maximumResponseBodySize = maximumResponseBodySize
            self.tls = tls
        }
    }

    private enum State {
        case idle
        case running(HTTPClient)
        case shutDown
    }

    private let configuration: Configuration
    private let state = Mutex(State.idle)

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    public func post(_ request: WebhookRequest) async throws -> WebhookResponse {
        let client = try self.client()
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method == .get ? .GET : .POST
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if request.method == .post {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: TimeAmount(request.timeout))
        } catch {
            throw Self.transportError(error)
        }
        var body: [UInt8] = []
        do {
            for try await chunk in response.body {
                let room = self.configuration.maximumResponseBodySize - body.count
                if room > 0 { body += chunk.readableBytesView.prefix(room) }
            }
        } catch {
            throw Self.transportError(error)
        }
        return WebhookResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: body
        )
    }

    public func shutdown() async throws {
        let client: HTTPClient? = self.state.withLock { state in
            switch state {
            case .idle, .shutDown:
                state = .shutDown
                return nil
            case .running(let client):
                state = .shutDown
                return client
            }
        }
        try await client?.shutdown()
    }

    private func client() throws -> HTTPClient {
        try self.state.withLock { state in
            switch state {
            case .running(let client):
                return client
            case .shutDown:
                throw WebhookTransportError(code: .connection, detail: "the transport is shut down")
            case .idle:
                var configuration = HTTPClient.Configuration()
                configuration.connectionPool = .init(
                    idleTimeout: TimeAmount(self.configuration.idleTimeout),
                    concurrentHTTP1ConnectionsPerHostSoftLimit: self.configuration.maximumConnectionsPerHost
                )
                configuration.timeout.connect = TimeAmount(self.configuration.connectTimeout)
                configuration.httpVersion = .automatic
                // A webhook target that redirects is misconfigured: treat the 3xx as the answer.
                configuration.redirectConfiguration = .disallow
                configuration.decompression = .disabled
                configuration.tlsConfiguration = self.configuration.tls
                let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
                state = .running(client)
                return client
            }
        }
    }

    private static func transportError(_ error: any Error) -> WebhookTransportError {
        if let error = error as? WebhookTransportError { return error }
        if let error = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [
                .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout,
            ]
            if timeouts.contains(error) {
                return WebhookTransportError(code: .timeout, detail: "\(error)")
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                return WebhookTransportError(code: .invalidRequest, detail: "\(error)")
            }
        }
        return WebhookTransportError(code: .connection, detail: "\(error)")
    }
}
