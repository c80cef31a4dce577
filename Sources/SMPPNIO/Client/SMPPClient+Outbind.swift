// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore
import NIOPosix
public import SMPPCore

extension SMPPClient {
    /// Listens for SMSCs that outbind (SMPP 3.4 §4.1.7): on each connection the SMSC's outbind is answered with a
    /// bind_receiver carrying `bind`, and each session that binds is handed to `onSession`. Close the returned
    /// channel to stop listening.
    public static func listenForOutbind(
        host: String,
        port: Int,
        bind: Bind,
        session: SMPPSessionConfiguration = SMPPSessionConfiguration(),
        requestHandler: any SMPPRequestHandler = SMPPAcceptingRequestHandler(),
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onSession: @escaping @Sendable (SMPPSession) -> Void = { _ in }
    ) async throws -> any Channel {
        let options = SMPPPipelineOptions(
            role: .esme,
            configuration: session,
            requestHandler: requestHandler,
            bindOnOutbind: bind,
            logger: logger
        )
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let bound = try channel.pipeline.syncOperations.configureSMPPSession(options)
                    bound.whenSuccess { info in onSession(SMPPSession(channel: channel, info: info)) }
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}
