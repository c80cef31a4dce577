// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// The session states of SMPP 3.4 §2.2 and which PDU may flow in which of them (§2.3), as a value type.
///
/// It performs no I/O and knows no clock: the session handler reports events (a PDU received, a timer fired, a
/// local request) and carries out the small action each event returns. Transcript tests drive it directly.
///
/// ```
///            bind ok                 unbind sent/received
///   OPEN ───────────────▶ BOUND_TX ─────────────────────▶ UNBINDING ──▶ CLOSED
///     │                   BOUND_RX                           ▲
///     │ bind failed,      BOUND_TRX ─────────────────────────┘ (unbind_resp, drained, or deadline)
///     └ bind timeout ─────────────────────────────────────────────────▶ CLOSED
/// ```
struct SMPPSessionStateMachine: Hashable, Sendable {
    enum State: Hashable, Sendable {
        /// Connected, not bound. `pendingBind` is the bind in flight: sent (ESME) or being authenticated (SMSC).
        case open(pendingBind: PendingBind?)
        case bound(SMPPBindType)
        case unbinding(Unbinding)
        case closed
    }

    struct PendingBind: Hashable, Sendable {
        var type: SMPPBindType
        var sequenceNumber: UInt32
    }

    struct Unbinding: Hashable, Sendable {
        var bindType: SMPPBindType
        /// The peer's unbind to answer once in-flight requests are answered; nil when we sent the unbind.
        var peerSequenceNumber: UInt32?
    }

    let role: SMPPSessionRole
    /// Accept MO in the "wrong" direction: deliver_sm from an ESME bound to us as transmitter, and submit_sm pushed
    /// by an SMSC to a receiver. Aggregators and some operators send MO this way; strict SMPP 3.4 forbids it.
    let acceptsMOInEitherDirection: Bool
    private(set) var state: State = .open(pendingBind: nil)

    init(role: SMPPSessionRole, acceptsMOInEitherDirection: Bool = true) {
        self.role = role
        self.acceptsMOInEitherDirection = acceptsMOInEitherDirection
    }

    /// The spec's name for the current state: OPEN, BOUND_TX, BOUND_RX, BOUND_TRX, UNBINDING or CLOSED.
    var stateName: String {
        switch self.state {
        case .open: "OPEN"
        case .bound(let type): type.boundStateName
        case .unbinding: "UNBINDING"
        case .closed: "CLOSED"
        }
    }

    /// The bind type once bound (or while unbinding).
    var bindType: SMPPBindType? {
        switch self.state {
        case .bound(let type): type
        case .unbinding(let unbinding): unbinding.bindType
        case .open, .closed: nil
        }
    }

    var isBound: Bool {
        if case .bound = self.state { return true }
        return false
    }
}

// MARK: - Requests from the peer

extension SMPPSessionStateMachine {
    enum OnRequest: Hashable, Sendable {
        /// SMSC: check the credentials, then report with ``bindAuthenticated(_:accepted:)``.
        case authenticate(SMPPBindType)
        /// Hand the operation to the session's request handler and answer with its result.
        case handle
        /// Answer at once with the request's own response and this status (enquire_link gets `ok`).
        case respond(CommandStatus)
        /// Answer with generic_nack and this status: the command is unknown or has no response of its own.
        case genericNack(CommandStatus)
        /// The peer unbinds: answer after the requests in flight are answered, then close.
        case acknowledgeUnbindWhenDrained
        /// ESME: an SMSC outbound to us; bind as receiver on this connection.
        case bindAfterOutbind
        /// alert_notification: pass it on; it has no response.
        case notify
    }

    mutating func requestReceived(_ commandID: CommandID, sequenceNumber: UInt32) -> OnRequest {
        guard Self.knownRequests.contains(commandID) else { return .genericNack(.invalidCommandID) }
        let hasResponse = commandID != .outbind && commandID != .alertNotification
        let wrongState: OnRequest = hasResponse ? .respond(.invalidBindStatus) : .genericNack(.invalidBindStatus)

        if commandID == .enquireLink {
            // SMPP 5.0 allows enquire_link in OPEN, and peers send it before bind_resp; answering costs nothing.
            return self.state == .closed ? wrongState : .respond(.ok)
        }
        if let type = SMPPBindType(commandID: commandID) {
            return self.bindReceived(type, sequenceNumber: sequenceNumber, wrongState: wrongState)
        }
        switch self.state {
        case .closed:
            return wrongState
        case .open(let pendingBind):
            if commandID == .outbind, self.role == .esme, pendingBind == nil { return .bindAfterOutbind }
            return wrongState
        case .bound(let type):
            if commandID == .unbind {
                self.state = .unbinding(Unbinding(bindType: type, peerSequenceNumber: sequenceNumber))
                return .acknowledgeUnbindWhenDrained
            }
            return self.operationReceived(commandID, boundAs: type, wrongState: wrongState)
        case .unbinding(var unbinding):
            if commandID == .unbind {
                // Both ends unbound at once: answer theirs too.
                unbinding.peerSequenceNumber = sequenceNumber
                self.state = .unbinding(unbinding)
                return .acknowledgeUnbindWhenDrained
            }
            // Still bound until the unbind completes (§2.2): keep taking MO rather than bounce it.
            if unbinding.peerSequenceNumber == nil {
                return self.operationReceived(commandID, boundAs: unbinding.bindType, wrongState: wrongState)
            }
            return wrongState
        }
    }

    private mutating func bindReceived(
        _ type: SMPPBindType,
        sequenceNumber: UInt32,
        wrongState: OnRequest
    ) -> OnRequest {
        guard self.role == .smsc else { return wrongState }
        switch self.state {
        case .open(pendingBind: nil):
            self.state = .open(pendingBind: PendingBind(type: type, sequenceNumber: sequenceNumber))
            return .authenticate(type)
        case .open(pendingBind: .some), .unbinding, .closed:
            return wrongState
        case .bound:
            return .respond(.alreadyBound)
        }
    }

    private func operationReceived(
        _ commandID: CommandID,
        boundAs type: SMPPBindType,
        wrongState: OnRequest
    )
        -> OnRequest
    {
        guard Self.peerMaySend(commandID, to: self.role, boundAs: type, lenient: self.acceptsMOInEitherDirection)
        else { return wrongState }
        return commandID == .alertNotification ? .notify : .handle
    }

    /// The requests SMPP 3.4 defines; any other command_id without the response bit is unknown.
    static let knownRequests: Set<CommandID> = [
        .bindReceiver, .bindTransmitter, .bindTransceiver, .outbind, .unbind, .submitSM, .submitMulti, .deliverSM,
        .dataSM, .querySM, .cancelSM, .replaceSM, .enquireLink, .alertNotification,
    ]

    /// Whether the peer may send this operation to a session in `role` bound as `type` (SMPP 3.4 §2.3, Table 2-1).
    static func peerMaySend(
        _ commandID: CommandID,
        to role: SMPPSessionRole,
        boundAs type: SMPPBindType,
        lenient: Bool
    )
        -> Bool
    {
        switch role {
        case .smsc:
            // The peer is an ESME: it transmits in TX and TRX.
            switch commandID {
            case .submitSM, .submitMulti, .querySM, .cancelSM, .replaceSM, .dataSM: return type.canTransmit
            case .deliverSM: return lenient && type.canTransmit
            default: return false
            }
        case .esme:
            // The peer is an SMSC: it delivers to RX and TRX.
            switch commandID {
            case .deliverSM, .dataSM, .alertNotification: return type.canReceive
            case .submitSM: return lenient && type.canReceive
            default: return false
            }
        }
    }

    /// Whether we may send this operation while bound as `type`: the mirror of ``peerMaySend(_:to:boundAs:lenient:)``.
    static func localMaySend(
        _ commandID: CommandID,
        as role: SMPPSessionRole,
        boundAs type: SMPPBindType,
        lenient: Bool
    )
        -> Bool
    {
        switch commandID {
        case .enquireLink, .unbind: return true
        default:
            let peerRole: SMPPSessionRole = role == .smsc ? .esme : .smsc
            return Self.peerMaySend(commandID, to: peerRole, boundAs: type, lenient: lenient)
        }
    }
}

// MARK: - Binding

extension SMPPSessionStateMachine {
    enum OnBindDecision: Hashable, Sendable {
        /// Send the successful bind response; the session is bound.
        case accept(SMPPBindType, sequenceNumber: UInt32)
        /// Send the bind response with this status, then close.
        case reject(SMPPBindType, sequenceNumber: UInt32, status: CommandStatus)
        /// The connection closed while authenticating.
        case none
    }

    /// SMSC: the result of checking a bind's credentials.
    mutating func bindAuthenticated(status: CommandStatus) -> OnBindDecision {
        guard case .open(.some(let pending)) = self.state else { return .none }
        if status == .ok {
            self.state = .bound(pending.type)
            return .accept(pending.type, sequenceNumber: pending.sequenceNumber)
        }
        self.state = .open(pendingBind: nil)
        return .reject(pending.type, sequenceNumber: pending.sequenceNumber, status: status)
    }

    enum OnBindRequest: Hashable, Sendable {
        case send
        /// A bind is in flight or the session is bound: nothing to send.
        case refuse
    }

    /// ESME: we are about to send a bind.
    mutating func bindRequested(_ type: SMPPBindType, sequenceNumber: UInt32) -> OnBindRequest {
        guard self.role == .esme, case .open(pendingBind: nil) = self.state else { return .refuse }
        self.state = .open(pendingBind: PendingBind(type: type, sequenceNumber: sequenceNumber))
        return .send
    }

    enum OnBindResponse: Hashable, Sendable {
        case bound(SMPPBindType)
        /// Refused: report the status and close.
        case failed(CommandStatus)
        /// Not a response to our bind: drop it.
        case drop
    }

    /// ESME: a bind response arrived.
    mutating func bindResponseReceived(
        _ commandID: CommandID,
        sequenceNumber: UInt32,
        status: CommandStatus
    )
        -> OnBindResponse
    {
        guard case .open(.some(let pending)) = self.state, pending.sequenceNumber == sequenceNumber,
            commandID == pending.type.responseCommandID || commandID == .genericNack
        else { return .drop }
        guard status == .ok, commandID != .genericNack else {
            self.state = .open(pendingBind: nil)
            return .failed(status == .ok ? .bindFailed : status)
        }
        self.state = .bound(pending.type)
        return .bound(pending.type)
    }
}

// MARK: - Local requests, unbind and timers

extension SMPPSessionStateMachine {
    /// Whether we may send this operation now.
    func mayRequest(_ commandID: CommandID) -> Bool {
        switch self.state {
        case .bound(let type):
            Self.localMaySend(commandID, as: self.role, boundAs: type, lenient: self.acceptsMOInEitherDirection)
        case .open:
            commandID == .enquireLink
        case .unbinding, .closed:
            false
        }
    }

    enum OnUnbindRequest: Hashable, Sendable {
        case sendUnbind
        /// Not bound: just close.
        case close
        /// Already unbinding or closed.
        case none
    }

    /// We want to end the session (shutdown, or the user's `unbind()`).
    mutating func unbindRequested() -> OnUnbindRequest {
        switch self.state {
        case .bound(let type):
            self.state = .unbinding(Unbinding(bindType: type, peerSequenceNumber: nil))
            return .sendUnbind
        case .open:
            return .close
        case .unbinding, .closed:
            return .none
        }
    }

    /// Whether the handler should close when our unbind is answered (it always should unless already closed).
    func unbindResponseReceived() -> Bool {
        if case .unbinding = self.state { return true }
        return false
    }

    enum OnInactivity: Hashable, Sendable {
        case sendEnquireLink
        case none
    }

    /// Nothing was received for the keep-alive interval.
    func inactivityTimerFired() -> OnInactivity {
        switch self.state {
        case .bound: .sendEnquireLink
        case .open, .unbinding, .closed: .none
        }
    }

    /// The bind timer fired: close if the session is still not bound.
    func bindTimerFired() -> Bool {
        if case .open = self.state { return true }
        return false
    }

    mutating func closed() {
        self.state = .closed
    }
}
