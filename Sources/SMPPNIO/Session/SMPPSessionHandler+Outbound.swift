// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
import Logging
import NIOCore
import SMPPCore

extension SMPPSessionHandler {
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .request(let body, let responsePromise):
            self.request(body, waiter: .caller(responsePromise))
        case .bind(let type, let bind, let boundPromise):
            self.bind(type, bind, promise: boundPromise)
        case .unbind(let closedPromise):
            self.unbind(promise: closedPromise, context: context)
        }
        promise?.succeed()
    }

    /// The server's graceful shutdown reaches sessions as this event.
    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is SMPPSessionGracefulShutdown {
            self.unbind(promise: nil, context: context)
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    /// Sends a request now if the window has room, else queues it.
    func request(_ body: PDU.Body, waiter: Waiter) {
        guard self.stateMachine.mayRequest(body.commandID) else {
            Self.fail(
                waiter,
                with: SMPPError(code: .notBound, detail: "\(body.commandID) in \(self.stateMachine.stateName)")
            )
            return
        }
        if self.window.isFull || !self.queued.isEmpty {
            self.queued.append((body, waiter))
        } else {
            self.sendRequest(body, waiter: waiter)
        }
    }

    private func sendRequest(_ body: PDU.Body, waiter: Waiter) {
        let pdu = PDU(sequenceNumber: self.sequenceNumbers.next(), body: body)
        self.window.insert(
            sequenceNumber: pdu.sequenceNumber,
            commandID: pdu.commandID,
            deadline: .now() + self.configuration.responseTimeout,
            token: waiter
        )
        self.send(pdu)
    }

    /// Moves queued requests into the window as it frees up.
    func sendQueued() {
        while !self.window.isFull, let (body, waiter) = self.queued.popFirst() {
            guard self.stateMachine.mayRequest(body.commandID) else {
                Self.fail(
                    waiter,
                    with: SMPPError(code: .notBound, detail: "\(body.commandID) in \(self.stateMachine.stateName)")
                )
                continue
            }
            self.sendRequest(body, waiter: waiter)
        }
    }

    func queuedRequestsFail(with error: SMPPError) {
        while let (_, waiter) = self.queued.popFirst() { Self.fail(waiter, with: error) }
    }

    func bind(_ type: SMPPBindType, _ bind: Bind, promise: EventLoopPromise<SMPPSessionInfo>?) {
        let sequenceNumber = self.sequenceNumbers.next()
        guard self.stateMachine.bindRequested(type, sequenceNumber: sequenceNumber) == .send else {
            promise?.fail(SMPPError(code: .notBound, detail: "bind in \(self.stateMachine.stateName)"))
            return
        }
        self.systemID = bind.systemID
        self.addressRange = bind.addressRange
        self.logger[metadataKey: "smpp.system_id"] = "\(bind.systemID)"
        promise.map { self.boundPromise.futureResult.cascade(to: $0) }
        // The bind's own response completes boundPromise through the state machine; the window entry only times it.
        self.window.insert(
            sequenceNumber: sequenceNumber,
            commandID: type.commandID,
            deadline: .now() + self.configuration.responseTimeout,
            token: .keepAlive
        )
        self.send(PDU(sequenceNumber: sequenceNumber, body: type.request(bind)))
    }

    func unbind(promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        promise.map { context.channel.closeFuture.cascade(to: $0) }
        switch self.stateMachine.unbindRequested() {
        case .sendUnbind:
            self.logger.info("unbinding")
            self.unbindDeadline = .now() + self.configuration.unbindTimeout
            self.queuedRequestsFail(with: SMPPError(code: .sessionClosed, detail: "unbinding"))
            let pdu = PDU(sequenceNumber: self.sequenceNumbers.next(), body: .unbind)
            self.window.insert(
                sequenceNumber: pdu.sequenceNumber,
                commandID: .unbind,
                deadline: .now() + self.configuration.unbindTimeout,
                token: .unbind(nil)
            )
            self.send(pdu)
        case .close:
            self.closeAfterFlush(context: context)
        case .none:
            break
        }
    }

    /// Ends an unbind once every request in flight, either way, is answered: answers the peer's unbind, or, for
    /// ours, closes once the peer answered it. Nothing answered in time is cut off; the unbind timeout bounds it.
    func finishUnbindIfDrained(context: ChannelHandlerContext) {
        guard case .unbinding(let unbinding) = self.stateMachine.state, self.inFlight == 0,
            !self.window.entries.values.contains(where: { if case .caller = $0.token { true } else { false } })
        else { return }
        if let sequenceNumber = unbinding.peerSequenceNumber {
            self.send(PDU(sequenceNumber: sequenceNumber, body: .unbindResponse))
            self.closeAfterFlush(context: context)
        } else if self.unbindAnswered {
            self.closeAfterFlush(context: context)
        }
    }

    // MARK: Timers

    func timerTicked(now: NIODeadline) {
        guard let context = self.context else { return }
        if self.stateMachine.role == .smsc, self.stateMachine.bindTimerFired(),
            now >= self.connectedAt + self.configuration.bindTimeout
        {
            self.logger.info("no bind within the bind timeout; closing")
            context.close(promise: nil)
            return
        }
        if self.faultDisconnectDue(now: now, context: context) { return }
        if let deadline = self.unbindDeadline, now >= deadline {
            self.logger.notice(
                "unbind did not complete in time; closing",
                metadata: ["smpp.in_flight": "\(self.inFlight)"]
            )
            context.close(promise: nil)
            return
        }
        var peerSilent = false
        for (commandID, waiter) in self.window.expire(now: now) {
            switch waiter {
            case .keepAlive:
                // An unanswered enquire_link or bind: the peer is gone or stuck.
                peerSilent = true
                if commandID != .enquireLink {
                    self.boundPromise.fail(SMPPError(code: .responseTimeout, detail: "\(commandID)"))
                }
            case .unbind:
                peerSilent = true
            case .caller, .bind:
                Self.fail(waiter, with: SMPPError(code: .responseTimeout, detail: "\(commandID)"))
            }
        }
        if peerSilent {
            self.logger.notice("peer did not answer in time; closing")
            context.close(promise: nil)
            return
        }
        self.sendQueued()
        if now >= self.lastReceived + self.configuration.enquireLinkInterval,
            self.stateMachine.inactivityTimerFired() == .sendEnquireLink,
            !self.window.entries.values.contains(where: { $0.commandID == .enquireLink })
        {
            self.logger.debug("idle; sending enquire_link")
            let pdu = PDU(sequenceNumber: self.sequenceNumbers.next(), body: .enquireLink)
            self.window.insert(
                sequenceNumber: pdu.sequenceNumber,
                commandID: .enquireLink,
                deadline: now + self.configuration.responseTimeout,
                token: .keepAlive
            )
            self.send(pdu)
        }
    }
}

/// Sent to a session (`Channel.triggerUserOutboundEvent`) to make it unbind and close gracefully.
public struct SMPPSessionGracefulShutdown: Sendable {
    public init() {}
}
