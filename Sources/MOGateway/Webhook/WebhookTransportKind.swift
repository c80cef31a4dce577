// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOSSL

/// Which ``WebhookTransport`` the gateway's dispatcher uses.
public enum WebhookTransportKind: String, CaseIterable, Sendable {
    /// ``AsyncHTTPClientTransport``: HTTP/2 where offered, redirects refused.
    case asyncHTTPClient = "async-http-client"
    /// ``NIOHTTPTransport``: HTTP/1.1 keep-alive on NIO's codec, the least CPU per webhook; the default, since
    /// the dispatcher is on every MO's path.
    case nio

    /// A transport of this kind sized for `webhook`'s concurrency.
    public func make(for webhook: WebhookConfiguration) -> any WebhookTransport {
        let tls = TLSConfiguration.webhookClient(caFile: webhook.caFile)
        return switch self {
        case .asyncHTTPClient:
            AsyncHTTPClientTransport(
                configuration: .init(maximumConnectionsPerHost: webhook.maxConcurrency, tls: tls)
            )
        case .nio:
            NIOHTTPTransport(
                configuration: .init(
                    maximumConnectionsPerHost: webhook.maxConcurrency,
                    pipeliningDepth: webhook.pipelining,
                    tls: tls
                )
            )
        }
    }
}
