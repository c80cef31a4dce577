// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
import NIOCore
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
