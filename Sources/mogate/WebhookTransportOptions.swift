// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import MOGateway

/// `mogate serve`'s choice of webhook HTTP client.
struct WebhookTransportOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Webhook HTTP client: nio (default: HTTP/1.1 keep-alive, least CPU) or async-http-client."
    )
    var webhookTransport: WebhookTransportKind?

    @Option(
        name: .long,
        help: "PEM file of the CAs an https webhook must chain to, instead of the system's trust store."
    )
    var webhookCAFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How many first attempts may share one webhook connection, back to back (HTTP/1.1 pipelining; nio only).",
            discussion: "Default 1. More saves CPU on both sides; a slow answer holds back those queued behind it."
        )
    )
    var webhookPipelining: Int?
}

extension WebhookTransportKind: ExpressibleByArgument {}
