// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Configuration
import Foundation
import Logging
import MOCheck
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
            Every flag --name is also `name:` in the YAML file given by --config, and MOGATE_NAME in the environment
            (--smpp-port: smpp-port, MOGATE_SMPP_PORT). Flags win over the environment, which wins over the file.
            """
    )

    @Option(name: .long, help: "YAML file of settings, named like the flags (or MOGATE_CONFIG).")
    var config: String?

    @Flag(name: .long, help: "Print the resolved settings as YAML, secrets redacted, and exit.")
    var printConfig = false

    @Option(name: .long, help: "Address to listen on. Default 0.0.0.0.")
    var host: String?

    @Option(name: .long, help: "SMPP port (plain TCP). Default 2775.")
    var smppPort: Int?

    @Option(name: .long, help: "SMPP over TLS port; needs --tls-cert and --tls-key.")
    var smppTLSPort: Int?

    @Option(name: .long, help: "PEM certificate chain for the TLS listener.")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key for the TLS listener.")
    var tlsKey: String?

    @Option(
        name: .long,
        help: """
            An account that may bind: SYSTEM_ID:PASSWORD, optionally with limits, as in \
            carrier1:pw?bind=receiver,transceiver&from=10.0.0.0/8&sessions=4&rate=100&burst=200. \
            Repeat for more. None: any credentials bind.
            """
    )
    var account: [String] = []

    @Option(
        name: .long,
        help: """
            Bind out to an SMSC: smpp://SYSTEM_ID:PASSWORD@HOST:PORT?bind=receiver (&profile=NAME: a failure \
            profile for mogate's side). Repeatable.
            """
    )
    var upstream: [String] = []

    @Option(name: .long, help: "Seconds a connection may stay unbound. Default 30.")
    var bindTimeout: Int?

    @Option(name: .long, help: "Seconds of inactivity before enquire_link. Default 30.")
    var enquireLinkInterval: Int?

    @Option(name: .long, help: "HTTP port: admin API, MO injection, metrics. Default 8080.")
    var httpPort: Int?

    @Option(name: .long, help: "Directory of the store. Default ./.mogate.")
    var dataDir: String?

    @Option(name: .long, help: "Where MO are delivered. Default: the built-in verifier on --http-port.")
    var webhookURL: String?

    @Option(name: .long, help: "Where delivery receipts go (default: --webhook-url).")
    var webhookDLRURL: String?

    @Option(name: .long, help: "HMAC secret for X-MOGate-Signature (better: MOGATE_WEBHOOK_SECRET).")
    var webhookSecret: String?

    @Option(name: .long, help: "Webhook format: json, jasmin or kannel. Default json.")
    var webhookFormat: WebhookFormat?

    @Option(name: .long, help: "ISO 3166 alpha-2 country of national numbers. Default GB.")
    var defaultCountry: String?

    @Option(name: .long, help: "Store durability: fsync, os or memory. Default fsync.")
    var durability: SQLiteMessageStore.Durability?

    @Option(name: .long, help: "When to answer ESME_ROK: stored, or webhook (after its 2xx). Default stored.")
    var ack: MOIngestHandler.AckMode?

    @Option(name: .long, help: "Undelivered records at which MO are refused with ESME_RMSGQFUL. Default none.")
    var backlogLimit: Int?

    @Option(name: .long, help: "Seconds to wait for the missing parts of a long message. Default 300.")
    var reassemblyTimeout: Int?

    @Option(name: .long, help: "Seconds delivered records stay queryable before they are purged. Default 604800.")
    var retention: Int?

    @Option(name: .long, help: "Bearer token for the /v1 admin API (better: MOGATE_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical. Default info.")
    var logLevel: Logger.Level?

    @Option(
        name: .long,
        help: """
            Failure profile of SMPP sessions (an account's ?profile= wins): healthy, slow, flaky, throttling, dead, \
            or a YAML file. See protocol-docs/failure-profiles.md.
            """
    )
    var profile: String?

    @Option(name: .long, help: "Write every SMPP PDU, both directions, in clear, to this pcap file.")
    var capture: String?

    @OptionGroup(title: "Built-in verifier (the webhook target when there is no --webhook-url)")
    var verifier: VerifierOptions

    @OptionGroup(title: "Limits and secrets") var hardening: HardeningOptions

    @OptionGroup var transportOptions: WebhookTransportOptions

    @OptionGroup(title: "Carrier emulator (MT and delivery receipts)") var emulator: EmulatorOptions

    func run() async throws {
        let settings = try await ServeSettings.resolve(
            flags: self.flagValues,
            configFile: self.config,
            environment: ProcessInfo.processInfo.environment
        )
        try settings.validate()
        if self.printConfig {
            print(settings.yaml(), terminator: "")
            return
        }
        let logger = MogateLogging.bootstrap(level: settings.logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var configuration = try settings.gatewayConfiguration()
        let capture = try settings.capture.map { try SMPPCapture(path: $0) }
        defer { capture?.closeLogging(logger) }
        if let capture { configuration.capture(to: capture) }
        var verifierService: MOCheckService?
        if settings.webhookURL == nil {
            (configuration.webhook, verifierService) = try settings.builtInVerifier(logger: logger)
        }
        let verifier = verifierService
        let gateway = try Gateway(
            configuration: configuration,
            metrics: registry,
            logger: logger,
            routes: { router in verifier?.addRoutes(to: router) },
            extraServices: verifier.map { [$0] } ?? [],
            onHTTPRunning: { port in logger.info("HTTP listening", metadata: ["port": "\(port)"]) }
        )
        let reload = HardeningOptions.reloadTLSOnHangup(gateway.smppServer, logger: logger)
        defer { reload.cancel() }
        try await gateway.run()
        logger.info("stopped")
    }

    /// The flags given, under their setting names: they win over the environment and the config file.
    var flagValues: [String: ConfigContent] {
        var values: [String: ConfigContent] = [:]
        func put(_ key: String, _ value: String?) { if let value { values[key] = .string(value) } }
        func put(_ key: String, _ value: Int?) { if let value { values[key] = .string(String(value)) } }
        func put(_ key: String, _ value: [String]) { if !value.isEmpty { values[key] = .stringArray(value) } }
        put("host", self.host)
        put("smpp-port", self.smppPort)
        put("smpp-tls-port", self.smppTLSPort)
        put("tls-cert", self.tlsCert)
        put("tls-key", self.tlsKey)
        put("account", self.account)
        put("upstream", self.upstream)
        put("bind-timeout", self.bindTimeout)
        put("enquire-link-interval", self.enquireLinkInterval)
        put("http-port", self.httpPort)
        put("data-dir", self.dataDir)
        put("webhook-url", self.webhookURL)
        put("webhook-dlr-url", self.webhookDLRURL)
        put("webhook-secret", self.webhookSecret)
        put("webhook-format", self.webhookFormat?.rawValue)
        put("default-country", self.defaultCountry)
        put("durability", self.durability?.rawValue)
        put("ack", self.ack?.rawValue)
        put("backlog-limit", self.backlogLimit)
        put("reassembly-timeout", self.reassemblyTimeout)
        put("retention", self.retention)
        put("admin-token", self.adminToken)
        put("log-level", self.logLevel?.rawValue)
        put("webhook-transport", self.transportOptions.webhookTransport?.rawValue)
        put("webhook-ca-file", self.transportOptions.webhookCAFile)
        put("webhook-pipelining", self.transportOptions.webhookPipelining)
        put("receiver", self.verifier.receiver)
        put("otp-ttl", self.verifier.otpTTL)
        put("verifier-token", self.verifier.verifierToken)
        put("callback-attempts", self.verifier.callbackAttempts)
        put("callback-backoff", self.verifier.callbackBackoff.map { String($0) })
        put("public-url", self.verifier.publicURL)
        put("max-connections", self.hardening.maxConnections)
        put("max-connections-per-ip", self.hardening.maxConnectionsPerIP)
        put("max-sessions-per-account", self.hardening.maxSessionsPerAccount)
        put("max-failed-binds-per-minute", self.hardening.maxFailedBindsPerMinute)
        put("max-pdu-length", self.hardening.maxPDULength)
        put("max-outstanding", self.hardening.maxOutstanding)
        put("max-buffered-bytes", self.hardening.maxBufferedBytes)
        put("accounts-file", self.hardening.accountsFile)
        put("webhook-secret-file", self.hardening.webhookSecretFile)
        put("admin-token-file", self.hardening.adminTokenFile)
        put("receipt-profile", self.emulator.receiptProfile)
        put("receipt-delay", self.emulator.receiptDelay)
        put("seed", self.emulator.seed)
        put("mt-hold-limit", self.emulator.mtHoldLimit)
        put("receipt-intermediate", self.emulator.receiptIntermediate)
        put("profile", self.profile)
        put("capture", self.capture)
        return values
    }
}

extension WebhookFormat: ExpressibleByArgument {}
extension SQLiteMessageStore.Durability: ExpressibleByArgument {}
extension MOIngestHandler.AckMode: ExpressibleByArgument {}
