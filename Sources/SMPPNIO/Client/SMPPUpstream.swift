// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore
import NIOPosix
import SMPPCore
public import ServiceLifecycle
import Synchronization

/// A bind to an upstream SMSC that is kept up: connect, bind, and after a drop or a refused bind, again with
/// exponential backoff. enquire_link keeps it alive; on graceful shutdown it unbinds.
public final class SMPPUpstream: Service, Sendable {
    public let configuration: SMPPClient.Configuration
    let requestHandler: any SMPPRequestHandler
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    let onBound: @Sendable (SMPPSession) -> Void
    private let current = Mutex<SMPPSession?>(nil)
    private let bindCount = Atomic<Int>(0)

    public init(
        configuration: SMPPClient.Configuration,
        requestHandler: any SMPPRequestHandler,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onBound: @escaping @Sendable (SMPPSession) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.requestHandler = requestHandler
        var logger = logger
        logger[metadataKey: "smpp.upstream"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onBound = onBound
    }

    /// The bound session now, if any.
    public var session: SMPPSession? { self.current.withLock { $0 } }
    /// How many times the upstream has bound since it started.
    public var binds: Int { self.bindCount.load(ordering: .relaxed) }

    public func run() async throws {
        let stopping = ShutdownFlag()
        await withGracefulShutdownHandler {
            var backoff = Backoff()
            while !stopping.isSet, !Task.isCancelled {
                do {
                    let session = try await SMPPClient.connect(
                        self.configuration,
                        requestHandler: self.requestHandler,
                        logger: self.logger,
                        eventLoopGroup: self.eventLoopGroup
                    )
                    backoff.reset()
                    self.current.withLock { $0 = session }
                    self.bindCount.add(1, ordering: .relaxed)
                    self.logger.info("upstream bound", metadata: ["smpp.bind": "\(session.info.bindType)"])
                    self.onBound(session)
                    if stopping.isSet { try? await session.unbind() }
                    await withTaskCancellationHandler {
                        try? await session.closeFuture.get()
                    } onCancel: {
                        session.channel.close(promise: nil)
                    }
                    self.current.withLock { $0 = nil }
                    self.logger.notice("upstream connection closed")
                } catch {
                    self.logger.notice("upstream bind failed", metadata: ["error": "\(error)"])
                }
                if stopping.isSet { break }
                try? await Task.sleep(for: backoff.next())
            }
        } onGracefulShutdown: {
            stopping.set()
            if let session = self.current.withLock({ $0 }) {
                session.channel.triggerUserOutboundEvent(SMPPSessionGracefulShutdown(), promise: nil)
            }
        }
    }
}
