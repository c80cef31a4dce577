// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import NIOCore
import SMPPCore
import SMPPNIO
import ServiceLifecycle
import Testing

/// Logs at info on stderr with `MOGATE_INTEROP_LOG=1`; otherwise only errors.
func interopLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["MOGATE_INTEROP_LOG"] == "1" ? .trace : .error
    return logger
}

/// The request handler the interop tests give mogate: records every request and answers ESME_ROK, with message_id
/// "mg-1", "mg-2", … for submit_sm and data_sm (deliver_sm_resp's message_id stays empty, as SMPP 3.4 §4.6.2 says).
func recordingHandler(_ log: MessageLog) -> SMPPAsyncRequestHandler {
    SMPPAsyncRequestHandler { request in
        let messageID = log.record(request)
        return request.pdu.commandID == .deliverSM ? .ok : .ok(messageID: messageID)
    }
}

/// Runs mogate's `SMPPServer` on 127.0.0.1, port 0, with `accounts`, hands `body` the port it got, and shuts the
/// server down gracefully (ServiceLifecycle) on every path, within a bound.
func withMogateServer<T: Sendable>(
    accounts: [(systemID: String, password: String)],
    log: MessageLog,
    session: SMPPSessionConfiguration = SMPPSessionConfiguration(),
    limit messagesPerSecond: Double? = nil,
    tls: SelfSignedCertificate? = nil,
    _ body: @escaping @Sendable (Int) async throws -> T
) async throws -> T {
    let logger = interopLogger("mogate.interop.server")
    var configuration = SMPPServer.Configuration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.accounts = accounts.map {
        SMPPAccount(systemID: $0.systemID, password: $0.password, messagesPerSecond: messagesPerSecond)
    }
    configuration.session = session
    if let tls {
        // TLS only: the body gets the TLS port.
        configuration.port = nil
        configuration.tls = try SMPPServer.TLSListener(
            port: 0,
            certificateFile: tls.certificate,
            privateKeyFile: tls.key
        )
    }
    let (listening, listeningContinuation) = AsyncStream<SMPPServer.Listening>.makeStream()
    let server = SMPPServer(
        configuration: configuration,
        requestHandler: recordingHandler(log),
        logger: logger,
        onServerRunning: { address in
            listeningContinuation.yield(address)
            listeningContinuation.finish()
        }
    )
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(services: [server], gracefulShutdownSignals: [], logger: logger)
    )
    let running = Task {
        defer { listeningContinuation.finish() }
        try await group.run()
    }
    let result: Result<T, any Error>
    do {
        let address = try await withTimeout(.seconds(20), "mogate's SMPPServer to listen") {
            var iterator = listening.makeAsyncIterator()
            return await iterator.next()
        }
        let port = try #require(
            tls == nil ? address?.smpp?.port : address?.smppTLS?.port,
            "SMPPServer did not report a listening port"
        )
        result = .success(try await body(port))
    } catch {
        result = .failure(error)
    }
    await group.triggerGracefulShutdown()
    do {
        // The server unbinds its sessions and returns; that must not take long.
        try await withTimeout(.seconds(20), "mogate's SMPPServer to shut down") { try await running.value }
    } catch {
        Issue.record("SMPPServer did not shut down cleanly within 20 s: \(error)")
        running.cancel()
    }
    return try result.get()
}

/// A self-signed certificate for localhost and 127.0.0.1 (subjectAltName), made with openssl in a temporary
/// directory; peers verify against the certificate itself.
struct SelfSignedCertificate: Sendable {
    var certificate: String
    var key: String

    static func make() async throws -> SelfSignedCertificate {
        let openssl = try #require(InteropPeers.which("openssl"), "MOGATE_INTEROP=1 but openssl is not on PATH")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-interop-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = SelfSignedCertificate(
            certificate: directory.appendingPathComponent("cert.pem").path,
            key: directory.appendingPathComponent("key.pem").path
        )
        let process = try await PeerProcess.launch(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                result.key, "-out", result.certificate, "-days", "1", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ]
        )
        let status = try await process.waitForExit(timeout: .seconds(30))
        try #require(status == 0, "openssl req failed\n\(process.transcript)")
        return result
    }
}

/// Connects mogate's `SMPPClient` to 127.0.0.1:`port` as an ESME, runs `body`, then unbinds (or closes, when
/// `body` throws).
func withMogateClient<T: Sendable>(
    port: Int,
    systemID: String,
    password: String,
    bindType: SMPPBindType,
    log: MessageLog,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let logger = interopLogger("mogate.interop.client")
    let configuration = SMPPClient.Configuration(
        host: "127.0.0.1",
        port: port,
        bindType: bindType,
        systemID: systemID,
        password: password
    )
    let handler = recordingHandler(log)
    let session = try await withTimeout(.seconds(20), "mogate's SMPPClient to bind to 127.0.0.1:\(port)") {
        try await SMPPClient.connect(configuration, requestHandler: handler, logger: logger)
    }
    #expect(session.info.bindType == bindType)
    let result: T
    do {
        result = try await body()
    } catch {
        await session.close()
        throw error
    }
    try await withTimeout(.seconds(15), "mogate's SMPPClient to unbind") { try await session.unbind() }
    return result
}
