// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOSSL

extension TLSConfiguration {
    /// The client side of an `https` webhook: TLS 1.2 or later, and certificates checked against `caFile` (PEM)
    /// when given, else the system's trust store.
    public static func webhookClient(caFile: String?) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .file(caFile) }
        return configuration
    }
}

extension WebhookConfiguration {
    /// Reads `path` as the `caFile` would be read, so that a bad file stops the gateway at start rather than
    /// failing every delivery. Returns the number of certificates in it.
    public static func checkCAFile(_ path: String) throws -> Int {
        let certificates = try NIOSSLCertificate.fromPEMFile(path)
        guard !certificates.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
        return certificates.count
    }
}
