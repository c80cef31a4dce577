// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
import SwiftASN1
import X509

/// Certificates for TLS tests, made in-process with swift-certificates, written as PEM files to a temporary
/// directory (servers and peers such as Kannel read them from there).
public enum TestCertificates {
    /// A self-signed P-256 certificate for `localhost` and 127.0.0.1, and its key: PEM file paths. The certificate
    /// is also the CA a client must trust.
    public static func selfSigned() throws -> (certificate: String, key: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem")
        let key = directory.appendingPathComponent("key.pem")
        let privateKey = P256.Signing.PrivateKey()
        let signingKey = Certificate.PrivateKey(privateKey)
        let name = try DistinguishedName { CommonName("localhost") }
        let now = Date()
        let issued = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: signingKey.publicKey,
            notValidBefore: now - 3600,
            notValidAfter: now + 86_400,
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: signingKey
        )
        try issued.serializeAsPEM().pemString.write(to: certificate, atomically: true, encoding: .utf8)
        try privateKey.pemRepresentation.write(to: key, atomically: true, encoding: .utf8)
        return (certificate.path, key.path)
    }
}
