// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOHTTP1

/// What the sink answers one request with.
struct SinkAnswer {
    var status: HTTPResponseStatus
    var contentType = "text/plain"
    var body: [UInt8]
    /// A slow answer waits this long before it is written.
    var delay: TimeAmount?

    init(_ status: HTTPResponseStatus, _ text: String, delay: TimeAmount? = nil) {
        self.status = status
        self.body = Array(text.utf8)
        self.delay = delay
    }
}

/// One request as the sink reads it: method, path, query, the headers it looks at, and the whole body.
struct SinkRequest {
    var method: HTTPMethod
    var path: Substring
    var query: Substring?
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// The sink's HTTP/1.1 server handler, on NIO's codec and pipelining assistance: no task and no thread hop per
/// request, so that the sink costs far less CPU per webhook than the gateway it measures.
final class SinkHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Bodies above this are refused with 413 before they are buffered.
    static let maximumBody = 1 << 20

    private let respond: (SinkRequest) -> SinkAnswer
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    /// Answers written in this read burst, to flush together at its end: pipelined requests arrive together.
    private var needsFlush = false

    init(respond: @escaping (SinkRequest) -> SinkAnswer) {
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body.removeAll(keepingCapacity: true)
            self.tooLarge = false
        case .body(let buffer):
            guard !self.tooLarge else { return }
            if self.body.count + buffer.readableBytes > Self.maximumBody {
                self.tooLarge = true
                self.body = []
            } else {
                self.body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let head = self.head else { return }
            self.head = nil
            if self.tooLarge {
                self.write(
                    SinkAnswer(.payloadTooLarge, "body too large\n"),
                    keepAlive: false,
                    inReadBurst: true,
                    context: context
                )
                return
            }
            let uri = head.uri.utf8.split(separator: UInt8(ascii: "?"), maxSplits: 1, omittingEmptySubsequences: false)
            let request = SinkRequest(
                method: head.method,
                path: Substring(uri[0]),
                query: uri.count > 1 ? Substring(uri[1]) : nil,
                headers: head.headers,
                body: self.body
            )
            let answer = self.respond(request)
            let keepAlive = head.isKeepAlive
            if let delay = answer.delay {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                    self.write(answer, keepAlive: keepAlive, inReadBurst: false, context: context)
                }
            } else {
                self.write(answer, keepAlive: keepAlive, inReadBurst: true, context: context)
            }
        }
    }

    /// The end of a read burst, from the socket or from the pipelining handler's buffered requests: flush what
    /// the burst answered, in one write.
    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    private func write(_ answer: SinkAnswer, keepAlive: Bool, inReadBurst: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var head = HTTPResponseHead(version: .http1_1, status: answer.status)
        head.headers.add(name: "Server", value: "mogate-sink")
        head.headers.add(name: "Content-Type", value: answer.contentType)
        head.headers.add(name: "Content-Length", value: String(answer.body.count))
        if !keepAlive { head.headers.add(name: "Connection", value: "close") }
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: answer.body.count)
        buffer.writeBytes(answer.body)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        if keepAlive && inReadBurst {
            context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            self.needsFlush = true
        } else if keepAlive {
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }
}
