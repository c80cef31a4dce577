// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@Suite struct MessageStateTests {
    @Test(
        "states have the §5.2.28 values and Appendix B words",
        arguments: [
            (MessageState.enroute, 1, "ENROUTE", "ENROUTE"), (.delivered, 2, "DELIVRD", "DELIVERED"),
            (.expired, 3, "EXPIRED", "EXPIRED"), (.deleted, 4, "DELETED", "DELETED"),
            (.undeliverable, 5, "UNDELIV", "UNDELIVERABLE"), (.accepted, 6, "ACCEPTD", "ACCEPTED"),
            (.unknown, 7, "UNKNOWN", "UNKNOWN"), (.rejected, 8, "REJECTD", "REJECTED"),
        ] as [(MessageState, UInt8, String, String)]
    )
    func names(state: MessageState, raw: UInt8, stat: String, fullName: String) {
        #expect(state.rawValue == raw)
        #expect(state.stat == stat)
        #expect(state.description == stat)
        #expect(MessageState(stat: stat) == state)
        #expect(MessageState(stat: stat.lowercased()) == state)
        #expect(MessageState(stat: fullName) == state)
    }

    @Test("other words and values are unknown to SMPP 3.4", arguments: ["", "DELIV", "FAILED", "SCHEDULED"])
    func unknownWords(word: String) {
        #expect(MessageState(stat: word) == nil)
    }

    @Test("values outside SMPP 3.4 have no stat word")
    func unknownValues() {
        #expect(MessageState(rawValue: 0).stat == nil)
        #expect(MessageState(rawValue: 9).description == "MessageState(9)")
    }
}
