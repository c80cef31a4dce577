// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import ServiceLifecycle
import Synchronization
import Testing

/// The whole MO pipeline (SMPP listener, SQLite store, webhook dispatcher) with a real webhook receiver, for the
/// bad-input catalogue: each case runs between a well-behaved MO before and one after, and ends by checking that
/// every MO the gateway acknowledged reached the receiver.
enum Hardening {
    static let systemID = "carrier1"
    static let password = "pw"
    static let logger = Logger(label: "test.hardening", factory: { _ in SwiftLogNoOpLogHandler() })

    final class Context: Sendable {
        let gateway: Gateway
        let port: Int
        let receiver: ReceiverLog
        let acknowledgedTexts = Mutex<[String]>([])

        init(gateway: Gateway, port: Int, receiver: ReceiverLog) {
            self.gateway = gateway
            self.port = port
            self.receiver = receiver
        }

        /// Notes an MO text the gateway answered ESME_ROK, which must reach the receiver.
        func acknowledged(_ text: String) { self.acknowledgedTexts.withLock { $0.append(text) } }

        /// A session that binds, sends one MO, checks ESME_ROK and unbinds.
        func wellBehavedMO(_ text: String, source: String? = nil) async throws {
            let connection = try await RawConnection.connect(port: self.port, source: source)
            try await connection.bind()
            try await connection.send(PDU(sequenceNumber: 2, body: Hardening.deliver(text)))
            let response = try await connection.response(2)
            #expect(response.commandID == .deliverSMResponse, "well-behaved MO after the case")
            #expect(response.commandStatus == .ok, "well-behaved MO after the case")
            if response.commandStatus == .ok { self.acknowledged(text) }
            try await connection.send(PDU(sequenceNumber: 3, body: .unbind))
            try await connection.closedByServer()
        }

        /// The texts the receiver got, from the JSON bodies.
        var deliveredTexts: [String] {
            self.receiver.requests.compactMap { try? JSONDecoder().decode(MORecord.self, from: Data($0.body)).text }
        }

        func records() -> [MORecord] {
            self.receiver.requests.compactMap { try? JSONDecoder().decode(MORecord.self, from: Data($0.body)) }
        }
    }

    /// Runs the gateway around `body`: an MO before, the case, an MO after, then every acknowledged MO delivered.
    static func withGateway(
        logger: Logger = Hardening.logger,
        configure: Setup = Setup { _ in },
        _ body: @escaping @Sendable (Context) async throws -> Void
    ) async throws {
        var configuration = GatewayConfiguration()
        configuration.smpp.host = "127.0.0.1"
        configuration.smpp.port = 0
        configuration.smpp.accounts = [SMPPAccount(systemID: Self.systemID, password: Self.password)]
        // The slowloris cases wait for it; 2 s leaves a loaded machine time to bind the others.
        configuration.smpp.session.bindTimeout = .seconds(2)
        configuration.httpHost = "127.0.0.1"
        configuration.httpPort = 0
        configuration.store = SQLiteMessageStore.Configuration(dataDirectory: try StoreFixtures.directory().path)
        configure.apply(&configuration)
        let finalConfiguration = configuration
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            var configuration = finalConfiguration
            configuration.webhook = WebhookConfiguration(
                url: "http://127.0.0.1:\(webhookPort)/mo",
                secret: "whsec-test",
                backoff: WebhookBackoff(base: .milliseconds(20), cap: .milliseconds(200)),
                pollInterval: .milliseconds(50)
            )
            let (smppAddresses, smppContinuation) = AsyncStream<SMPPServer.Listening>.makeStream()
            let gateway = try Gateway(
                configuration: configuration,
                logger: logger,
                onSMPPRunning: { smppContinuation.yield($0) }
            )
            let group = ServiceGroup(services: gateway.services, gracefulShutdownSignals: [], logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var smpp = smppAddresses.makeAsyncIterator()
                let port = try #require(await smpp.next()?.smpp?.port)
                let context = Context(gateway: gateway, port: port, receiver: log)
                let result: Result<Void, any Error>
                do {
                    try await context.wellBehavedMO("before")
                    try await body(context)
                    try await context.wellBehavedMO("after", source: "127.0.0.9")
                    let expected = context.acknowledgedTexts.withLock { $0 }
                    try await Self.eventually("every acknowledged MO delivered") {
                        let delivered = Set(context.deliveredTexts)
                        return expected.allSatisfy { delivered.contains($0) }
                    }
                    result = .success(())
                } catch {
                    result = .failure(error)
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                try result.get()
            }
        }
    }

    /// Changes a case makes to the gateway's configuration.
    struct Setup {
        let apply: (inout GatewayConfiguration) -> Void
        init(_ apply: @escaping (inout GatewayConfiguration) -> Void) { self.apply = apply }
    }

    /// A well-behaved MO. Latin-1 (data_coding 3), so its text reads the same whatever the default alphabet.
    static func deliver(_ text: String) -> PDU.Body {
        .deliverSM(
            SubmitSM(
                sourceAddressTON: 1,
                sourceAddressNPI: 1,
                sourceAddress: "447700900123",
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: "447860000000",
                dataCoding: 0x03,
                shortMessage: ByteBuffer(bytes: Latin1.encode(text) ?? Array(text.utf8))
            )
        )
    }

    static func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
