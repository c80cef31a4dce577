// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix
public import SMPPCore
import Synchronization

/// A bare SMPP connection for conformance cases: it writes whatever bytes a case makes, well-formed or not, and
/// hands back what the peer sends, PDU by PDU, with timeouts. No session logic: the case is the session.
final class ConformanceConnection: Sendable {
    /// What the peer did.
    enum Event: Sendable {
        case pdu(PDU.DecodingResult)
        /// The peer closed the connection, or the stream could not be framed.
        case closed
    }

    private let channel: any Channel
    private let inbox: Inbox
    /// The listening socket an accepted connection came from, closed with it.
    private let listener: (any Channel)?
    private let sequence = Atomic<UInt32>(1)

    private init(channel: any Channel, inbox: Inbox, listener: (any Channel)? = nil) {
        self.channel = channel
        self.inbox = inbox
        self.listener = listener
    }

    static func connect(host: String, port: Int, timeout: Duration) async throws -> ConformanceConnection {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMPPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox: inbox))
                }
            }
            .connect(host: host, port: port)
            .get()
        return ConformanceConnection(channel: channel, inbox: inbox)
    }

    var isActive: Bool { self.channel.isActive }

    /// The next sequence number of this connection.
    func nextSequence() -> UInt32 { self.sequence.add(1, ordering: .relaxed).oldValue }

    func send(_ pdu: PDU) async throws {
        var buffer = self.channel.allocator.buffer(capacity: 256)
        pdu.write(to: &buffer)
        try await self.channel.writeAndFlush(buffer)
    }

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(self.channel.allocator.buffer(bytes: bytes))
    }

    /// The peer's next PDU or close, or nil when nothing came within `timeout`.
    func receive(timeout: Duration) async -> Event? {
        await self.inbox.next(timeout: timeout)
    }

    /// The next PDU that is not a request the peer may send at any time (enquire_link, a message, answered
    /// ESME_ROK on the way), or the close, or nil on timeout.
    func receiveAnswer(timeout: Duration) async throws -> Event? {
        while true {
            let event = await self.receive(timeout: timeout)
            guard case .pdu(.pdu(let pdu)) = event, let answer = Self.routineAnswer(to: pdu) else { return event }
            if case .alertNotification = pdu.body { continue }
            try await self.send(PDU(sequenceNumber: pdu.sequenceNumber, body: answer))
        }
    }

    private static func routineAnswer(to pdu: PDU) -> PDU.Body? {
        switch pdu.body {
        case .enquireLink: .enquireLinkResponse
        case .deliverSM: .deliverSMResponse(DeliverSMResponse(messageID: ""))
        case .submitSM: .submitSMResponse(SubmitSMResponse(messageID: "conform"))
        case .dataSM: .dataSMResponse(DataSMResponse(messageID: "conform"))
        case .alertNotification: .genericNack  // not sent: alert_notification has no response
        default: nil
        }
    }

    /// Waits on `host:port` for one peer to connect, then stops listening.
    static func accept(host: String, port: Int, timeout: Duration) async throws -> ConformanceConnection {
        let inbox = Inbox()
        let accepted = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: (any Channel).self)
        // One peer only: later connections are closed, and the promise is completed once.
        let taken = Claim()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard taken.claim() else { return channel.close() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMPPFrameDecoder()))
                    // Handed over once active: closing the listener before the child is registered drops it.
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox: inbox, active: accepted))
                }
            }
            .bind(host: host, port: port)
            .get()
        // The promise is failed on timeout unless a peer has claimed it first; its success comes once active.
        let timer = Task {
            try await Task.sleep(for: timeout)
            if taken.claim() {
                accepted.fail(ConformanceError("no peer connected to \(host):\(port) within \(timeout)"))
            }
        }
        defer { timer.cancel() }
        let child: any Channel
        do {
            child = try await accepted.futureResult.get()
        } catch {
            try? await listener.close()
            throw error
        }
        return ConformanceConnection(channel: child, inbox: inbox, listener: listener)
    }

    func close() async {
        try? await self.channel.close()
        try? await self.listener?.close()
    }

    /// Closes without waiting, for `defer`.
    func closeNow() {
        self.channel.close(promise: nil)
        self.listener?.close(promise: nil)
    }
}

/// PDUs and the close, queued until a case asks for them.
private final class Inbox: Sendable {
    private struct State {
        var events: [ConformanceConnection.Event] = []
        var waiter: (id: Int, continuation: CheckedContinuation<ConformanceConnection.Event?, Never>)?
        var nextWaiter = 0
        /// Waits whose time ran out before they were registered.
        var expired: Set<Int> = []
    }

    private let state = Mutex(State())

    func push(_ event: ConformanceConnection.Event) {
        let waiter = self.state.withLock { state -> CheckedContinuation<ConformanceConnection.Event?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.events.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    func next(timeout: Duration) async -> ConformanceConnection.Event? {
        let id = self.state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
            let event = await withCheckedContinuation { continuation in
                let ready: ConformanceConnection.Event?? = self.state.withLock { state in
                    if !state.events.isEmpty { return .some(state.events.removeFirst()) }
                    if state.expired.remove(id) != nil { return .some(nil) }
                    state.waiter = (id, continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
            group.cancelAll()
            return event
        }
    }

    private func expire(_ id: Int) {
        let waiter = self.state.withLock { state -> CheckedContinuation<ConformanceConnection.Event?, Never>? in
            guard let waiter = state.waiter, waiter.id == id else {
                state.expired.insert(id)
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: nil)
    }
}

private final class InboxHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = PDU.DecodingResult

    let inbox: Inbox
    let active: EventLoopPromise<any Channel>?

    init(inbox: Inbox, active: EventLoopPromise<any Channel>? = nil) {
        self.inbox = inbox
        self.active = active
    }

    func channelActive(context: ChannelHandlerContext) {
        self.active?.succeed(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.inbox.push(.pdu(Self.unwrapInboundIn(data)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.inbox.push(.closed)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// A flag that one caller can take.
private final class Claim: Sendable {
    private let taken = Mutex(false)

    /// True for the first caller only.
    func claim() -> Bool {
        self.taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}
