// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOHTTP1

extension NIOHTTPTransport {
    /// One keep-alive HTTP/1.1 connection: one exchange at a time, no pipelining.
    struct Connection: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<ResponseHandler>
        /// Whether it carried an exchange before: a reused connection may have been closed by the server meanwhile.
        var reused = false

        /// Writes the request and completes with the whole response, or fails after `timeout`.
        func exchange(_ head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) -> EventLoopFuture<Exchange> {
            let loop = self.channel.eventLoop
            let promise = loop.makePromise(of: Exchange.self)
            let channel = self.channel
            let handler = self.handler
            // The dispatcher runs on this loop (``NIOHTTPTransport/preferredExecutor``): start at once rather than
            // queue a task for the next tick.
            loop.execute(now: loop.inEventLoop) {
                handler.value.begin(promise)
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
                channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { error in
                    handler.value.fail(WebhookTransportError(code: .connection, detail: "\(error)"))
                }
                let deadline = loop.scheduleTask(in: timeout) {
                    handler.value.fail(WebhookTransportError(code: .timeout, detail: "no complete response in time"))
                    channel.close(promise: nil)
                }
                promise.futureResult.whenComplete { _ in deadline.cancel() }
            }
            return promise.futureResult
        }
    }

    struct Exchange: Sendable {
        var head: HTTPResponseHead
        var body: [UInt8]
    }

    /// Why an exchange failed, and whether the server had started to answer.
    struct ExchangeError: Error {
        var error: WebhookTransportError
        /// No byte of the response arrived: on a reused connection the server most likely closed it before it
        /// read the request.
        var beforeResponse: Bool
    }

    /// Collects one response at a time and completes the exchange's promise.
    final class ResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPClientResponsePart

        private var promise: EventLoopPromise<Exchange>?
        private var head: HTTPResponseHead?
        private var body: [UInt8] = []
        private let maximumBodySize: Int
        /// Whether part of the current response arrived.
        private(set) var started = false

        init(maximumBodySize: Int) {
            self.maximumBodySize = maximumBodySize
        }

        func begin(_ promise: EventLoopPromise<Exchange>) {
            self.promise = promise
            self.head = nil
            self.body = []
            self.started = false
        }

        func fail(_ error: WebhookTransportError) {
            guard let promise = self.promise else { return }
            self.promise = nil
            promise.fail(ExchangeError(error: error, beforeResponse: !self.started))
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.started = true
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
            case .body(let chunk):
                let room = self.maximumBodySize - self.body.count
                if room > 0 { self.body += chunk.readableBytesView.prefix(room) }
            case .end:
                guard let promise = self.promise, let head = self.head else { return }
                self.promise = nil
                promise.succeed(Exchange(head: head, body: self.body))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.fail(WebhookTransportError(code: .connection, detail: "connection closed"))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.fail(WebhookTransportError(code: .connection, detail: "\(error)"))
            context.close(promise: nil)
        }
    }
}

extension EventLoop {
    /// Runs `task` now when `now` (the caller is on this loop), else on the loop's next tick.
    fileprivate func execute(now: Bool, _ task: @escaping @Sendable () -> Void) {
        if now { task() } else { self.execute(task) }
    }
}
