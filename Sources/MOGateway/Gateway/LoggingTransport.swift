// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging

/// The delivery target when no webhook is configured: logs that the record is ready (never its text or numbers)
/// and accepts it, so that `mogate serve` with no arguments still runs the whole path.
struct LoggingTransport: WebhookTransport {
    let logger: Logger

    func post(_ request: WebhookRequest) async throws -> WebhookResponse {
        self.logger.info(
            "MO ready; no --webhook-url, so it is logged and marked delivered",
            metadata: ["mo.id": "\(request.header("Idempotency-Key") ?? "-")", "octets": "\(request.body.count)"]
        )
        return WebhookResponse(status: 200)
    }
}
