// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies every octet a session reads and writes into an ``SMPPCapture``, as TCP segments of one synthesized
/// connection: a three-way handshake when the channel becomes active, one segment per read or write (split at
/// 65,000 octets) with sequence and acknowledgement numbers that follow on, and a FIN exchange when it closes.
///
/// It sits just above TLS, so a TLS session is captured in clear. It only looks at the bytes and passes them on.
final class SMPPCaptureHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let capture: SMPPCapture
    private var connection: Connection?
    private var closedLocally = false
    private var finished = false

    /// The two directions of the synthesized connection.
    fileprivate struct Connection {
        var local: CaptureEndpoint
        var remote: CaptureEndpoint
        /// The next sequence number each side sends.
        var localNext: UInt32
        var remoteNext: UInt32
    }

    init(capture: SMPPCapture) {
        self.capture = capture
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        self.data(buffer, fromLocal: false)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = self.unwrapOutboundIn(data)
        self.data(buffer, fromLocal: true)
        context.write(data, promise: promise)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if self.connection != nil, !self.finished { self.closedLocally = true }
        context.close(mode: mode, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.finish()
        context.fireChannelInactive()
    }

    /// SYN, SYN-ACK, ACK, from whoever connected: an accepted channel has a parent (the listener), so the peer
    /// connected; otherwise we did.
    private func start(context: ChannelHandlerContext) {
        guard self.connection == nil, !self.finished,
            let local = CaptureEndpoint(context.channel.localAddress),
            let remote = CaptureEndpoint(context.channel.remoteAddress),
            local.isIPv6 == remote.isIPv6
        else { return }
        var connection = Connection(
            local: local,
            remote: remote,
            localNext: .random(in: 0 ... .max),
            remoteNext: .random(in: 0 ... .max)
        )
        let weConnected = context.channel.parent == nil
        let now = Self.now()
        var segments: [CaptureSegment] = []
        segments.append(connection.segment(fromLocal: weConnected, flags: [.syn], at: now))
        connection.advance(fromLocal: weConnected, by: 1)
        segments.append(connection.segment(fromLocal: !weConnected, flags: [.syn, .ack], at: now))
        connection.advance(fromLocal: !weConnected, by: 1)
        segments.append(connection.segment(fromLocal: weConnected, flags: [.ack], at: now))
        self.connection = connection
        self.capture.record(segments)
    }

    private func data(_ buffer: ByteBuffer, fromLocal: Bool) {
        guard var connection = self.connection, !self.finished, buffer.readableBytes > 0 else { return }
        let now = Self.now()
        var rest = buffer
        var segments: [CaptureSegment] = []
        while rest.readableBytes > 0 {
            let chunk = rest.readSlice(length: min(rest.readableBytes, PCAPFormat.maximumSegmentPayload))!
            segments.append(connection.segment(fromLocal: fromLocal, flags: [.push, .ack], payload: chunk, at: now))
            connection.advance(fromLocal: fromLocal, by: chunk.readableBytes)
        }
        self.connection = connection
        self.capture.record(segments)
    }

    /// FIN-ACK from the side that closed, FIN-ACK back, and the last ACK.
    private func finish() {
        guard var connection = self.connection, !self.finished else { return }
        self.finished = true
        let closer = self.closedLocally
        let now = Self.now()
        var segments: [CaptureSegment] = []
        segments.append(connection.segment(fromLocal: closer, flags: [.fin, .ack], at: now))
        connection.advance(fromLocal: closer, by: 1)
        segments.append(connection.segment(fromLocal: !closer, flags: [.fin, .ack], at: now))
        connection.advance(fromLocal: !closer, by: 1)
        segments.append(connection.segment(fromLocal: closer, flags: [.ack], at: now))
        self.connection = connection
        self.capture.record(segments)
    }

    /// Wall-clock time as seconds and microseconds.
    private static func now() -> (seconds: UInt32, microseconds: UInt32) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return (UInt32(truncatingIfNeeded: time.tv_sec), UInt32(time.tv_nsec / 1_000))
    }
}

extension SMPPCaptureHandler.Connection {
    fileprivate func segment(
        fromLocal: Bool,
        flags: CaptureSegment.TCPFlags,
        payload: ByteBuffer = ByteBuffer(),
        at time: (seconds: UInt32, microseconds: UInt32)
    ) -> CaptureSegment {
        CaptureSegment(
            seconds: time.seconds,
            microseconds: time.microseconds,
            source: fromLocal ? self.local : self.remote,
            destination: fromLocal ? self.remote : self.local,
            sequenceNumber: fromLocal ? self.localNext : self.remoteNext,
            // The first SYN acknowledges nothing.
            acknowledgmentNumber: flags.contains(.ack) ? (fromLocal ? self.remoteNext : self.localNext) : 0,
            flags: flags,
            payload: payload
        )
    }

    fileprivate mutating func advance(fromLocal: Bool, by count: Int) {
        if fromLocal {
            self.localNext &+= UInt32(truncatingIfNeeded: count)
        } else {
            self.remoteNext &+= UInt32(truncatingIfNeeded: count)
        }
    }
}

@available(*, unavailable)
extension SMPPCaptureHandler: Sendable {}
