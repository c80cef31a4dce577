// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOSSL
import SMPPCore
import Synchronization

/// Everything a session pipeline needs, for the server, the client, outbind and tests alike.
struct SMPPPipelineOptions {
    var role: SMPPSessionRole
    var configuration: SMPPSessionConfiguration
    var requestHandler: any SMPPRequestHandler
    var accounts: SMPPAccountRegistry? = nil
    var outbind: Outbind? = nil
    var bindOnOutbind: Bind? = nil
    var tls: TLS? = nil
    var logger: Logger
    /// Told the peer's IP address when a bind is refused for bad credentials (the server's failed-bind limit).
    var onBindRefused: (@Sendable (String) -> Void)? = nil

    enum TLS {
        case server(NIOSSLContext)
        case client(NIOSSLContext, serverHostname: String?)
    }
}

enum SMPPSessionIDs {
    static let next = Atomic<UInt64>(1)
    static func make() -> UInt64 { Self.next.add(1, ordering: .relaxed).oldValue }
}

extension ChannelPipeline.SynchronousOperations {
    /// Adds TLS (if any), the capture (if any), the frame decoder and the session handler. Returns the future of the bind.
    @discardableResult
    func configureSMPPSession(_ options: SMPPPipelineOptions) throws -> EventLoopFuture<SMPPSessionInfo> {
        switch options.tls {
        case .server(let context):
            try self.addHandler(NIOSSLServerHandler(context: context))
        case .client(let context, let hostname):
            try self.addHandler(try NIOSSLClientHandler(context: context, serverHostname: hostname))
        case nil:
            break
        }
        // Above TLS, below framing: the capture sees the octets in clear, exactly as they are framed.
        if let capture = options.configuration.capture {
            try self.addHandler(SMPPCaptureHandler(capture: capture))
        }
        let boundPromise = self.eventLoop.makePromise(of: SMPPSessionInfo.self)
        try self.addHandler(
            ByteToMessageHandler(SMPPFrameDecoder(maximumPDULength: options.configuration.maximumPDULength))
        )
        try self.addHandler(
            SMPPSessionHandler(
                role: options.role,
                configuration: options.configuration,
                requestHandler: options.requestHandler,
                accounts: options.accounts,
                outbind: options.outbind,
                bindOnOutbind: options.bindOnOutbind,
                sessionID: SMPPSessionIDs.make(),
                logger: options.logger,
                boundPromise: boundPromise,
                onBindRefused: options.onBindRefused
            )
        )
        return boundPromise.futureResult
    }
}
