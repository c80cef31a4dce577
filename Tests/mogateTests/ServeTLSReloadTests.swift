// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPTestSupport
import Testing

/// `kill -HUP` on a running `mogate serve`: the SMPP TLS listener presents the new certificate afterwards.
@Suite(.serialized) struct ServeTLSReloadTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    /// The SHA-256 fingerprint openssl prints for `command`'s certificate output.
    private static func fingerprint(_ command: String) async throws -> String {
        try await ChildProcess.run("/bin/sh", ["-c", command + " | openssl x509 -noout -fingerprint -sha256"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func served(port: Int) async throws -> String {
        try await Self.fingerprint("openssl s_client -connect 127.0.0.1:\(port) </dev/null 2>/dev/null")
    }

    private static func file(_ path: String) async throws -> String {
        try await Self.fingerprint("cat '\(path)'")
    }

    @Test("SIGHUP reloads the TLS certificate and key; a bad pair on SIGHUP keeps the old one")
    func reloadOnHangup() async throws {
        let first = try TestCertificates.selfSigned()
        let second = try TestCertificates.selfSigned()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-tls-reload-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem")
        let key = directory.appendingPathComponent("key.pem")
        func install(_ pair: (certificate: String, key: String)) throws {
            try Data(contentsOf: URL(fileURLWithPath: pair.key)).write(to: key)
            try Data(contentsOf: URL(fileURLWithPath: pair.certificate)).write(to: certificate)
        }
        try install(first)
        let tlsPort = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            try await ServeSendTests.serve() + [
                "--smpp-port", "\(try await BackgroundMogate.freePort())", "--smpp-tls-port", "\(tlsPort)",
                "--tls-cert", certificate.path, "--tls-key", key.path,
            ]
        )
        try await serve.waitForLog("SMPP listening")
        let firstPrint = try await Self.file(first.certificate)
        let secondPrint = try await Self.file(second.certificate)
        #expect(!firstPrint.isEmpty && firstPrint != secondPrint)
        #expect(try await Self.served(port: tlsPort) == firstPrint)

        try install(second)
        kill(serve.processIdentifier, SIGHUP)
        try await serve.waitForLog("TLS certificate reloaded")
        #expect(try await Self.served(port: tlsPort) == secondPrint)

        // A certificate without its key: the reload fails, the listener keeps the second pair.
        try Data(contentsOf: URL(fileURLWithPath: first.certificate)).write(to: certificate)
        kill(serve.processIdentifier, SIGHUP)
        try await serve.waitForLog("TLS reload failed; keeping the old certificate")
        #expect(try await Self.served(port: tlsPort) == secondPrint)
        #expect(serve.isRunning)
        _ = try await serve.terminate()
    }
}
