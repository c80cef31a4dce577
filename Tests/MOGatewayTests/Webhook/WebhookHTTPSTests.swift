// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOSSL
import SMPPTestSupport
import Testing

/// Both webhook transports over HTTPS to a receiver whose certificate only `caFile` vouches for.
@Suite struct WebhookHTTPSTests {
    static func serverTLS(_ certificate: String, _ key: String) throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        )
    }

    static func request(port: Int, host: String = "127.0.0.1") -> WebhookRequest {
        WebhookRequest(
            url: "https://\(host):\(port)/mo",
            headers: [(name: "Content-Type", value: "application/json")],
            body: Array(#"{"id":"https-1"}"#.utf8),
            timeout: .seconds(10)
        )
    }

    @Test(
        "the CA file makes a private certificate trusted; the system store alone refuses it",
        arguments: WebhookTransportKind.allCases
    )
    func privateCA(kind: WebhookTransportKind) async throws {
        let (certificate, key) = try TestCertificates.selfSigned()
        #expect(try WebhookConfiguration.checkCAFile(certificate) == 1)
        try await withReceiver(Replies { _ in Reply(status: 204) }, tls: try Self.serverTLS(certificate, key)) {
            port,
            log in
            let trusting = kind.make(for: WebhookConfiguration(url: "https://127.0.0.1/", caFile: certificate))
            for host in ["127.0.0.1", "localhost"] {
                let response = try await trusting.post(Self.request(port: port, host: host))
                #expect(response.status == 204, "\(host)")
            }
            try await trusting.shutdown()
            #expect(log.requests.count == 2)
            #expect(log.requests.allSatisfy { $0.body == Array(#"{"id":"https-1"}"#.utf8) })

            let untrusting = kind.make(for: WebhookConfiguration(url: "https://127.0.0.1/"))
            await #expect(throws: WebhookTransportError.self) {
                _ = try await untrusting.post(Self.request(port: port))
            }
            try await untrusting.shutdown()
            #expect(log.requests.count == 2, "nothing reaches the receiver without a trusted certificate")
        }
    }

    @Test("a CA file without a certificate is refused up front")
    func badCAFile() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-empty-\(UUID()).pem").path
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: empty))
        #expect(throws: (any Error).self) { try WebhookConfiguration.checkCAFile(empty) }
        #expect(throws: (any Error).self) { try WebhookConfiguration.checkCAFile(empty + ".missing") }
    }
}
