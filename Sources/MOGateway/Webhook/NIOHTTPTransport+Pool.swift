// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
import NIOCore
import NIOHTTP1
import Synchronization

extension NIOHTTPTransport {
    /// The keep-alive connections to one target: idle ones are reused (last in, first out, the warmest), at most
    /// `maximumConnectionsPerHost` are open, and a request beyond that waits for one to come back.
    final class Pool: Sendable {
        private struct State {
            var idle: [Connection] = []
            var open = 0
            /// Checkouts waiting at the limit: each gets a connection handed back, or nil for a freed slot.
            var waiters = Deque<EventLoopPromise<Connection?>>()
            var closed = false
        }

        private let target: Target
        private let transport: NIOHTTPTransport
        private let state = Mutex(State())
        private let pipeline = Mutex(PipelineState())
        /// How long the target takes to answer the first request of an exchange, smoothed (nanoseconds): first
        /// attempts are pipelined only while it is under ``Configuration/pipeliningLatencyLimit``.
        private let answerTime = Atomic<Int64>(0)

        /// First attempts waiting for this tick's batch.
        private struct PipelineState {
            var requests: [PendingRequest] = []
            var drainScheduled = false
        }

        private struct PendingRequest: Sendable {
            var head: HTTPRequestHead
            var body: ByteBuffer?
            var timeout: TimeAmount
            var promise: EventLoopPromise<Exchange>
        }

        init(target: Target, transport: NIOHTTPTransport) {
            self.target = target
            self.transport = transport
        }

        private enum Decision {
            case reuse(Connection)
            case connect
            case wait(EventLoopPromise<Connection?>)
            case closed
        }

        /// An idle connection, a new one, or (at the limit) the next one handed back. Futures, not async: a
        /// delivery costs no task and no continuation (see ``NIOHTTPTransport/post(_:completion:)``).
        func checkout() -> EventLoopFuture<Connection> {
            let loop = self.transport.eventLoop
            let decision = self.state.withLock { state -> Decision in
                if state.closed { return .closed }
                while let connection = state.idle.popLast() {
                    if connection.channel.isActive { return .reuse(connection) }
                    state.open -= 1
                }
                if state.open < self.transport.configuration.maximumConnectionsPerHost {
                    state.open += 1
                    return .connect
                }
                let waiter = loop.makePromise(of: Connection?.self)
                state.waiters.append(waiter)
                return .wait(waiter)
            }
            switch decision {
            case .reuse(var connection):
                connection.reused = true
                return loop.makeSucceededFuture(connection)
            case .connect:
                return self.connect()
            case .closed:
                return loop.makeFailedFuture(
                    WebhookTransportError(code: .connection, detail: "the transport is shut down")
                )
            case .wait(let waiter):
                // A connection handed back comes as is; nil means a slot opened: connect.
                return waiter.futureResult.flatMap { handed in
                    guard var connection = handed else { return self.connect() }
                    connection.reused = true
                    return loop.makeSucceededFuture(connection)
                }
            }
        }

        private func connect() -> EventLoopFuture<Connection> {
            self.transport.connect(to: self.target).flatMapErrorThrowing { error in
                self.slotFreed()
                throw error
            }
        }

        /// Back after a complete exchange: to a waiter, to the idle list, or closed if the server said so.
        func checkin(_ connection: Connection, keepAlive: Bool) {
            guard keepAlive, connection.channel.isActive else {
                self.discard(connection)
                return
            }
            let (waiter, closed) = self.state.withLock { state -> (EventLoopPromise<Connection?>?, Bool) in
                if state.closed { return (nil, true) }
                if let waiter = state.waiters.popFirst() { return (waiter, false) }
                state.idle.append(connection)
                return (nil, false)
            }
            if let waiter {
                waiter.succeed(connection)
            } else if closed {
                connection.channel.close(promise: nil)
            }
        }

        /// Sends a request alone, on a connection of its own, and completes with its response.
        func exchange(_ head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) -> EventLoopFuture<Exchange> {
            let promise = self.transport.eventLoop.makePromise(of: Exchange.self)
            self.send([PendingRequest(head: head, body: body, timeout: timeout, promise: promise)])
            return promise.futureResult
        }

        /// Sends a first attempt pipelined with the others that arrive in the same tick of the transport's loop:
        /// up to `pipeliningDepth` requests share a connection and one flush, and come back in order.
        ///
        /// A target slower than ``Configuration/pipeliningLatencyLimit`` gets its requests one at a time: queued
        /// behind one another, slow answers would cut how many it works on at once.
        func pipelined(_ head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) -> EventLoopFuture<Exchange> {
            let limit = TimeAmount(self.transport.configuration.pipeliningLatencyLimit).nanoseconds
            guard self.answerTime.load(ordering: .relaxed) <= limit else {
                self.transport.unpipelined.add(1, ordering: .relaxed)
                return self.exchange(head, body: body, timeout: timeout)
            }
            let loop = self.transport.eventLoop
            let promise = loop.makePromise(of: Exchange.self)
            let request = PendingRequest(head: head, body: body, timeout: timeout, promise: promise)
            let schedule = self.pipeline.withLock { state in
                state.requests.append(request)
                defer { state.drainScheduled = true }
                return !state.drainScheduled
            }
            // After the tasks already queued on the loop, which may add to the batch.
            if schedule { loop.execute { self.drainPipeline() } }
            return promise.futureResult
        }

        private func drainPipeline() {
            let requests = self.pipeline.withLock { state in
                state.drainScheduled = false
                defer { state.requests = [] }
                return state.requests
            }
            let depth = self.transport.configuration.pipeliningDepth
            for start in stride(from: 0, to: requests.count, by: depth) {
                let batch = Array(requests[start..<min(start + depth, requests.count)])
                _ = self.transport.largestBatch.max(batch.count, ordering: .relaxed)
                self.send(batch)
            }
        }

        /// Checks out a connection, sends `batch` on it (pipelined when it holds more than one), completes each
        /// request's promise as its response arrives, in order, and then hands the connection back, or discards
        /// it after a failure.
        private func send(_ batch: [PendingRequest]) {
            self.checkout().whenComplete { checkout in
                let connection: Connection
                switch checkout {
                case .success(let checkedOut):
                    connection = checkedOut
                case .failure(let error):
                    let failure =
                        error as? WebhookTransportError
                        ?? WebhookTransportError(code: .connection, detail: "\(error)")
                    for request in batch { request.promise.fail(ExchangeError(error: failure, beforeResponse: true)) }
                    return
                }
                let sentAt = NIODeadline.now()
                let (futures, all) = connection.exchange(
                    batch: batch.map { ($0.head, $0.body) },
                    timeout: batch.map(\.timeout).max() ?? batch[0].timeout
                )
                futures[0].whenSuccess { _ in
                    // An average over about the last four answers: one slow answer does not stop pipelining.
                    let sample = (NIODeadline.now() - sentAt).nanoseconds
                    let smoothed = self.answerTime.load(ordering: .relaxed)
                    self.answerTime.store(smoothed + (sample - smoothed) / 4, ordering: .relaxed)
                }
                for (index, (request, future)) in zip(batch, futures).enumerated() {
                    future.whenComplete { result in
                        switch result {
                        case .success(let exchange):
                            request.promise.succeed(exchange)
                        case .failure(var error as ExchangeError):
                            // Behind the first, the connection had carried exchanges: a server that closed it after
                            // answering one never read the requests queued behind.
                            error.reusedConnection = connection.reused || index > 0
                            request.promise.fail(error)
                        case .failure(let error):
                            let failure = WebhookTransportError(code: .connection, detail: "\(error)")
                            request.promise.fail(ExchangeError(error: failure, beforeResponse: true))
                        }
                    }
                }
                all.whenSuccess { results in
                    var keepAlive = true
                    for result in results {
                        guard case .success(let exchange) = result else {
                            self.discard(connection)
                            return
                        }
                        keepAlive = keepAlive && exchange.head.isKeepAlive
                    }
                    self.checkin(connection, keepAlive: keepAlive)
                }
            }
        }

        /// A broken or finished connection: close it and free its slot.
        func discard(_ connection: Connection) {
            connection.channel.close(promise: nil)
            self.slotFreed()
        }

        private func slotFreed() {
            let waiter = self.state.withLock { state -> EventLoopPromise<Connection?>? in
                if let waiter = state.waiters.popFirst() { return waiter }  // the slot passes to the waiter
                state.open -= 1
                return nil
            }
            waiter?.succeed(nil)
        }

        func close() async {
            let (idle, waiters) = self.state.withLock { state in
                state.closed = true
                defer {
                    state.idle = []
                    state.waiters = []
                }
                return (state.idle, Array(state.waiters))
            }
            for waiter in waiters {
                waiter.fail(WebhookTransportError(code: .connection, detail: "the transport is shut down"))
            }
            for connection in idle { try? await connection.channel.close() }
        }
    }
}
