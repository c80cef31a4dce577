// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOGateway
import Metrics
import NIOCore
import PhoneNumbers
import Prometheus
import SMPPNIO

/// `mogate serve`: the SMPP listener, optional upstream binds, and (with the pipeline) the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: SMPP in, a durable store, signed webhooks out, and the HTTP API.",
        discussion: """
            With no arguments: SMPP on :2775, HTTP on :8080, the store under ./.mogate/, any credentials accepted.
            Secrets may come from the environment instead of flags: MOGATE_WEBHOOK_SECRET, MOGATE_ADMIN_TOKEN.
            """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(name: .long, help: "SMPP port (plain TCP).")
    var smppPort = 2775

    @Option(name: .long, help: "SMPP over TLS port; needs --tls-cert and --tls-key.")
    var smppTLSPort: Int?

    @Option(name: .long, help: "PEM certificate chain for the TLS listener.")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key for the TLS listener.")
    var tlsKey: String?

    @Option(
        name: .long,
        help: "An account that may bind, as SYSTEM_ID:PASSWORD. Repeat for more. None: any credentials bind."
    )
    var account: [String] = []

    @Option(name: .long, help: "Bind out to an SMSC: smpp://SYSTEM_ID:PASSWORD@HOST:PORT?bind=receiver. Repeatable.")
    var upstream: [String] = []

    @Option(name: .long, help: "Seconds a connection may stay unbound.")
    var bindTimeout: Int = 30

    @Option(name: .long, help: "Seconds of inactivity before enquire_link.")
    var enquireLinkInterval: Int = 30

    @Option(name: .long, help: "HTTP port: admin API, MO injection, metrics.")
    var httpPort = 8080

    @Option(name: .long, help: "Directory of the store.")
    var dataDir = SQLiteMessageStore.Configuration.defaultDataDirectory

    @Option(name: .long, help: "Where MO are delivered. Without it they are stored, logged and marked delivered.")
    var webhookURL: String?

    @Option(name: .long, help: "Where delivery receipts go (default: --webhook-url).")
    var webhookDLRURL: String?

    @Option(name: .long, help: "HMAC secret for X-MOGate-Signature (or MOGATE_WEBHOOK_SECRET).")
    var webhookSecret: String?

    @Option(name: .long, help: "Webhook format: json, jasmin or kannel.")
    var webhookFormat: WebhookFormat = .json

    @Option(name: .long, help: "ISO 3166 alpha-2 country of national numbers.")
    var defaultCountry = "GB"

    @Option(name: .long, help: "Store durability: fsync, os or memory.")
    var durability: SQLiteMessageStore.Durability = .fsync

    @Option(name: .long, help: "When to answer ESME_ROK: stored, or webhook (after the webhook returned 2xx).")
    var ack: MOIngestHandler.AckMode = .stored

    @Option(name: .long, help: "Undelivered records at which MO are refused with ESME_RMSGQFUL.")
    var backlogLimit: Int?

    @Option(name: .long, help: "Seconds to wait for the missing parts of a long message.")
    var reassemblyTimeout = 300

    @Option(name: .long, help: "Bearer token for the /v1 admin API (or MOGATE_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @OptionGroup var transportOptions: WebhookTransportOptions

    func validate() throws {
        if self.smppTLSPort != nil, self.tlsCert == nil || self.tlsKey == nil {
            throw ValidationError("--smpp-tls-port needs --tls-cert and --tls-key")
        }
        for credentials in self.account where SMPPAccount(credentials: credentials) == nil {
            throw ValidationError(
                "--account takes SYSTEM_ID:PASSWORD (system_id up to 15 characters, password up to 8)"
            )
        }
        for url in self.upstream {
            do { _ = try UpstreamURL(url) } catch { throw ValidationError("--upstream: \(error)") }
        }
        guard RegionCode(self.defaultCountry) != nil else {
            throw ValidationError("--default-country takes an ISO 3166 alpha-2 code, such as GB or US")
        }
        if let url = self.webhookURL, URL(string: url)?.scheme == nil {
            throw ValidationError("--webhook-url must be an absolute URL")
        }
    }

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: self.logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let environment = ProcessInfo.processInfo.environment
        var configuration = GatewayConfiguration()
        configuration.smpp.host = self.host
        configuration.smpp.port = self.smppPort
        configuration.smpp.accounts = self.account.compactMap(SMPPAccount.init(credentials:))
        configuration.smpp.session.bindTimeout = .seconds(Int64(self.bindTimeout))
        configuration.smpp.session.enquireLinkInterval = .seconds(Int64(self.enquireLinkInterval))
        if let port = self.smppTLSPort, let certificate = self.tlsCert, let key = self.tlsKey {
            configuration.smpp.tls = try SMPPServer.TLSListener(
                port: port,
                certificateFile: certificate,
                privateKeyFile: key
            )
        }
        for url in self.upstream {
            var upstream = try UpstreamURL(url).configuration
            upstream.session.enquireLinkInterval = configuration.smpp.session.enquireLinkInterval
            configuration.upstreams.append(upstream)
        }
        configuration.httpHost = self.host
        configuration.httpPort = self.httpPort
        configuration.store = SQLiteMessageStore.Configuration(
            dataDirectory: self.dataDir,
            durability: self.durability,
            backlogLimit: self.backlogLimit
        )
        if let url = self.webhookURL {
            configuration.webhook = WebhookConfiguration(
                url: url,
                dlrURL: self.webhookDLRURL,
                format: self.webhookFormat,
                secret: self.webhookSecret ?? environment["MOGATE_WEBHOOK_SECRET"]
            )
        }
        configuration.defaultCountry = RegionCode(self.defaultCountry)!
        configuration.ackMode = self.ack
        configuration.reassemblyTimeout = .seconds(self.reassemblyTimeout)
        configuration.adminToken = self.adminToken ?? environment["MOGATE_ADMIN_TOKEN"]
        self.transportOptions.apply(to: &configuration)
        let gateway = try Gateway(
            configuration: configuration,
            metrics: registry,
            logger: logger,
            onHTTPRunning: { port in logger.info("HTTP listening", metadata: ["port": "\(port)"]) }
        )
        try await gateway.run()
        logger.info("stopped")
    }
}

extension WebhookFormat: ExpressibleByArgument {}
extension SQLiteMessageStore.Durability: ExpressibleByArgument {}
extension MOIngestHandler.AckMode: ExpressibleByArgument {}
