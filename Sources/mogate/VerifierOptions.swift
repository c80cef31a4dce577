// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import MOCheck
import PhoneNumbers

/// The built-in verifier's settings, shared by `serve` (where it is the default webhook target) and `verifier`.
///
/// Every option is optional so that a configuration file or the environment can supply it; ``configuration(…)``
/// applies the defaults.
struct VerifierOptions: ParsableArguments {
    @Option(name: .long, help: "The number handsets text (mo_receiver), E.164. Default 447860000000.")
    var receiver: String?

    @Option(name: .long, help: "Seconds a check stays open (ttl). Default 120.")
    var otpTTL: Int?

    @Option(
        name: .long,
        help: "Bearer token for /mo_check/v0.1/checks (or MOGATE_VERIFIER_TOKEN). Default: none, open to all."
    )
    var verifierToken: String?

    @Option(name: .long, help: "Attempts per callback before it is given up. Default 10.")
    var callbackAttempts: Int?

    @Option(name: .long, help: "Seconds before the first callback retry; doubles up to 60. Default 1.")
    var callbackBackoff: Double?

    @Option(name: .long, help: "Scheme, host and port for _links.self.href. Default: the request's Host.")
    var publicURL: String?

    func validate() throws {
        if let receiver = self.receiver,
            PhoneNumberNormalizer(defaultRegion: RegionCode("GB")!).normalize(receiver, ton: .international).e164
                == nil
        {
            throw ValidationError("--receiver must be an E.164 number, such as 447860000000")
        }
        if let ttl = self.otpTTL, ttl < 1 { throw ValidationError("--otp-ttl must be at least 1 second") }
        if let attempts = self.callbackAttempts, attempts < 1 {
            throw ValidationError("--callback-attempts must be at least 1")
        }
        if let backoff = self.callbackBackoff, !(backoff > 0) {
            throw ValidationError("--callback-backoff must be more than 0 seconds")
        }
    }

    /// The verifier's configuration, with its store in `dataDirectory`.
    func configuration(
        dataDirectory: String,
        webhookSecret: String?,
        defaultCountry: RegionCode
    )
        -> MOCheckConfiguration
    {
        Self.configuration(
            receiver: self.receiver,
            ttl: self.otpTTL,
            token: self.verifierToken ?? ProcessInfo.processInfo.environment["MOGATE_VERIFIER_TOKEN"],
            callbackAttempts: self.callbackAttempts,
            callbackBackoff: self.callbackBackoff,
            publicURL: self.publicURL,
            dataDirectory: dataDirectory,
            webhookSecret: webhookSecret,
            defaultCountry: defaultCountry
        )
    }

    static func configuration(
        receiver: String?,
        ttl: Int?,
        token: String?,
        callbackAttempts: Int?,
        callbackBackoff: Double?,
        publicURL: String?,
        dataDirectory: String,
        webhookSecret: String?,
        defaultCountry: RegionCode
    ) -> MOCheckConfiguration {
        var configuration = MOCheckConfiguration()
        if let receiver { configuration.receiver = receiver }
        if let ttl { configuration.ttl = .seconds(ttl) }
        configuration.databasePath = URL(fileURLWithPath: dataDirectory).appendingPathComponent("mocheck.sqlite").path
        configuration.webhookSecret = webhookSecret
        // An empty variable (as docker compose passes an unset one) means no token.
        configuration.apiToken = token?.isEmpty == false ? token : nil
        configuration.defaultCountry = defaultCountry
        configuration.publicURL = publicURL
        if let callbackAttempts { configuration.callbacks.maxAttempts = callbackAttempts }
        if let callbackBackoff { configuration.callbacks.base = .milliseconds(Int64(callbackBackoff * 1000)) }
        return configuration
    }

    /// A secret for one run, when none was configured: 256 bits from the system CSPRNG, as hex.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
