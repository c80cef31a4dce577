// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import NIOSSL

extension SMPPServer {
    /// Where the server listens and how its sessions behave.
    public struct Configuration: Sendable {
        public var host: String = "0.0.0.0"
        /// The plain TCP port; nil listens on TLS only. 0 picks a free port (tests).
        public var port: Int? = 2775
        /// A TLS listener on its own port.
        public var tls: TLSListener?
        public var session = SMPPSessionConfiguration()
        /// The accounts that may bind; none accepts any credentials.
        public var accounts: [SMPPAccount] = []
        /// ESMEs to outbind to (SMPP 3.4 §4.1.7), kept connected while the server runs.
        public var outbinds: [OutbindTarget] = []
        /// Connection limits and the failed-bind limit; see ``SMPPServer/Limits``.
        public var limits = Limits()

        public init() {}
    }

    public struct TLSListener: Sendable {
        public var port: Int
        public var context: NIOSSLContext
        /// The PEM files the context came from, which `SMPPServer.reloadTLS()` reads again.
        public var certificateFile: String?
        public var privateKeyFile: String?

        public init(port: Int, context: NIOSSLContext) {
            self.port = port
            self.context = context
        }

        /// A listener whose certificate chain and private key are PEM files.
        public init(port: Int, certificateFile: String, privateKeyFile: String) throws {
            self.init(
                port: port,
                context: try Self.context(certificateFile: certificateFile, privateKeyFile: privateKeyFile)
            )
            self.certificateFile = certificateFile
            self.privateKeyFile = privateKeyFile
        }

        /// A server context from PEM files: TLS 1.2 and later only, with BoringSSL's default modern ciphers.
        static func context(certificateFile: String, privateKeyFile: String) throws -> NIOSSLContext {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: privateKeyFile, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain,
                privateKey: .privateKey(key)
            )
            configuration.minimumTLSVersion = .tlsv12
            return try NIOSSLContext(configuration: configuration)
        }
    }

    /// An ESME the server connects to and outbinds; the ESME then binds as receiver on that connection.
    public struct OutbindTarget: Sendable {
        public var host: String
        public var port: Int
        /// The system_id and password the outbind carries, which the ESME checks.
        public var systemID: String
        public var password: String
        public var tls: SMPPClient.TLSMode = .none

        public init(host: String, port: Int, systemID: String, password: String) {
            self.host = host
            self.port = port
            self.systemID = systemID
            self.password = password
        }
    }

    /// The addresses the server listens on, once it runs.
    public struct Listening: Sendable {
        public var smpp: SocketAddress?
        public var smppTLS: SocketAddress?
    }
}
