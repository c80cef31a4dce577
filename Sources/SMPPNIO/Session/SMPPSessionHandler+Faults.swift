// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import SMPPCore
import SMPPFaults

/// Where the failure profile meets the session: each hook asks the session's ``FaultSession`` and carries out
/// its decision. Without a profile every hook is a no-op.
extension SMPPSessionHandler {
    /// SMSC, once the accounts accepted a bind: starts the session's decisions and returns the profile's refusal.
    /// A refused bind goes the usual way (bind_resp with the status, then close), which releases the lease.
    func faultBindRefusal(_ bind: Bind) -> CommandStatus? {
        let profile = self.accounts?.failureProfile(systemID: bind.systemID)
        guard var session = self.configuration.faults.session(systemID: bind.systemID, profile: profile) else {
            return nil
        }
        self.logger.debug(
            "failure profile",
            metadata: ["smpp.profile": "\(session.profile.name)", "smpp.fault_ordinal": "\(session.ordinal)"]
        )
        let refusal = session.bindAttempted()
        self.faults = session
        if let refusal { self.injected(.bindRefusal, status: refusal, command: nil, sequenceNumber: nil) }
        return refusal
    }

    /// The profile's delay before the bind response (zero without a profile or a bind delay).
    func faultBindResponseDelay() -> TimeAmount {
        guard self.faults != nil else { return .zero }
        let delay = self.faults!.bindResponseDelay()
        if delay > .zero { FaultMetrics.record(.latency) }
        return delay
    }

    /// Runs `body` now, or after `delay` on the event loop if the connection is still open then.
    func afterFaultDelay(
        _ delay: TimeAmount,
        context: ChannelHandlerContext,
        _ body: @escaping (SMPPSessionHandler, ChannelHandlerContext) -> Void
    ) {
        guard delay > .zero else {
            body(self, context)
            return
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            guard let context = self.context, context.channel.isActive else { return }
            body(self, context)
        }
    }

    /// What to do with a request the state machine handed on; counts what it injects.
    func faultDecision(for pdu: PDU) -> FaultSession.Decision {
        guard self.faults != nil else { return .pass }
        let decision = self.faults!.requestReceived(pdu.commandID)
        let (command, sequenceNumber) = (pdu.commandID, pdu.sequenceNumber)
        switch decision.outcome {
        case .pass: break
        case .error(let status):
            self.injected(.error, status: status, command: command, sequenceNumber: sequenceNumber)
        case .throttled:
            self.injected(.throttled, status: .throttled, command: command, sequenceNumber: sequenceNumber)
        case .noResponse:
            self.injected(.noResponse, command: command, sequenceNumber: sequenceNumber)
        }
        if decision.throughputDelay > .zero {
            self.injected(.throughputDelay, command: command, sequenceNumber: sequenceNumber)
        } else if decision.delay > .zero {
            FaultMetrics.record(.latency)
        }
        if let edgeCase = decision.edgeCase {
            self.injected(FaultMetrics.Kind(edgeCase), command: command, sequenceNumber: sequenceNumber)
        }
        return decision
    }

    /// Counts a request toward a scheduled disconnect. False: the request is dropped (the connection is going).
    func faultCountedRequest(_ pdu: PDU, context: ChannelHandlerContext) -> Bool {
        guard self.faults != nil else { return true }
        if self.faults!.connectionDropped { return false }
        guard self.stateMachine.isBound, pdu.commandID != .unbind,
            SMPPSessionStateMachine.knownRequests.contains(pdu.commandID)
        else { return true }
        switch self.faults!.countRequest() {
        case nil:
            return true
        case .close:
            self.injected(.disconnect, command: pdu.commandID, sequenceNumber: pdu.sequenceNumber)
            self.dropConnection(context: context)
            return false
        case .unbind:
            self.injected(.disconnect, command: pdu.commandID, sequenceNumber: pdu.sequenceNumber)
            // After this request is on its way: the unbind then waits for its answer like any in flight.
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.execute {
                guard let context = loopBound.value.context else { return }
                loopBound.value.unbind(promise: nil, context: context)
            }
            return true
        }
    }

    /// True when the profile took over the peer's enquire_link: ignored, or answered later.
    func faultAnsweredEnquireLink(_ sequenceNumber: UInt32) -> Bool {
        guard self.faults != nil, self.stateMachine.isBound, let context = self.context else { return false }
        switch self.faults!.enquireLinkReceived() {
        case .ignore:
            self.injected(.enquireLinkSilence, command: .enquireLink, sequenceNumber: sequenceNumber)
            return true
        case .answer(let delay):
            guard delay > .zero else { return false }
            FaultMetrics.record(.latency)
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                loopBound.value.respond(to: .enquireLink, sequenceNumber: sequenceNumber, status: .ok, body: nil)
            }
            return true
        }
    }

    /// The timer's hook for a disconnect after T. True when the connection was dropped.
    func faultDisconnectDue(now: NIODeadline, context: ChannelHandlerContext) -> Bool {
        guard self.faults != nil, self.stateMachine.isBound, let action = self.faults!.disconnectDue(now: now)
        else { return false }
        self.injected(.disconnect, command: nil, sequenceNumber: nil)
        switch action {
        case .close:
            self.dropConnection(context: context)
            return true
        case .unbind:
            self.unbind(promise: nil, context: context)
            return false
        }
    }

    /// Closes without unbind, as a carrier's crash or a cut link would; what is already encoded still goes.
    private func dropConnection(context: ChannelHandlerContext) {
        self.faults?.connectionDropped = true
        self.flushPending(context: context)
        context.close(promise: nil)
    }

    /// Encodes a response and breaks it on the wire as the edge case says.
    func sendBroken(_ pdu: PDU, _ edgeCase: FaultEdgeCase) {
        guard let context = self.context else { return }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        pdu.write(to: &buffer)
        edgeCase.apply(to: &buffer)
        if self.pendingOutbound == nil { self.pendingOutbound = context.channel.allocator.buffer(capacity: 256) }
        self.pendingOutbound!.writeImmutableBuffer(buffer)
        if !self.inReadBurst { self.flushPending(context: context) }
    }

    /// `future`, completed `delay` later on its event loop.
    static func delayed<Value: Sendable>(
        _ future: EventLoopFuture<Value>,
        by delay: TimeAmount
    ) -> EventLoopFuture<Value> {
        guard delay > .zero else { return future }
        let eventLoop = future.eventLoop
        let promise = eventLoop.makePromise(of: Value.self)
        future.whenComplete { result in
            eventLoop.scheduleTask(in: delay) { promise.completeWith(result) }
        }
        return promise.futureResult
    }

    private func injected(
        _ kind: FaultMetrics.Kind,
        status: CommandStatus? = nil,
        command: CommandID?,
        sequenceNumber: UInt32?
    ) {
        FaultMetrics.record(kind, status: status)
        var metadata: Logger.Metadata = ["smpp.fault": "\(kind.rawValue)"]
        if let status { metadata["smpp.status"] = "\(status)" }
        if let command { metadata["smpp.pdu"] = "\(command) seq \(sequenceNumber ?? 0)" }
        self.logger.debug("fault injected", metadata: metadata)
    }
}
