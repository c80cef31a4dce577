// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore
import NIOPosix
import NIOSSL
import SMPPCore
public import ServiceLifecycle
import Synchronization

/// The SMPP listener: peers bind to it and send MO, which it hands to the request handler.
///
/// A ServiceLifecycle `Service`. On graceful shutdown it stops accepting, unbinds every session, lets in-flight
/// requests be answered within the unbind timeout, and returns once every connection is closed.
public final class SMPPServer: Service, Sendable {
    public let configuration: Configuration
    let requestHandler: any SMPPRequestHandler
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    let onServerRunning: @Sendable (Listening) async -> Void
    /// Called on the session's event loop when a peer has bound: the SMSC side can then send it requests.
    let onSessionBound: @Sendable (SMPPSession) -> Void
    /// The accounts, their session counts and throughput buckets.
    public let accounts: SMPPAccountRegistry
    private let sessions = Mutex<[ObjectIdentifier: any Channel]>([:])
    /// Connection counts by address and failed binds: `Configuration.limits`.
    let connectionGuard: SMPPConnectionGuard
    /// The TLS listener's context, replaced by `reloadTLS()`; new connections take the current one.
    let tlsContext: Mutex<NIOSSLContext?>

    public init(
        configuration: Configuration,
        requestHandler: any SMPPRequestHandler,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onServerRunning: @escaping @Sendable (Listening) async -> Void = { _ in },
        onSessionBound: @escaping @Sendable (SMPPSession) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.requestHandler = requestHandler
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onServerRunning = onServerRunning
        self.onSessionBound = onSessionBound
        self.accounts = SMPPAccountRegistry(accounts: configuration.accounts)
        self.connectionGuard = SMPPConnectionGuard(limits: configuration.limits)
        self.tlsContext = Mutex(configuration.tls?.context)
    }

    /// The number of connections open now.
    public var connectionCount: Int { self.sessions.withLock { $0.count } }

    public func run() async throws {
        if self.accounts.isOpen {
            self.logger.warning("no SMPP accounts configured: any system_id and password can bind")
        }
        var listeners: [any Channel] = []
        var listening = Listening()
        do {
            if let port = self.configuration.port {
                let channel = try await self.listen(port: port, tls: nil)
                listening.smpp = channel.localAddress
                listeners.append(channel)
            }
            if let tls = self.configuration.tls {
                let channel = try await self.listen(port: tls.port, tls: tls)
                listening.smppTLS = channel.localAddress
                listeners.append(channel)
            }
        } catch {
            for listener in listeners { try? await listener.close() }
            throw error
        }
        for address in [listening.smpp, listening.smppTLS].compactMap({ $0 }) {
            self.logger.info("SMPP listening", metadata: ["address": "\(address)"])
        }
        await self.onServerRunning(listening)
        let openListeners = listeners

        let stopping = ShutdownFlag()
        // Cancellation (another service of the group failed, or a hard stop) closes everything at once: waiting on
        // channel futures does not notice cancellation by itself.
        try await withTaskCancellationHandler {
            try await self.serve(listeners: openListeners, stopping: stopping)
        } onCancel: {
            stopping.set()
            for listener in openListeners { listener.close(promise: nil) }
            for channel in self.sessions.withLock({ Array($0.values) }) { channel.close(promise: nil) }
        }
    }

    private func serve(listeners openListeners: [any Channel], stopping: ShutdownFlag) async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for target in self.configuration.outbinds {
                    group.addTask { await self.keepOutbound(to: target, stopping: stopping) }
                }
                for listener in openListeners {
                    group.addTask { try await listener.closeFuture.get() }
                }
            }
            await self.waitForSessionsToClose()
        } onGracefulShutdown: {
            stopping.set()
            self.logger.info("SMPP shutting down: unbinding sessions")
            for listener in openListeners { listener.close(promise: nil) }
            self.unbindAll()
        }
    }

    private func listen(port: Int, tls: TLSListener?) async throws -> any Channel {
        let plainOptions = self.pipelineOptions(tls: nil)
        let buffered = self.configuration.limits.maximumBufferedBytes
        return try await ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: buffered / 2, high: max(buffered, 1)))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.admit(channel)
                    var options = plainOptions
                    if tls != nil, let context = self.tlsContext.withLock({ $0 }) { options.tls = .server(context) }
                    let bound = try channel.pipeline.syncOperations.configureSMPPSession(options)
                    self.register(channel)
                    bound.whenSuccess { self.onSessionBound(SMPPSession(channel: channel, info: $0)) }
                }
            }
            .bind(host: self.configuration.host, port: port)
            .get()
    }

    func pipelineOptions(tls: SMPPPipelineOptions.TLS?, outbind: Outbind? = nil) -> SMPPPipelineOptions {
        SMPPPipelineOptions(
            role: .smsc,
            configuration: self.configuration.session,
            requestHandler: self.requestHandler,
            accounts: self.accounts,
            outbind: outbind,
            tls: tls,
            logger: self.logger,
            onBindRefused: { [connectionGuard = self.connectionGuard] address in connectionGuard.bindFailed(address) }
        )
    }

    func register(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        self.sessions.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { _ in
            _ = self.sessions.withLock { $0.removeValue(forKey: key) }
        }
    }

    private func unbindAll() {
        let channels = self.sessions.withLock { Array($0.values) }
        let deadline = self.configuration.session.unbindTimeout + .seconds(1)
        for channel in channels {
            channel.triggerUserOutboundEvent(SMPPSessionGracefulShutdown(), promise: nil)
            // A session that cannot even unbind is closed: shutdown must end.
            channel.eventLoop.scheduleTask(in: deadline) { channel.close(promise: nil) }
        }
    }

    private func waitForSessionsToClose() async {
        while true {
            let channels = self.sessions.withLock { Array($0.values) }
            guard !channels.isEmpty else { return }
            for channel in channels { try? await channel.closeFuture.get() }
        }
    }
}
