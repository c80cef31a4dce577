// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

@testable import SMPPNIO

@Suite struct RequestWindowTests {
    @Test("responses match their requests by sequence number, in any order")
    func outOfOrder() {
        var window = RequestWindow<Int>(capacity: 3)
        let deadline = NIODeadline.now() + .seconds(1)
        window.insert(sequenceNumber: 1, commandID: .submitSM, deadline: deadline, token: 10)
        window.insert(sequenceNumber: 2, commandID: .submitSM, deadline: deadline, token: 20)
        window.insert(sequenceNumber: 3, commandID: .enquireLink, deadline: deadline, token: 30)
        #expect(window.isFull)
        guard case .matched(20) = window.responseReceived(.submitSMResponse, sequenceNumber: 2) else {
            Issue.record("expected seq 2 to match")
            return
        }
        guard case .matched(30) = window.responseReceived(.enquireLinkResponse, sequenceNumber: 3) else {
            Issue.record("expected seq 3 to match")
            return
        }
        #expect(window.count == 1)
    }

    @Test("a response nobody asked for, or for another command, is reported and leaves the window alone")
    func unsolicited() {
        var window = RequestWindow<Int>(capacity: 2)
        window.insert(sequenceNumber: 7, commandID: .submitSM, deadline: .now() + .seconds(1), token: 1)
        guard case .unsolicited = window.responseReceived(.submitSMResponse, sequenceNumber: 8) else {
            Issue.record("expected unsolicited")
            return
        }
        guard case .mismatched(let expected) = window.responseReceived(.deliverSMResponse, sequenceNumber: 7) else {
            Issue.record("expected mismatched")
            return
        }
        #expect(expected == .submitSMResponse)
        #expect(window.count == 1)
    }

    @Test("generic_nack answers any request")
    func genericNack() {
        var window = RequestWindow<Int>(capacity: 2)
        window.insert(sequenceNumber: 7, commandID: .dataSM, deadline: .now() + .seconds(1), token: 1)
        guard case .matched(1) = window.responseReceived(.genericNack, sequenceNumber: 7) else {
            Issue.record("expected generic_nack to match")
            return
        }
        #expect(window.isEmpty)
    }

    @Test("requests past their deadline expire, oldest first")
    func expiry() {
        var window = RequestWindow<Int>(capacity: 4)
        let now = NIODeadline.now()
        window.insert(sequenceNumber: 1, commandID: .submitSM, deadline: now + .seconds(5), token: 1)
        window.insert(sequenceNumber: 2, commandID: .submitSM, deadline: now - .seconds(1), token: 2)
        window.insert(sequenceNumber: 3, commandID: .enquireLink, deadline: now - .seconds(2), token: 3)
        let expired = window.expire(now: now)
        #expect(expired.map(\.1) == [3, 2])
        #expect(window.count == 1)
        #expect(window.nextDeadline == now + .seconds(5))
    }
}
