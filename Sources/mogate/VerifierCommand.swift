// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOCheck
import MOGateway
import PhoneNumbers
import ServiceLifecycle
import UnixSignals

/// `mogate verifier`: the reference MOCheck verification service alone.
struct VerifierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier",
        abstract: "Run the reference MOCheck verification service (the tru.ID-style check API and MO webhook).",
        discussion: """
            POST /mo_check/v0.1/checks creates a check; GET /mo_check/v0.1/checks/{check_id} reads it;
            POST /mo_check/v0.1/mo takes mogate's signed JSON v1 webhook. Checks live in DATA_DIR/mocheck.sqlite.
            The webhook secret may come from MOGATE_WEBHOOK_SECRET, the API token from MOGATE_VERIFIER_TOKEN.
            """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(name: .long, help: "HTTP port.")
    var httpPort = 8081

    @Option(name: .long, help: "Directory of the checks store.")
    var dataDir = SQLiteMessageStore.Configuration.defaultDataDirectory

    @Option(name: .long, help: "HMAC secret mogate signs X-MOGate-Signature with (or MOGATE_WEBHOOK_SECRET).")
    var webhookSecret: String?

    @Option(name: .long, help: "ISO 3166 alpha-2 country of national numbers in phone_number.")
    var defaultCountry = "GB"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        guard RegionCode(self.defaultCountry) != nil else {
            throw ValidationError("--default-country takes an ISO 3166 alpha-2 code, such as GB or US")
        }
    }

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: self.logLevel)
        let service = try MOCheckService(
            configuration: self.verifier.configuration(
                dataDirectory: self.dataDir,
                webhookSecret: self.webhookSecret ?? ProcessInfo.processInfo.environment["MOGATE_WEBHOOK_SECRET"],
                defaultCountry: RegionCode(self.defaultCountry)!
            ),
            logger: logger
        )
        let http = service.application(host: self.host, port: self.httpPort) { port in
            logger.info("HTTP listening", metadata: ["port": "\(port)"])
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [service, http],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        logger.info("stopped")
    }
}
