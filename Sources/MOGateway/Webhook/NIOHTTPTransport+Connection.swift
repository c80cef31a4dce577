// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOHTTP1

extension NIOHTTPTransport {
    /// One keep-alive HTTP/1.1 connection: one exchange at a time, or a pipelined batch of first attempts.
    struct Connection: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<ResponseHandler>
        /// Whether it carried an exchange before: a reused connection may have been closed by the server meanwhile.
        var reused = false

        /// Writes `requests` back to back with one flush (HTTP/1.1 pipelining when there are several), and completes
        /// each with its response, in order; `all` completes when every one has. After `timeout` every exchange still
        /// open fails and the connection closes. Call it on the connection's loop, where the pool's futures complete.
        func exchange(
            batch requests: [(HTTPRequestHead, ByteBuffer?)],
            timeout: TimeAmount
        ) -> (each: [EventLoopFuture<Exchange>], all: EventLoopFuture<[Result<Exchange, any Error>]>) {
            let loop = self.channel.eventLoop
            loop.preconditionInEventLoop()
            let promises = requests.map { _ in loop.makePromise(of: Exchange.self) }
            let channel = self.channel
            let handler = self.handler
            for promise in promises { handler.value.begin(promise) }
            // One flush for the batch; a write that fails fails the last one too.
            for (index, (head, body)) in requests.enumerated() {
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
                if index < requests.count - 1 {
                    channel.write(HTTPClientRequestPart.end(nil), promise: nil)
                } else {
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { error in
                        handler.value.fail(WebhookTransportError(code: .connection, detail: "\(error)"))
                    }
                }
            }
            let deadline = loop.scheduleTask(in: timeout) {
                handler.value.fail(WebhookTransportError(code: .timeout, detail: "no complete response in time"))
                channel.close(promise: nil)
            }
            let each = promises.map(\.futureResult)
            let all = EventLoopFuture.whenAllComplete(each, on: loop)
            all.whenComplete { _ in deadline.cancel() }
            return (each, all)
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
        /// The connection had carried exchanges before this one.
        var reusedConnection = false

        /// Worth one more try on another connection: a reused connection broke before the server answered.
        var retryable: Bool { self.reusedConnection && self.beforeResponse && self.error.code == .connection }
    }

    /// Collects the responses, one at a time, and completes the exchanges' promises in the order they were sent.
    ///
    /// When exchanges wait behind an answer and no answer has come for `holdLimit`, those queued are released
    /// (``releaseQueued()``): a stalled answer holds the others back for at most that long, while answers that
    /// keep coming, however many are queued, release nothing.
    final class ResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPClientResponsePart

        /// The open exchanges in the order sent; nil for one released (its answer, if it comes, is dropped).
        private var promises = CircularBuffer<EventLoopPromise<Exchange>?>(initialCapacity: 1)
        private var head: HTTPResponseHead?
        private var body: [UInt8] = []
        private let maximumBodySize: Int
        /// Whether part of the first open exchange's response arrived.
        private(set) var started = false
        private let holdLimit: TimeAmount
        /// When an answer last completed, or the connection last went from idle to busy.
        private var lastProgress = NIODeadline.now()
        private var watching = false
        private var eventLoop: (any EventLoop)?

        init(maximumBodySize: Int, holdLimit: TimeAmount) {
            self.maximumBodySize = maximumBodySize
            self.holdLimit = holdLimit
        }

        func handlerAdded(context: ChannelHandlerContext) {
            self.eventLoop = context.eventLoop
        }

        func begin(_ promise: EventLoopPromise<Exchange>) {
            if self.promises.isEmpty { self.lastProgress = .now() }
            self.promises.append(promise)
            if self.hasQueued { self.watch() }
        }

        /// Whether an exchange not released waits behind the first open one.
        private var hasQueued: Bool {
            self.promises.dropFirst().contains { $0 != nil }
        }

        private func watch() {
            guard !self.watching, let loop = self.eventLoop else { return }
            self.watching = true
            let handler = NIOLoopBound(self, eventLoop: loop)
            loop.scheduleTask(deadline: self.lastProgress + self.holdLimit) { handler.value.checkProgress() }
        }

        private func checkProgress() {
            self.watching = false
            guard self.hasQueued else { return }
            if NIODeadline.now() - self.lastProgress >= self.holdLimit {
                self.releaseQueued()
            } else {
                self.watch()
            }
        }

        /// Fails every open exchange. Only the first can have started its response; the ones behind it had none.
        func fail(_ error: WebhookTransportError) {
            var beforeResponse = !self.started
            while let promise = self.promises.popFirst() {
                promise?.fail(ExchangeError(error: error, beforeResponse: beforeResponse))
                beforeResponse = true
            }
            self.reset()
        }

        /// Fails the exchanges queued behind the first open one as never answered, which makes them worth one
        /// more try alone (``ExchangeError/retryable``), and drops their answers if they come. The server may
        /// still answer them after the slow one: a receiver can then see those twice, with the same id.
        func releaseQueued() {
            let error = WebhookTransportError(code: .connection, detail: "queued behind an answer that is late")
            for index in self.promises.indices.dropFirst() {
                self.promises[index]?.fail(ExchangeError(error: error, beforeResponse: true))
                self.promises[index] = nil
            }
        }

        private func reset() {
            self.head = nil
            self.body = []
            self.started = false
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
                let head = self.head
                let body = self.body
                self.reset()
                self.lastProgress = .now()
                guard let head, let promise = self.promises.popFirst() else { return }
                promise?.succeed(Exchange(head: head, body: body))
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
