// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import SMPPCore

/// A bound SMPP session: send requests through its window, unbind, or wait for it to close.
public struct SMPPSession: Sendable {
    public let channel: any Channel
    public let info: SMPPSessionInfo

    init(channel: any Channel, info: SMPPSessionInfo) {
        self.channel = channel
        self.info = info
    }

    /// Sends a request and returns its response, whatever its status. Requests beyond the window wait their turn.
    ///
    /// - Throws: ``SMPPError`` when the session state does not allow the request, no response comes within the
    ///   response timeout, or the session closes first.
    public func send(_ body: PDU.Body) async throws -> PDU {
        let promise = self.channel.eventLoop.makePromise(of: PDU.self)
        self.send(body, promise: promise)
        return try await promise.futureResult.get()
    }

    /// Unbinds (after the peer's requests in flight are answered) and returns when the connection is closed.
    public func unbind() async throws {
        let promise = self.channel.eventLoop.makePromise(of: Void.self)
        // If the connection is already gone the command never reaches the handler; closed is what unbind waits for.
        self.channel.writeAndFlush(SMPPSessionCommand.unbind(promise)).whenFailure { _ in
            self.channel.closeFuture.cascade(to: promise)
        }
        try await promise.futureResult.get()
    }

    /// Closes the connection without unbinding.
    public func close() async {
        try? await self.channel.close()
    }

    /// Completes when the connection has closed.
    public var closeFuture: EventLoopFuture<Void> { self.channel.closeFuture }
}

/// Sends a request without an async context: the event-loop form of ``SMPPSession/send(_:)``.
extension SMPPSession {
    public func send(_ body: PDU.Body, promise: EventLoopPromise<PDU>) {
        // A closed connection never hands the command to the handler, which would otherwise complete the promise.
        self.channel.writeAndFlush(SMPPSessionCommand.request(body, promise)).whenFailure {
            promise.fail(SMPPError(code: .sessionClosed, detail: "\($0)"))
        }
    }
}

// Moved to the channel's event loop by writeAndFlush, and only read there.
extension SMPPSessionCommand: @unchecked Sendable {}
