// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
import Logging
import NIOCore
import SMPPCore
import SMPPFaults

/// Runs one SMPP session on a channel, as SMSC or ESME: the dispatcher between the frame decoder, the state
/// machine, the window of requests we sent, the requests the peer sent, and the timers.
///
/// Inbound: `PDU.DecodingResult` from `SMPPFrameDecoder`. Outbound: ``SMPPSessionCommand`` from ``SMPPSession``.
/// Writes made while a read burst is processed are coalesced and flushed once in `channelReadComplete`.
final class SMPPSessionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = PDU.DecodingResult
    typealias OutboundIn = SMPPSessionCommand
    typealias OutboundOut = ByteBuffer

    /// What the waiter of a request we sent is.
    enum Waiter {
        case caller(EventLoopPromise<PDU>)
        case bind(EventLoopPromise<SMPPSessionInfo>)
        case unbind(EventLoopPromise<Void>?)
        case keepAlive
    }

    let configuration: SMPPSessionConfiguration
    let requestHandler: any SMPPRequestHandler
    /// SMSC: the accounts binds are checked against.
    let accounts: SMPPAccountRegistry?
    /// SMSC that outbinds: the outbind sent when the connection opens.
    let outbind: Outbind?
    /// ESME that accepts outbind: the bind_receiver sent when an outbind arrives.
    let bindOnOutbind: Bind?
    let sessionID: UInt64
    var logger: Logger

    var stateMachine: SMPPSessionStateMachine
    var window: RequestWindow<Waiter>
    var queued: Deque<(PDU.Body, Waiter)> = []
    var sequenceNumbers = SequenceNumberGenerator()
    /// Peer requests handed to the request handler and not yet answered.
    var inFlight = 0
    var readPending = false
    var lease: SMPPAccountLease?
    var systemID = ""
    /// The bind's address_range, ours (ESME) or the peer's (SMSC).
    var addressRange = ""
    var remoteAddress: SocketAddress?

    var context: ChannelHandlerContext?
    var inReadBurst = false
    var pendingOutbound: ByteBuffer?
    /// A flush of `pendingOutbound` is queued on the event loop (see `send`).
    var flushScheduled = false
    var connectedAt = NIODeadline.now()
    var lastReceived = NIODeadline.now()
    var unbindDeadline: NIODeadline?
    /// We sent unbind and the peer answered it.
    var unbindAnswered = false
    var tick: RepeatedTask?
    var messageIDs = MessageIDGenerator()
    /// The failure profile's decisions for this session, once bound under one (SMPPSessionHandler+Faults).
    var faults: FaultSession?

    let boundPromise: EventLoopPromise<SMPPSessionInfo>
    let onBindRefused: (@Sendable (String) -> Void)?

    init(
        role: SMPPSessionRole,
        configuration: SMPPSessionConfiguration,
        requestHandler: any SMPPRequestHandler,
        accounts: SMPPAccountRegistry? = nil,
        outbind: Outbind? = nil,
        bindOnOutbind: Bind? = nil,
        sessionID: UInt64,
        logger: Logger,
        boundPromise: EventLoopPromise<SMPPSessionInfo>,
        onBindRefused: (@Sendable (String) -> Void)? = nil
    ) {
        self.onBindRefused = onBindRefused
        self.configuration = configuration
        self.requestHandler = requestHandler
        self.accounts = accounts
        self.outbind = outbind
        self.bindOnOutbind = bindOnOutbind
        self.sessionID = sessionID
        self.logger = logger
        self.logger[metadataKey: "smpp.session"] = "\(sessionID)"
        self.stateMachine = SMPPSessionStateMachine(
            role: role,
            acceptsMOInEitherDirection: configuration.acceptsMOInEitherDirection
        )
        self.window = RequestWindow(capacity: configuration.windowSize)
        self.boundPromise = boundPromise
    }

    var sessionInfo: SMPPSessionInfo? {
        guard let type = self.stateMachine.bindType else { return nil }
        return SMPPSessionInfo(
            id: self.sessionID,
            role: self.stateMachine.role,
            systemID: self.systemID,
            bindType: type,
            remoteAddress: self.sessionInfoAddress,
            addressRange: self.addressRange
        )
    }

    /// The peer as `ip:port`, formatted once when the connection starts rather than for every request.
    var sessionInfoAddress: String?

    // MARK: Channel lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { self.start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.tearDown()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard self.tick == nil else { return }
        self.remoteAddress = context.channel.remoteAddress
        self.sessionInfoAddress = self.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" }
        self.logger[metadataKey: "smpp.peer"] = "\(self.sessionInfoAddress ?? "-")"
        let now = NIODeadline.now()
        self.connectedAt = now
        self.lastReceived = now
        let interval = self.tickInterval
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.tick = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.timerTicked(now: .now())
        }
        if let outbind = self.outbind {
            self.logger.info("outbinding", metadata: ["smpp.system_id": "\(outbind.systemID)"])
            self.send(PDU(sequenceNumber: self.sequenceNumbers.next(), body: .outbind(outbind)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.logger.debug("connection closed", metadata: ["smpp.state": "\(self.stateMachine.stateName)"])
        self.tearDown()
        context.fireChannelInactive()
    }

    private func tearDown() {
        guard self.stateMachine.state != .closed else { return }
        self.stateMachine.closed()
        self.tick?.cancel()
        self.tick = nil
        self.lease?.release()
        self.lease = nil
        let error = SMPPError(code: .sessionClosed)
        for waiter in self.window.removeAll() { Self.fail(waiter, with: error) }
        while let (_, waiter) = self.queued.popFirst() { Self.fail(waiter, with: error) }
        self.boundPromise.fail(error)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let framing = error as? SMPPFramingError {
            // Framing is lost: nothing after this can be trusted. Kannel answers with sequence 0 as well.
            self.logger.warning("invalid command_length; closing", metadata: ["smpp.error": "\(framing)"])
            self.send(PDU(sequenceNumber: 0, commandStatus: framing.commandStatus, body: .genericNack))
            self.closeAfterFlush(context: context)
            return
        }
        self.logger.info("connection error; closing", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Writing

    /// Encodes a PDU into the pending buffer, which a read burst flushes when it ends. Outside a burst the flush
    /// is queued on the event loop, behind the tasks already there: the answers of one store commit, each
    /// completed by its own task, then leave in one write instead of one write each.
    func send(_ pdu: PDU) {
        guard let context = self.context else { return }
        if self.pendingOutbound == nil { self.pendingOutbound = context.channel.allocator.buffer(capacity: 256) }
        pdu.write(to: &self.pendingOutbound!)
        self.logger.trace("sent", metadata: ["smpp.pdu": "\(pdu.commandID) seq \(pdu.sequenceNumber)"])
        if !self.inReadBurst && !self.flushScheduled {
            self.flushScheduled = true
            context.eventLoop.assumeIsolated().execute {
                self.flushScheduled = false
                guard let context = self.context else { return }
                self.flushPending(context: context)
            }
        }
    }

    func flushPending(context: ChannelHandlerContext) {
        guard let buffer = self.pendingOutbound else { return }
        self.pendingOutbound = nil
        context.writeAndFlush(self.wrapOutboundOut(buffer), promise: nil)
    }

    func closeAfterFlush(context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        if let buffer = self.pendingOutbound {
            self.pendingOutbound = nil
            context.writeAndFlush(self.wrapOutboundOut(buffer), promise: promise)
        } else {
            promise.succeed()
        }
        let channel = context.channel
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    static func fail(_ waiter: Waiter, with error: SMPPError) {
        switch waiter {
        case .caller(let promise): promise.fail(error)
        case .bind(let promise): promise.fail(error)
        case .unbind(let promise): promise?.fail(error)
        case .keepAlive: break
        }
    }

    var tickInterval: TimeAmount {
        let shortest = [
            self.configuration.bindTimeout, self.configuration.enquireLinkInterval,
            self.configuration.responseTimeout, self.configuration.unbindTimeout,
        ].min()!
        return .nanoseconds(min(max(shortest.nanoseconds / 4, 10_000_000), 1_000_000_000))
    }
}

@available(*, unavailable)
extension SMPPSessionHandler: Sendable {}

/// What ``SMPPSession`` asks its handler to do.
enum SMPPSessionCommand {
    /// Send a request and complete with its response (whatever its status).
    case request(PDU.Body, EventLoopPromise<PDU>)
    /// ESME: bind, completing when bound.
    case bind(SMPPBindType, Bind, EventLoopPromise<SMPPSessionInfo>)
    /// Unbind and close, completing when closed.
    case unbind(EventLoopPromise<Void>?)
}

/// Message ids for submit_sm_resp and data_sm_resp when the request handler gives none: unique per session.
struct MessageIDGenerator {
    private var next: UInt64 = 1
    private let prefix = String(UInt64.random(in: 0..<(1 << 40)), radix: 16)

    mutating func make() -> String {
        defer { self.next += 1 }
        return "\(self.prefix)-\(String(self.next, radix: 16))"
    }
}
