// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@testable import SMPPNIO

/// Transcripts of the session rules (SMPP 3.4 §2.2–§2.3), one behaviour per test.
@Suite struct SMPPSessionStateMachineTests {
    private func boundSMSC(_ type: SMPPBindType, lenient: Bool = true) -> SMPPSessionStateMachine {
        var machine = SMPPSessionStateMachine(role: .smsc, acceptsMOInEitherDirection: lenient)
        #expect(machine.requestReceived(type.commandID, sequenceNumber: 1) == .authenticate(type))
        #expect(machine.bindAuthenticated(status: .ok) == .accept(type, sequenceNumber: 1))
        return machine
    }

    private func boundESME(_ type: SMPPBindType) -> SMPPSessionStateMachine {
        var machine = SMPPSessionStateMachine(role: .esme)
        #expect(machine.bindRequested(type, sequenceNumber: 1) == .send)
        #expect(machine.bindResponseReceived(type.responseCommandID, sequenceNumber: 1, status: .ok) == .bound(type))
        return machine
    }

    @Test(
        "a bind in OPEN is authenticated, and success moves to the bound state of its type",
        arguments: SMPPBindType.allCases
    )
    func bindMovesToBoundState(type: SMPPBindType) {
        let machine = self.boundSMSC(type)
        #expect(machine.stateName == type.boundStateName)
        #expect(machine.bindType == type)
    }

    @Test("a refused bind answers its status and returns to OPEN")
    func refusedBind() {
        var machine = SMPPSessionStateMachine(role: .smsc)
        #expect(machine.requestReceived(.bindTransceiver, sequenceNumber: 4) == .authenticate(.transceiver))
        #expect(
            machine.bindAuthenticated(status: .invalidPassword)
                == .reject(.transceiver, sequenceNumber: 4, status: .invalidPassword)
        )
        #expect(machine.stateName == "OPEN")
    }

    @Test("a second bind gets ESME_RALYBND", arguments: SMPPBindType.allCases)
    func secondBind(type: SMPPBindType) {
        var machine = self.boundSMSC(.transceiver)
        #expect(machine.requestReceived(type.commandID, sequenceNumber: 2) == .respond(.alreadyBound))
        #expect(machine.stateName == "BOUND_TRX")
    }

    @Test("a bind while another is being authenticated gets ESME_RINVBNDSTS")
    func bindDuringBind() {
        var machine = SMPPSessionStateMachine(role: .smsc)
        _ = machine.requestReceived(.bindTransmitter, sequenceNumber: 1)
        #expect(machine.requestReceived(.bindReceiver, sequenceNumber: 2) == .respond(.invalidBindStatus))
    }

    @Test(
        "operations before bind get their own response with ESME_RINVBNDSTS",
        arguments: [CommandID.submitSM, .deliverSM, .dataSM, .querySM, .cancelSM, .replaceSM, .submitMulti, .unbind]
    )
    func operationInOpen(commandID: CommandID) {
        var machine = SMPPSessionStateMachine(role: .smsc)
        #expect(machine.requestReceived(commandID, sequenceNumber: 9) == .respond(.invalidBindStatus))
    }

    @Test("enquire_link is answered in OPEN and when bound")
    func enquireLinkAnyState() {
        var open = SMPPSessionStateMachine(role: .smsc)
        #expect(open.requestReceived(.enquireLink, sequenceNumber: 1) == .respond(.ok))
        var bound = self.boundSMSC(.receiver)
        #expect(bound.requestReceived(.enquireLink, sequenceNumber: 2) == .respond(.ok))
    }

    @Test("an unknown command_id gets generic_nack ESME_RINVCMDID in any state")
    func unknownCommand() {
        var open = SMPPSessionStateMachine(role: .smsc)
        #expect(
            open.requestReceived(CommandID(rawValue: 0x0000_0099), sequenceNumber: 1) == .genericNack(.invalidCommandID)
        )
        var bound = self.boundSMSC(.transceiver)
        #expect(
            bound.requestReceived(CommandID(rawValue: 0x0001_0000), sequenceNumber: 2)
                == .genericNack(.invalidCommandID)
        )
    }

    @Test(
        "a transmitter may submit; a receiver may not",
        arguments: [CommandID.submitSM, .dataSM, .querySM, .cancelSM, .replaceSM, .submitMulti]
    )
    func transmitOperations(commandID: CommandID) {
        var transmitter = self.boundSMSC(.transmitter)
        #expect(transmitter.requestReceived(commandID, sequenceNumber: 2) == .handle)
        var transceiver = self.boundSMSC(.transceiver)
        #expect(transceiver.requestReceived(commandID, sequenceNumber: 2) == .handle)
        var receiver = self.boundSMSC(.receiver)
        #expect(receiver.requestReceived(commandID, sequenceNumber: 2) == .respond(.invalidBindStatus))
    }

    @Test("deliver_sm from an ESME transmitter is MO when lenient, and refused when strict")
    func deliverSMFromESME() {
        var lenient = self.boundSMSC(.transmitter)
        #expect(lenient.requestReceived(.deliverSM, sequenceNumber: 2) == .handle)
        var strict = self.boundSMSC(.transmitter, lenient: false)
        #expect(strict.requestReceived(.deliverSM, sequenceNumber: 2) == .respond(.invalidBindStatus))
    }

    @Test("alert_notification and outbind from an ESME get generic_nack, as they have no response")
    func noResponseFromWrongSide() {
        var machine = self.boundSMSC(.transceiver)
        #expect(machine.requestReceived(.alertNotification, sequenceNumber: 2) == .genericNack(.invalidBindStatus))
        #expect(machine.requestReceived(.outbind, sequenceNumber: 3) == .genericNack(.invalidBindStatus))
    }

    @Test("an ESME receiver takes deliver_sm, data_sm and alert_notification, but not as a transmitter")
    func esmeReceives() {
        var receiver = self.boundESME(.receiver)
        #expect(receiver.requestReceived(.deliverSM, sequenceNumber: 5) == .handle)
        #expect(receiver.requestReceived(.dataSM, sequenceNumber: 6) == .handle)
        #expect(receiver.requestReceived(.alertNotification, sequenceNumber: 7) == .notify)
        var transmitter = self.boundESME(.transmitter)
        #expect(transmitter.requestReceived(.deliverSM, sequenceNumber: 5) == .respond(.invalidBindStatus))
        #expect(transmitter.requestReceived(.submitSM, sequenceNumber: 6) == .respond(.invalidBindStatus))
    }

    @Test("an ESME answers a bind sent to it with ESME_RINVBNDSTS")
    func esmeGetsBind() {
        var machine = SMPPSessionStateMachine(role: .esme)
        #expect(machine.requestReceived(.bindTransmitter, sequenceNumber: 1) == .respond(.invalidBindStatus))
    }

    @Test("a refused or nacked bind reports its status and the session stays OPEN")
    func esmeBindRefused() {
        var machine = SMPPSessionStateMachine(role: .esme)
        _ = machine.bindRequested(.transceiver, sequenceNumber: 3)
        #expect(
            machine.bindResponseReceived(.bindTransceiverResponse, sequenceNumber: 3, status: .invalidPassword)
                == .failed(.invalidPassword)
        )
        #expect(machine.stateName == "OPEN")
        _ = machine.bindRequested(.transceiver, sequenceNumber: 4)
        #expect(machine.bindResponseReceived(.genericNack, sequenceNumber: 4, status: .ok) == .failed(.bindFailed))
    }

    @Test("a bind response with the wrong sequence number or type is dropped")
    func esmeBindResponseMismatch() {
        var machine = SMPPSessionStateMachine(role: .esme)
        _ = machine.bindRequested(.receiver, sequenceNumber: 3)
        #expect(machine.bindResponseReceived(.bindReceiverResponse, sequenceNumber: 4, status: .ok) == .drop)
        #expect(machine.bindResponseReceived(.bindTransmitterResponse, sequenceNumber: 3, status: .ok) == .drop)
        #expect(machine.stateName == "OPEN")
    }

    @Test("an ESME binds as receiver after an outbind in OPEN, and only then")
    func outbind() {
        var machine = SMPPSessionStateMachine(role: .esme)
        #expect(machine.requestReceived(.outbind, sequenceNumber: 1) == .bindAfterOutbind)
        var bound = self.boundESME(.receiver)
        #expect(bound.requestReceived(.outbind, sequenceNumber: 2) == .genericNack(.invalidBindStatus))
    }

    @Test("the peer's unbind moves to UNBINDING; later operations are refused")
    func peerUnbind() {
        var machine = self.boundSMSC(.transceiver)
        #expect(machine.requestReceived(.unbind, sequenceNumber: 8) == .acknowledgeUnbindWhenDrained)
        #expect(machine.stateName == "UNBINDING")
        #expect(machine.state == .unbinding(.init(bindType: .transceiver, peerSequenceNumber: 8)))
        #expect(machine.requestReceived(.submitSM, sequenceNumber: 9) == .respond(.invalidBindStatus))
        #expect(!machine.mayRequest(.deliverSM))
    }

    @Test("after our unbind, MO still arriving is taken, and a crossing unbind is answered")
    func localUnbind() {
        var machine = self.boundSMSC(.transmitter)
        #expect(machine.unbindRequested() == .sendUnbind)
        #expect(machine.stateName == "UNBINDING")
        #expect(machine.requestReceived(.submitSM, sequenceNumber: 5) == .handle)
        #expect(machine.requestReceived(.unbind, sequenceNumber: 6) == .acknowledgeUnbindWhenDrained)
        #expect(machine.unbindRequested() == .none)
        #expect(machine.unbindResponseReceived())
    }

    @Test("unbinding in OPEN just closes")
    func unbindInOpen() {
        var machine = SMPPSessionStateMachine(role: .esme)
        #expect(machine.unbindRequested() == .close)
    }

    @Test("we may deliver to receivers and transceivers only; an ESME may submit as transmitter only")
    func localDirections() {
        #expect(self.boundSMSC(.receiver).mayRequest(.deliverSM))
        #expect(self.boundSMSC(.transceiver).mayRequest(.deliverSM))
        #expect(!self.boundSMSC(.transmitter).mayRequest(.deliverSM))
        #expect(self.boundESME(.transmitter).mayRequest(.submitSM))
        #expect(!self.boundESME(.receiver).mayRequest(.submitSM))
        #expect(self.boundESME(.transmitter).mayRequest(.deliverSM))  // MO as deliver_sm, lenient
        #expect(!SMPPSessionStateMachine(role: .esme).mayRequest(.submitSM))
    }

    @Test("timers: keep-alive only when bound; the bind timer only closes an unbound session")
    func timers() {
        var machine = SMPPSessionStateMachine(role: .smsc)
        #expect(machine.inactivityTimerFired() == .none)
        #expect(machine.bindTimerFired())
        machine = self.boundSMSC(.receiver)
        #expect(machine.inactivityTimerFired() == .sendEnquireLink)
        #expect(!machine.bindTimerFired())
        machine.closed()
        #expect(machine.stateName == "CLOSED")
        #expect(machine.requestReceived(.enquireLink, sequenceNumber: 1) == .respond(.invalidBindStatus))
    }
}
