// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import SMPPCore
import SMPPFaults

extension SMPPSessionHandler {
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.inReadBurst = true
        self.lastReceived = .now()
        switch self.unwrapInboundIn(data) {
        case .pdu(let pdu):
            self.logger.trace("received", metadata: ["smpp.pdu": "\(pdu.commandID) seq \(pdu.sequenceNumber)"])
            if pdu.commandID.rawValue & CommandID.genericNack.rawValue != 0 {
                self.responseReceived(pdu, context: context)
            } else {
                self.requestReceived(pdu, context: context)
            }
        case .malformed(let header, let error):
            self.malformedReceived(header, error: error)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.inReadBurst = false
        self.flushPending(context: context)
        context.fireChannelReadComplete()
    }

    /// Holds reads while the peer has a full window of requests with the request handler: backpressure that makes
    /// a fast peer wait instead of being refused.
    /// Reads only while the window has room and the peer takes our writes: a peer that floods requests without
    /// reading the responses fills its own socket, not our memory.
    func read(context: ChannelHandlerContext) {
        if self.inFlight >= self.configuration.inboundWindowSize || !context.channel.isWritable {
            self.readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, self.readPending, self.inFlight < self.configuration.inboundWindowSize {
            self.readPending = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Requests

    private func requestReceived(_ pdu: PDU, context: ChannelHandlerContext) {
        guard self.faultCountedRequest(pdu, context: context) else { return }
        let sequenceNumber = pdu.sequenceNumber
        switch self.stateMachine.requestReceived(pdu.commandID, sequenceNumber: sequenceNumber) {
        case .authenticate(let type):
            self.authenticate(pdu, as: type, context: context)
        case .handle:
            self.handle(pdu, context: context)
        case .respond(let status):
            if status == .ok, pdu.commandID == .enquireLink, self.faultAnsweredEnquireLink(sequenceNumber) { return }
            if status != .ok {
                self.logger.info(
                    "request refused",
                    metadata: ["smpp.pdu": "\(pdu.commandID)", "smpp.state": "\(self.stateMachine.stateName)"]
                )
            }
            self.respond(to: pdu.commandID, sequenceNumber: sequenceNumber, status: status, body: nil)
        case .genericNack(let status):
            self.logger.info(
                "generic_nack",
                metadata: ["smpp.command_id": "\(pdu.commandID)", "smpp.status": "\(status)"]
            )
            self.send(PDU(sequenceNumber: sequenceNumber, commandStatus: status, body: .genericNack))
        case .acknowledgeUnbindWhenDrained:
            self.logger.info("peer unbinds")
            self.unbindDeadline = .now() + self.configuration.unbindTimeout
            self.queuedRequestsFail(with: SMPPError(code: .sessionClosed, detail: "peer unbound"))
            self.finishUnbindIfDrained(context: context)
        case .bindAfterOutbind:
            guard let bind = self.bindOnOutbind else {
                self.logger.warning("outbind received, but no credentials to bind with; closing")
                self.closeAfterFlush(context: context)
                return
            }
            self.logger.info("outbind received; binding as receiver")
            self.bind(.receiver, bind, promise: nil)
        case .notify:
            if let info = self.sessionInfo {
                self.requestHandler.handleNotification(SMPPInboundRequest(pdu: pdu, session: info))
            }
        }
    }

    private func authenticate(_ pdu: PDU, as type: SMPPBindType, context: ChannelHandlerContext) {
        let bind: Bind
        switch pdu.body {
        case .bindTransmitter(let body), .bindReceiver(let body), .bindTransceiver(let body): bind = body
        default: preconditionFailure("authenticate is only returned for bind requests")
        }
        let registry = self.accounts ?? SMPPAccountRegistry(accounts: [])
        let status: CommandStatus
        switch registry.authenticate(bind, as: type, from: self.remoteAddress) {
        case .accepted(let lease):
            self.lease = lease
            status = self.faultBindRefusal(bind) ?? .ok
        case .refused(let refusal):
            status = refusal
        }
        let delay = self.faultBindResponseDelay()
        switch self.stateMachine.bindAuthenticated(status: status) {
        case .accept(let type, let sequenceNumber):
            self.systemID = bind.systemID
            self.addressRange = bind.addressRange
            self.logger[metadataKey: "smpp.system_id"] = "\(bind.systemID)"
            self.logger.info("bound", metadata: ["smpp.bind": "\(type)"])
            let response = BindResponse(systemID: self.configuration.localSystemID, scInterfaceVersion: 0x34)
            self.afterFaultDelay(delay, context: context) { handler, _ in
                handler.send(PDU(sequenceNumber: sequenceNumber, body: type.response(response)))
                if let info = handler.sessionInfo { handler.boundPromise.succeed(info) }
            }
        case .reject(let type, let sequenceNumber, let status):
            if status == .invalidSystemID || status == .invalidPassword, let address = self.remoteAddress?.ipAddress {
                self.onBindRefused?(address)
            }
            self.logger.notice(
                "bind refused",
                metadata: ["smpp.system_id": "\(bind.systemID)", "smpp.status": "\(status)"]
            )
            self.afterFaultDelay(delay, context: context) { handler, context in
                handler.send(
                    PDU(
                        sequenceNumber: sequenceNumber,
                        commandStatus: status,
                        body: .emptyResponse(type.responseCommandID)
                    )
                )
                handler.closeAfterFlush(context: context)
            }
        case .none:
            self.lease?.release()
            self.lease = nil
        }
    }

    private func handle(_ pdu: PDU, context: ChannelHandlerContext) {
        guard let info = self.sessionInfo else { preconditionFailure("handle is only returned when bound") }
        let request = SMPPInboundRequest(pdu: pdu, session: info)
        if let lease = self.lease, request.carriesMessage, !lease.admit(segments: pdu.segmentCount) {
            self.respond(to: pdu.commandID, sequenceNumber: pdu.sequenceNumber, status: .throttled, body: nil)
            return
        }
        let fault = self.faultDecision(for: pdu)
        // Never answered: not in flight either, so neither reads nor an unbind wait for it.
        if fault.outcome == .noResponse { return }
        self.inFlight += 1
        let commandID = pdu.commandID
        let sequenceNumber = pdu.sequenceNumber
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        // An injected status is answered without the handler: nothing is stored that is not acknowledged.
        let answer =
            fault.injectedStatus.map { context.eventLoop.makeSucceededFuture(SMPPRequestResult.failed($0)) }
            ?? self.requestHandler.handleRequest(request, on: context.eventLoop)
        Self.delayed(answer.hop(to: context.eventLoop), by: fault.delay)
            .whenComplete { result in
                loopBound.value.requestHandled(
                    commandID,
                    sequenceNumber: sequenceNumber,
                    result: result,
                    edgeCase: fault.edgeCase
                )
            }
    }

    private func requestHandled(
        _ commandID: CommandID,
        sequenceNumber: UInt32,
        result: Result<SMPPRequestResult, any Error>,
        edgeCase: FaultEdgeCase? = nil
    ) {
        self.inFlight -= 1
        guard let context = self.context, self.stateMachine.state != .closed else { return }
        let answer: SMPPRequestResult
        switch result {
        case .success(let value): answer = value
        case .failure(let error):
            self.logger.warning("request handler failed", metadata: ["error": "\(error)"])
            answer = .failed(.temporaryAppError)
        }
        self.respond(
            to: commandID,
            sequenceNumber: sequenceNumber,
            status: answer.status,
            body: self.responseBody(commandID, answer),
            edgeCase: edgeCase
        )
        if self.readPending, self.inFlight < self.configuration.inboundWindowSize, context.channel.isWritable {
            self.readPending = false
            context.read()
        }
        self.finishUnbindIfDrained(context: context)
    }

    private func responseBody(_ commandID: CommandID, _ answer: SMPPRequestResult) -> PDU.Body? {
        guard answer.status == .ok else { return nil }
        if let body = answer.responseBody { return body }
        switch commandID {
        case .submitSM:
            return .submitSMResponse(SubmitSMResponse(messageID: answer.messageID ?? self.messageIDs.make()))
        case .deliverSM: return .deliverSMResponse(DeliverSMResponse(messageID: answer.messageID ?? ""))
        case .dataSM: return .dataSMResponse(DataSMResponse(messageID: answer.messageID ?? self.messageIDs.make()))
        default: return nil
        }
    }

    /// Answers a request with its own response: `body` when given and the status is ok, else a bare header.
    func respond(
        to commandID: CommandID,
        sequenceNumber: UInt32,
        status: CommandStatus,
        body: PDU.Body?,
        edgeCase: FaultEdgeCase? = nil
    ) {
        let responseID = CommandID(rawValue: commandID.rawValue | CommandID.genericNack.rawValue)
        let responseBody: PDU.Body
        if status == .ok, let body {
            responseBody = body
        } else if status == .ok, commandID == .enquireLink {
            responseBody = .enquireLinkResponse
        } else if status == .ok, commandID == .unbind {
            responseBody = .unbindResponse
        } else {
            // Error responses carry no body (SMPP 3.4 §4.1.2, §4.4.2).
            responseBody = .emptyResponse(responseID)
        }
        let response = PDU(sequenceNumber: sequenceNumber, commandStatus: status, body: responseBody)
        if let edgeCase { self.sendBroken(response, edgeCase) } else { self.send(response) }
    }

    private func malformedReceived(_ header: PDUHeader, error: SMPPDecodingError) {
        let status = error.commandStatus
        self.logger.info(
            "malformed PDU",
            metadata: ["smpp.command_id": "\(header.commandID)", "smpp.error": "\(error)", "smpp.status": "\(status)"]
        )
        if header.commandID.rawValue & CommandID.genericNack.rawValue != 0 {
            // A response we cannot read: its waiter learns so; the session goes on.
            if case .matched(let waiter) = self.window.responseReceived(
                header.commandID,
                sequenceNumber: header.sequenceNumber
            ) {
                Self.fail(waiter, with: SMPPError(code: .malformedResponse, status: status, detail: "\(error)"))
            }
            return
        }
        if header.commandID == .outbind || header.commandID == .alertNotification {
            self.send(PDU(sequenceNumber: header.sequenceNumber, commandStatus: status, body: .genericNack))
        } else {
            self.respond(to: header.commandID, sequenceNumber: header.sequenceNumber, status: status, body: nil)
        }
    }

    // MARK: Responses

    private func responseReceived(_ pdu: PDU, context: ChannelHandlerContext) {
        if SMPPBindType(commandID: pdu.commandID) != nil || pdu.commandID == .genericNack {
            switch self.stateMachine.bindResponseReceived(
                pdu.commandID,
                sequenceNumber: pdu.sequenceNumber,
                status: pdu.commandStatus
            ) {
            case .bound(let type):
                _ = self.window.responseReceived(pdu.commandID, sequenceNumber: pdu.sequenceNumber)
                self.logger.info("bound", metadata: ["smpp.bind": "\(type)"])
                self.faults = self.configuration.faults.session(systemID: self.systemID)
                if let info = self.sessionInfo { self.boundPromise.succeed(info) }
                self.sendQueued()
                return
            case .failed(let status):
                _ = self.window.responseReceived(pdu.commandID, sequenceNumber: pdu.sequenceNumber)
                self.logger.notice("bind refused", metadata: ["smpp.status": "\(status)"])
                self.boundPromise.fail(SMPPError(code: .bindFailed, status: status))
                self.closeAfterFlush(context: context)
                return
            case .drop:
                break
            }
        }
        switch self.window.responseReceived(pdu.commandID, sequenceNumber: pdu.sequenceNumber) {
        case .matched(let waiter):
            switch waiter {
            case .caller(let promise):
                promise.succeed(pdu)
                self.finishUnbindIfDrained(context: context)
            case .keepAlive: break
            case .bind(let promise): promise.fail(SMPPError(code: .bindFailed, status: pdu.commandStatus))
            case .unbind(let promise):
                promise?.succeed()
                if self.stateMachine.unbindResponseReceived() {
                    self.unbindAnswered = true
                    self.finishUnbindIfDrained(context: context)
                }
            }
            self.sendQueued()
        case .unsolicited:
            self.logger.notice(
                "response nobody asked for; dropped",
                metadata: ["smpp.pdu": "\(pdu.commandID) seq \(pdu.sequenceNumber)"]
            )
        case .mismatched(let expected):
            self.logger.notice(
                "response does not match its request; dropped",
                metadata: ["smpp.pdu": "\(pdu.commandID) seq \(pdu.sequenceNumber)", "smpp.expected": "\(expected)"]
            )
        }
    }
}
