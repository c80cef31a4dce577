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
            var waiters = Deque<CheckedContinuation<Connection?, any Error>>()
            var closed = false
        }

        private let target: Target
        private let transport: NIOHTTPTransport
        private let state = Mutex(State())
        private let pipeline = Mutex(PipelineState())

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
            case wait
            case closed
        }

        /// An idle connection, a new one, or (at the limit) the next one handed back.
        func checkout(timeout: TimeAmount) async throws -> Connection {
            while true {
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
                    return .wait
                }
                switch decision {
                case .reuse(var connection):
                    connection.reused = true
                    return connection
                case .connect:
                    return try await self.connect()
                case .closed:
                    throw WebhookTransportError(code: .connection, detail: "the transport is shut down")
                case .wait:
                    // A connection handed back comes as is; nil means a slot opened: connect.
                    let handed = try await withCheckedThrowingContinuation { continuation in
                        self.state.withLock { $0.waiters.append(continuation) }
                    }
                    guard var connection = handed else { return try await self.connect() }
                    connection.reused = true
                    return connection
                }
            }
        }

        private func connect() async throws -> Connection {
            do {
                let connection = try await self.transport.connect(to: self.target)
                return connection
            } catch {
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
            let waiter = self.state.withLock { state -> CheckedContinuation<Connection?, any Error>? in
                if state.closed { return nil }
                if let waiter = state.waiters.popFirst() { return waiter }
                state.idle.append(connection)
                return nil
            }
            if let waiter {
                waiter.resume(returning: connection)
            } else if self.state.withLock({ $0.closed }) {
                connection.channel.close(promise: nil)
            }
        }

        /// Sends a request alone, on a connection of its own, and completes with its response.
        func exchange(_ head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) async throws -> Exchange {
            let promise = self.transport.eventLoop.makePromise(of: Exchange.self)
            await self.send([PendingRequest(head: head, body: body, timeout: timeout, promise: promise)])
            return try await promise.futureResult.get()
        }

        /// Sends a first attempt pipelined with the others that arrive in the same tick of the transport's loop:
        /// up to `pipeliningDepth` requests share a connection and one flush, and come back in order.
        func pipelined(_ head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) -> EventLoopFuture<Exchange> {
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
                Task(executorPreference: self.transport.preferredExecutor) { await self.send(batch) }
            }
        }

        /// Checks out a connection, sends `batch` on it (pipelined when it holds more than one), completes each
        /// request's promise in order, and hands the connection back, or discards it after a failure.
        private func send(_ batch: [PendingRequest]) async {
            let connection: Connection
            do {
                connection = try await self.checkout(timeout: batch[0].timeout)
            } catch {
                let failure =
                    error as? WebhookTransportError ?? WebhookTransportError(code: .connection, detail: "\(error)")
                for request in batch { request.promise.fail(ExchangeError(error: failure, beforeResponse: true)) }
                return
            }
            let futures = connection.exchange(
                batch: batch.map { ($0.head, $0.body) },
                timeout: batch.map(\.timeout).max() ?? batch[0].timeout
            )
            var keepAlive = true
            var failed = false
            for (index, (request, future)) in zip(batch, futures).enumerated() {
                do {
                    let exchange = try await future.get()
                    keepAlive = keepAlive && exchange.head.isKeepAlive
                    request.promise.succeed(exchange)
                } catch var error as ExchangeError {
                    failed = true
                    // Behind the first, the connection had carried exchanges: a server that closed it after
                    // answering one never read the requests queued behind.
                    error.reusedConnection = connection.reused || index > 0
                    request.promise.fail(error)
                } catch {
                    failed = true
                    let failure = WebhookTransportError(code: .connection, detail: "\(error)")
                    request.promise.fail(ExchangeError(error: failure, beforeResponse: true))
                }
            }
            if failed { self.discard(connection) } else { self.checkin(connection, keepAlive: keepAlive) }
        }

        /// A broken or finished connection: close it and free its slot.
        func discard(_ connection: Connection) {
            connection.channel.close(promise: nil)
            self.slotFreed()
        }

        private func slotFreed() {
            let waiter = self.state.withLock { state -> CheckedContinuation<Connection?, any Error>? in
                if let waiter = state.waiters.popFirst() { return waiter }  // the slot passes to the waiter
                state.open -= 1
                return nil
            }
            waiter?.resume(returning: nil)
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
                waiter.resume(throwing: WebhookTransportError(code: .connection, detail: "the transport is shut down"))
            }
            for connection in idle { try? await connection.channel.close() }
        }
    }
}
