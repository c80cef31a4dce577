// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Synchronization
import Testing

/// Secrets never appear in a configuration dump, and numbers and message text never in logs above debug.
@Suite struct SecretsAndLogsTests {
    @Test("the configuration's description redacts passwords, secrets and tokens and shows the rest")
    func redactedConfiguration() {
        var configuration = GatewayConfiguration()
        configuration.smpp.accounts = [SMPPAccount(systemID: "carrier1", password: "hunter2")]
        configuration.webhook = WebhookConfiguration(url: "https://example.com/mo", secret: "whsec-XYZ123")
        configuration.adminToken = "tok-ABC789"
        configuration.upstreams = [
            SMPPClient.Configuration(
                host: "smsc.example",
                port: 2775,
                bindType: .receiver,
                systemID: "up",
                password: "uppw99"
            )
        ]
        let text = configuration.description
        for secret in ["hunter2", "whsec-XYZ123", "tok-ABC789", "uppw99"] {
            #expect(!text.contains(secret), "\(secret) in \(text)")
        }
        #expect(text.contains("<redacted>"))
        #expect(text.contains("carrier1") && text.contains("https://example.com/mo") && text.contains("smsc.example"))
    }

    @Test("at info level no log line holds an MO's numbers or text; at debug the session may say more")
    func noNumbersOrTextAtInfo() async throws {
        let lines = CapturedLog()
        var logger = Logger(label: "test.capture", factory: { _ in CapturingLogHandler(lines) })
        logger.logLevel = .info
        try await Hardening.withGateway(logger: logger) { gateway in
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            let message = SubmitSM(
                sourceAddressTON: 1,
                sourceAddressNPI: 1,
                sourceAddress: "447700900777",
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: "447860000555",
                shortMessage: ByteBuffer(string: "private words 4242")
            )
            try await connection.send(PDU(sequenceNumber: 2, body: .deliverSM(message)))
            #expect(try await connection.response(2).commandStatus == .ok)
            gateway.acknowledged("private words 4242")
            // A malformed PDU and a refused bind log at info too: they must not echo the bytes.
            try await connection.send(
                RawPDU.deliver(RawPDU.deliverBody(Array("private words 4242".utf8), smLength: 200))
            )
            _ = try await connection.response(3)
            await connection.close()
        }
        #expect(!lines.all.isEmpty, "the gateway logged at info")
        for line in lines.all {
            for secret in ["447700900777", "7700900777", "447860000555", "private words"] {
                #expect(!line.contains(secret), "\(secret) logged: \(line)")
            }
        }
    }
}

final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { self.lines.withLock { $0.append(line) } }
    var all: [String] { self.lines.withLock { $0 } }
}

/// Keeps every message with its metadata as one line.
struct CapturingLogHandler: LogHandler {
    let sink: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(_ sink: CapturedLog) { self.sink = sink }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(
        level: Logger.Level,
        message: Logger.Message,
        metadata: Logger.Metadata?,
        source: String,
        file: String,
        function: String,
        line: UInt
    ) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        self.sink.append("\(level) \(message) \(all)")
    }
}
