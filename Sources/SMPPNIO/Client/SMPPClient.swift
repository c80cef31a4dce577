// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore
import NIOPosix
import NIOSSL
public import SMPPCore

/// The ESME side: connect to an SMSC and bind.
public enum SMPPClient {
    /// How the client protects the connection.
    public enum TLSMode: Sendable {
        case none
        /// TLS, verifying the server's certificate against the system's trust roots, or these PEM files.
        case verify(trustRootFiles: [String] = [])
        /// TLS without verifying the server: for tests and self-signed lab setups only.
        case insecure

        func pipelineTLS(host: String) throws -> SMPPPipelineOptions.TLS? {
            var configuration = TLSConfiguration.makeClientConfiguration()
            switch self {
            case .none:
                return nil
            case .verify(let files):
                if !files.isEmpty {
                    let certificates = try files.flatMap { try NIOSSLCertificate.fromPEMFile($0) }
                    configuration.trustRoots = .certificates(certificates)
                }
            case .insecure:
                configuration.certificateVerification = .none
            }
            // SNI takes a host name, not an address literal.
            let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
            return .client(try NIOSSLContext(configuration: configuration), serverHostname: isAddress ? nil : host)
        }
    }

    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var bindType: SMPPBindType
        /// The bind body: system_id, password, system_type, address_range.
        public var bind: Bind
        public var tls: TLSMode = .none
        public var session = SMPPSessionConfiguration()
        public var connectTimeout: TimeAmount = .seconds(10)

        public init(host: String, port: Int, bindType: SMPPBindType, systemID: String, password: String) {
            self.host = host
            self.port = port
            self.bindType = bindType
            self.bind = Bind(systemID: systemID, password: password)
        }
    }

    /// Connects and binds. The session hands what the SMSC sends (deliver_sm, data_sm, …) to `requestHandler`.
    ///
    /// - Throws: ``SMPPError`` with code `bindFailed` and the SMSC's status when the bind is refused, or the
    ///   connection's error.
    public static func connect(
        _ configuration: Configuration,
        requestHandler: any SMPPRequestHandler = SMPPAcceptingRequestHandler(),
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> SMPPSession {
        let options = SMPPPipelineOptions(
            role: .esme,
            configuration: configuration.session,
            requestHandler: requestHandler,
            tls: try configuration.tls.pipelineTLS(host: configuration.host),
            logger: logger
        )
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(configuration.connectTimeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureSMPPSession(options)
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw SMPPError(code: .connectionFailed, detail: "\(configuration.host):\(configuration.port): \(error)")
        }
        let promise = channel.eventLoop.makePromise(of: SMPPSessionInfo.self)
        // A connection that closes first (a failed TLS handshake) never reaches the handler: fail the bind then.
        channel.writeAndFlush(SMPPSessionCommand.bind(configuration.bindType, configuration.bind, promise))
            .whenFailure { promise.fail(SMPPError(code: .sessionClosed, detail: "\($0)")) }
        do {
            let info = try await promise.futureResult.get()
            return SMPPSession(channel: channel, info: info)
        } catch {
            try? await channel.close()
            throw error
        }
    }
}
