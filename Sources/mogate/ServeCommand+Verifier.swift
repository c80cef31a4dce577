// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOCheck
import MOGateway
import PhoneNumbers

extension ServeSettings {
    /// With no `webhook-url`, MO go to the built-in verifier, served on the same HTTP port: the webhook points
    /// at `http://127.0.0.1:<http-port>/mo_check/v0.1/mo`, signed with the configured secret or, without one, a
    /// random secret for this run only.
    func builtInVerifier(logger: Logger) throws -> (WebhookConfiguration, MOCheckService) {
        let secret = self.webhookSecret ?? VerifierOptions.randomSecret()
        // A wildcard listen address is reached over loopback; a specific one as itself.
        let host: String
        switch self.host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::": host = "[::1]"
        case let address where address.contains(":"): host = "[\(address)]"
        case let address: host = address
        }
        let service = try MOCheckService(
            configuration: VerifierOptions.configuration(
                receiver: self.receiver,
                ttl: self.otpTTL,
                token: self.verifierToken,
                callbackAttempts: self.callbackAttempts,
                callbackBackoff: self.callbackBackoff.flatMap(Double.init),
                publicURL: self.publicURL,
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

    /// The built-in verifier's checks, for settings that did not come through its flags.
    func validateVerifier() throws {
        guard self.webhookURL == nil else { return }
        if self.httpPort == 0 {
            throw ValidationError("the built-in verifier needs a fixed --http-port; or give --webhook-url")
        }
        if let receiver = self.receiver,
            PhoneNumberNormalizer(defaultRegion: RegionCode("GB")!).normalize(receiver, ton: .international).e164
                == nil
        {
            throw ValidationError("\(SettingName(key: "receiver")) must be an E.164 number, such as 447860000000")
        }
        if let backoff = self.callbackBackoff, !((Double(backoff) ?? 0) > 0) {
            throw ValidationError("\(SettingName(key: "callback-backoff")) must be more than 0 seconds")
        }
    }
}
