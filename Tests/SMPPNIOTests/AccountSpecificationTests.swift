// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPNIO
import Testing

@Suite struct AccountSpecificationTests {
    @Test("SYSTEM_ID:PASSWORD with limits sets each of them")
    func limits() throws {
        let account = try SMPPAccount(
            specification: "carrier1:pw?bind=receiver,transceiver&from=10.0.0.0/8,::1&sessions=4&rate=12.5&burst=30"
        )
        #expect(account.systemID == "carrier1")
        #expect(account.password == "pw")
        #expect(account.allowedBindTypes == [.receiver, .transceiver])
        #expect(account.allowedNetworks == [IPNetwork("10.0.0.0/8")!, IPNetwork("::1")!])
        #expect(account.maximumSessions == 4)
        #expect(account.messagesPerSecond == 12.5)
        #expect(account.burst == 30)
    }

    @Test("without limits it is the plain account: any bind type, any network, no caps")
    func plain() throws {
        let account = try SMPPAccount(specification: "carrier1:pw:x")
        #expect(account == SMPPAccount(systemID: "carrier1", password: "pw:x"))
    }

    @Test(
        "a bad specification says what is wrong, without the password",
        arguments: [
            ("nopassword", "is not SYSTEM_ID:PASSWORD"),
            ("abcdefghijklmnop:hunter2", "is not SYSTEM_ID:PASSWORD"),
            ("c1:hunter2?bind=tx", "bind=tx is not transmitter, receiver or transceiver"),
            ("c1:hunter2?from=10.0.0.0/33", "from=10.0.0.0/33 is not an address or CIDR"),
            ("c1:hunter2?sessions=0", "sessions=0 is not a positive count"),
            ("c1:hunter2?rate=-1", "rate=-1 is not messages per second above 0"),
            ("c1:hunter2?burst", "'burst' is not NAME=VALUE"),
            ("c1:hunter2?color=red", "unknown limit 'color'"),
        ]
    )
    func refused(specification: String, message: String) {
        #expect {
            try SMPPAccount(specification: specification)
        } throws: { error in
            let description = "\(error)"
            return description.contains(message) && !description.contains("hunter2")
        }
    }
}
