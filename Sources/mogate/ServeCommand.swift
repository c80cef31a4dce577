// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import NIOCore
import SMPPNIO
import ServiceLifecycle
import UnixSignals

/// `mogate serve`: the SMPP listener, optional upstream binds, and (with the pipeline) the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: an SMPP server that peers bind to, and optional upstream binds."
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

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

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
    }

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: self.logLevel)
        var configuration = SMPPServer.Configuration()
        configuration.host = self.host
        configuration.port = self.smppPort
        configuration.accounts = self.account.compactMap(SMPPAccount.init(credentials:))
        configuration.session.bindTimeout = .seconds(Int64(self.bindTimeout))
        configuration.session.enquireLinkInterval = .seconds(Int64(self.enquireLinkInterval))
        if let port = self.smppTLSPort, let certificate = self.tlsCert, let key = self.tlsKey {
            configuration.tls = try SMPPServer.TLSListener(
                port: port,
                certificateFile: certificate,
                privateKeyFile: key
            )
        }
        let handler = LoggingMOHandler(logger: logger)
        var services: [any Service] = [
            SMPPServer(configuration: configuration, requestHandler: handler, logger: logger)
        ]
        for url in self.upstream {
            var upstream = try UpstreamURL(url).configuration
            upstream.session.enquireLinkInterval = configuration.session.enquireLinkInterval
            services.append(SMPPUpstream(configuration: upstream, requestHandler: handler, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        logger.info("stopped")
    }
}
