// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import NIOCore
import SMPPCore
import SMPPNIO

/// `mogate send`: bind, send one message (in parts when it is long), print each response, unbind.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one MO over SMPP and print each part's response status and message id.",
        discussion: "Exits non-zero if the bind fails or any part is not answered ESME_ROK."
    )

    @Option(name: .long, help: "SMSC or gateway host.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "SMPP port.")
    var port = 2775

    @Option(name: .long, help: "system_id to bind with.")
    var systemID: String

    @Option(name: .long, help: "Password to bind with.")
    var password: String

    @Option(name: .long, help: "Bind type: transmitter or transceiver.")
    var bind: SendBindType = .transmitter

    @Option(name: .customLong("as"), help: "Operation: deliver_sm, submit_sm or data_sm.")
    var operation: SendOperation = .deliverSM

    @Option(name: .long, help: "Source address (the handset).")
    var from: String

    @Option(name: .long, help: "Source TON (default: 1, or 5 for an alphanumeric sender).")
    var fromTon: UInt8?

    @Option(name: .long, help: "Source NPI (default: 1, or 0 for an alphanumeric sender).")
    var fromNpi: UInt8?

    @Option(name: .long, help: "Destination address (the receiver number).")
    var to: String

    @Option(name: .long, help: "Destination TON.")
    var toTon: UInt8 = 1

    @Option(name: .long, help: "Destination NPI.")
    var toNpi: UInt8 = 1

    @Option(name: .long, help: "Message text.")
    var text: String

    @Option(name: .long, help: "Encoding: auto, gsm7, ucs2, latin1 or ascii.")
    var encoding: SMSText.Encoding = .auto

    @Option(name: .long, help: "How to send a long message: udh8, udh16, sar or payload.")
    var split: ConcatenationScheme = .udh8

    @Flag(name: .long, help: "Use TLS, verifying the server's certificate.")
    var tls = false

    @Flag(name: .long, help: "With --tls: do not verify the certificate (self-signed lab servers).")
    var tlsInsecure = false

    @Option(name: .long, help: "system_type to bind with.")
    var systemType = ""

    @Option(name: .long, help: "Seconds to wait for each response.")
    var timeout: Int = 10

    @Option(name: .long, help: "Write the session's PDUs, both directions, in clear, to this pcap file.")
    var capture: String?

    func validate() throws {
        guard self.systemID.utf8.count <= 15 else { throw ValidationError("--system-id is at most 15 characters") }
        guard self.password.utf8.count <= 8 else { throw ValidationError("--password is at most 8 characters") }
        guard self.from.utf8.count <= 20, self.to.utf8.count <= 20 else {
            throw ValidationError("--from and --to are at most 20 characters")
        }
    }

    func run() async throws {
        let logger = MogateLogging.bootstrap(level: .warning)
        let reference = UInt16.random(in: 1...UInt16.max)
        guard let segments = SMSText.split(self.text, encoding: self.encoding, scheme: self.split, reference: reference)
        else {
            throw ValidationError("--encoding \(self.encoding.rawValue) cannot carry this text, or it is too long")
        }
        var client = SMPPClient.Configuration(
            host: self.host,
            port: self.port,
            bindType: self.bind.bindType,
            systemID: self.systemID,
            password: self.password
        )
        client.bind.systemType = self.systemType
        client.session.responseTimeout = .seconds(Int64(self.timeout))
        if self.tls { client.tls = self.tlsInsecure ? .insecure : .verify() }
        let capture = try self.capture.map { try SMPPCapture(path: $0) }
        defer { capture?.closeLogging(logger) }
        client.session.capture = capture

        let session: SMPPSession
        do {
            session = try await SMPPClient.connect(client, logger: logger)
        } catch let error as SMPPError {
            print(
                "bind failed: \(error.status.map { "\($0)" } ?? "\(error.code)")\(error.detail.map { " (\($0))" } ?? "")"
            )
            throw ExitCode(2)
        }
        var failures = 0
        for (index, segment) in segments.enumerated() {
            let body = MessageBuilder(command: self).body(for: segment)
            let label = segments.count > 1 ? "part \(index + 1)/\(segments.count)" : "message"
            do {
                let response = try await session.send(body)
                let messageID = response.messageID.map { " message_id=\($0)" } ?? ""
                print("\(label): \(response.commandStatus)\(messageID)")
                if response.commandStatus != .ok { failures += 1 }
            } catch {
                print("\(label): no response (\(error))")
                failures += 1
            }
        }
        try? await session.unbind()
        // The capture's last segments (the FIN) are recorded when the connection has closed.
        if capture != nil { try? await session.closeFuture.get() }
        if failures > 0 { throw ExitCode(1) }
    }
}

enum SendBindType: String, ExpressibleByArgument, CaseIterable {
    case transmitter, transceiver
    var bindType: SMPPBindType { self == .transmitter ? .transmitter : .transceiver }
}

enum SendOperation: String, ExpressibleByArgument, CaseIterable {
    case deliverSM = "deliver_sm"
    case submitSM = "submit_sm"
    case dataSM = "data_sm"
}

extension SMSText.Encoding: ExpressibleByArgument {}
extension ConcatenationScheme: ExpressibleByArgument {}

extension PDU {
    /// The message_id of a submit_sm_resp, deliver_sm_resp or data_sm_resp, when it has one.
    fileprivate var messageID: String? {
        switch self.body {
        case .submitSMResponse(let response): response.messageID.isEmpty ? nil : response.messageID
        case .dataSMResponse(let response): response.messageID.isEmpty ? nil : response.messageID
        default: nil
        }
    }
}
