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

/// An ESME for the emulator tests: binds with our own SMPPClient, records every deliver_sm it is sent and
/// answers each with the status `answer` picks (by the count of deliver_sm so far, from 0).
final class RecordingESME: SMPPRequestHandler {
    private let received = Mutex<[DeliverSM]>([])
    let answer: @Sendable (Int) -> CommandStatus

    init(answer: @escaping @Sendable (Int) -> CommandStatus = { _ in .ok }) {
        self.answer = answer
    }

    /// Every deliver_sm received, answered ok or not.
    var deliveries: [DeliverSM] { self.received.withLock { $0 } }

    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>
    {
        guard case .deliverSM(let deliver) = request.pdu.body else {
            return eventLoop.makeSucceededFuture(.ok)
        }
        let index = self.received.withLock { list in
            list.append(deliver)
            return list.count - 1
        }
        return eventLoop.makeSucceededFuture(SMPPRequestResult(status: self.answer(index)))
    }

    func connect(
        port: Int,
        systemID: String,
        password: String = "pw",
        bindType: SMPPBindType = .receiver,
        addressRange: String = ""
    ) async throws -> SMPPSession {
        var configuration = SMPPClient.Configuration(
            host: "127.0.0.1",
            port: port,
            bindType: bindType,
            systemID: systemID,
            password: password
        )
        configuration.bind.addressRange = addressRange
        return try await SMPPClient.connect(configuration, requestHandler: self, logger: EmulatorHarness.logger)
    }
}

/// Runs a gateway with emulator settings on loopback ports and a store in `directory`.
enum EmulatorHarness {
    static let logger = Logger(label: "test.emulator", factory: { _ in SwiftLogNoOpLogHandler() })

    static func configuration(
        directory: URL,
        accounts: [String],
        webhookPort: Int? = nil,
        profile: ReceiptProfile = .allDelivered,
        seed: UInt64? = 7
    ) throws -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.smpp.host = "127.0.0.1"
        configuration.smpp.port = 0
        configuration.smpp.accounts = try accounts.map { try SMPPAccount(specification: $0) }
        configuration.smpp.session.responseTimeout = .seconds(10)
        configuration.httpHost = "127.0.0.1"
        configuration.httpPort = 0
        configuration.store = SQLiteMessageStore.Configuration(dataDirectory: directory.path)
        if let webhookPort {
            configuration.webhook = WebhookConfiguration(
                url: "http://127.0.0.1:\(webhookPort)/mo",
                backoff: WebhookBackoff(base: .milliseconds(20), cap: .milliseconds(200)),
                pollInterval: .milliseconds(50)
            )
        }
        configuration.emulator.delivery.pollInterval = .milliseconds(50)
        configuration.emulator.delivery.retryBase = .milliseconds(50)
        configuration.emulator.delivery.retryMaximum = .milliseconds(400)
        configuration.emulator.receiptProfile = profile
        configuration.emulator.seed = seed
        return configuration
    }

    /// Runs the gateway around `body`, which gets the gateway, the SMPP port and the HTTP port.
    static func run<T: Sendable>(
        _ configuration: GatewayConfiguration,
        _ body: @escaping @Sendable (Gateway, Int, Int) async throws -> T
    ) async throws -> T {
        try await GatewayRunner.run(configuration, logger: Self.logger, body)
    }

    /// An MO as an upstream SMSC sends it: deliver_sm from a handset to `destination`.
    static func mo(
        to destination: String,
        text: String = "Verify 483920",
        from source: String = "447700900123"
    )
        -> PDU.Body
    {
        .deliverSM(
            SubmitSM(
                sourceAddressTON: 1,
                sourceAddressNPI: 1,
                sourceAddress: source,
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: destination,
                shortMessage: ByteBuffer(bytes: GSM7.encodeUnpacked(text)!)
            )
        )
    }

    /// A transmitter that sends MO into the gateway, as an upstream carrier would.
    static func carrier(port: Int, systemID: String = "carrier") async throws -> SMPPSession {
        try await SMPPClient.connect(
            SMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                bindType: .transmitter,
                systemID: systemID,
                password: "pw"
            ),
            logger: Self.logger
        )
    }

    static func eventually(
        _ what: String,
        timeout: Duration = .seconds(30),
        _ condition: () async throws -> Bool
    )
        async throws
    {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension DeliverSM {
    /// The short message as text (GSM unpacked or ASCII).
    var text: String { GSM7.decodeUnpacked(Array(self.shortMessage.readableBytesView)) }
}
