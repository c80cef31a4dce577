// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOCheck
import MOGateway
import NIOCore
import SMPPNIO
import ServiceLifecycle
import UnixSignals

/// `mogate demo`: the product brief's MOCheck flow, step by step, over real SMPP and HTTP on loopback.
///
/// One process runs the three parties: the verifier (its own HTTP server), the backend (a callback receiver), and
/// mogate (SMPP listener, store, signed webhooks). A handset is simulated by an SMPP bind that sends the MO.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole MOCheck flow on loopback, twice: a match, then a mismatch.",
        discussion: "Exits 0 only if the first run ends COMPLETED with match true and the second with match false."
    )

    @Option(name: .long, help: "The phone number the backend checks.")
    var phone = "447700900123"

    @Option(name: .long, help: "The other phone that sends the SMS in the mismatch run.")
    var otherPhone = "447700900999"

    @Option(name: .long, help: "Seconds to wait for each step.")
    var timeout = 10

    @Option(name: .long, help: "Log level of the components (standard error).")
    var logLevel: Logger.Level = .error

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: self.logLevel)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-demo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = VerifierOptions.randomSecret()
        let checked = Inbox<MOChecked>()
        var verifierConfiguration = MOCheckConfiguration()
        verifierConfiguration.databasePath = directory.appendingPathComponent("mocheck.sqlite").path
        verifierConfiguration.webhookSecret = secret
        verifierConfiguration.callbacks.base = .milliseconds(250)
        let verifier = try MOCheckService(configuration: verifierConfiguration, logger: logger) { event in
            Task { await checked.put(event) }
        }
        let backend = DemoBackend(secret: secret)
        let ports = Inbox<(String, Int)>()
        let support = ServiceGroup(
            services: [
                verifier,
                verifier.application(host: "127.0.0.1", port: 0) { await ports.put(("verifier", $0)) },
                backend.application(logger: logger) { await ports.put(("backend", $0)) },
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        let passed = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await support.run() }
            let wait = Duration.seconds(self.timeout)
            guard let verifierPort = await ports.take(timeout: wait, where: { $0.0 == "verifier" })?.1,
                let backendPort = await ports.take(timeout: wait, where: { $0.0 == "backend" })?.1
            else {
                tasks.cancelAll()
                throw DemoFailure("the verifier or the backend did not start")
            }
            let smppPorts = Inbox<Int>()
            let gateway = try Gateway(
                configuration: Self.gatewayConfiguration(
                    directory: directory,
                    verifierPort: verifierPort,
                    secret: secret
                ),
                logger: logger,
                onSMPPRunning: { await smppPorts.put($0.smpp?.port ?? 0) }
            )
            let gatewayGroup = ServiceGroup(services: gateway.services, gracefulShutdownSignals: [], logger: logger)
            tasks.addTask { try await gatewayGroup.run() }
            guard let smppPort = await smppPorts.take(timeout: wait) else {
                tasks.cancelAll()
                throw DemoFailure("mogate did not start")
            }
            let flow = DemoFlow(
                verifierPort: verifierPort,
                backendPort: backendPort,
                smppPort: smppPort,
                timeout: wait,
                checked: checked,
                backend: backend,
                logger: logger
            )
            say("mogate demo: the MOCheck flow on loopback")
            say("  mogate    SMPP 127.0.0.1:\(smppPort), webhook → verifier, signed X-MOGate-Signature")
            say("  verifier  http://127.0.0.1:\(verifierPort)\(MOCheckService.basePath)")
            say("  backend   http://127.0.0.1:\(backendPort)/callbacks")
            let match = await flow.run(
                title: "Run 1: the SMS comes from the phone being checked",
                phone: self.phone,
                sender: self.phone,
                expectMatch: true
            )
            let mismatch = await flow.run(
                title: "Run 2: the SMS comes from another phone",
                phone: self.phone,
                sender: self.otherPhone,
                expectMatch: false
            )
            await gatewayGroup.triggerGracefulShutdown()
            await support.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return match && mismatch
        }
        say("")
        say(passed ? "demo passed: match, then mismatch, as expected" : "demo FAILED")
        if !passed { throw ExitCode(1) }
    }

    /// mogate on loopback ports of its own, delivering to the verifier with the shared secret.
    static func gatewayConfiguration(directory: URL, verifierPort: Int, secret: String) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.smpp.host = "127.0.0.1"
        configuration.smpp.port = 0
        configuration.httpHost = "127.0.0.1"
        configuration.httpPort = 0
        configuration.store = SQLiteMessageStore.Configuration(
            dataDirectory: directory.appendingPathComponent("gateway").path
        )
        configuration.webhook = WebhookConfiguration(
            url: "http://127.0.0.1:\(verifierPort)\(MOCheckService.basePath)/mo",
            secret: secret,
            backoff: WebhookBackoff(base: .milliseconds(100), cap: .seconds(1))
        )
        return configuration
    }
}

/// Why the demo could not run at all (as opposed to a run with the wrong outcome).
struct DemoFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
