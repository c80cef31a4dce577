// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOCheck
import MOGateway
import PhoneNumbers

extension ServeCommand {
    /// With no `--webhook-url`, MO go to the built-in verifier, served on the same HTTP port: the webhook points
    /// at `http://127.0.0.1:<http-port>/mo_check/v0.1/mo`, signed with the configured secret or, without one, a
    /// random secret for this run only.
    func builtInVerifier(logger: Logger) throws -> (WebhookConfiguration, MOCheckService) {
        let secret =
            self.webhookSecret ?? ProcessInfo.processInfo.environment["MOGATE_WEBHOOK_SECRET"]
            ?? VerifierOptions.randomSecret()
        // A wildcard listen address is reached over loopback; a specific one as itself.
        let host: String
        switch self.host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::": host = "[::1]"
        case let address where address.contains(":"): host = "[\(address)]"
        case let address: host = address
        }
        let service = try MOCheckService(
            configuration: self.verifier.configuration(
                dataDirectory: self.dataDir,
                webhookSecret: secret,
                defaultCountry: RegionCode(self.defaultCountry)!
            ),
            logger: logger
        )
        let url = "http://\(host):\(self.httpPort)\(MOCheckService.basePath)/mo"
        logger.info("webhook: the built-in verifier", metadata: ["url": "\(url)"])
        return (WebhookConfiguration(url: url, secret: secret), service)
    }
}
