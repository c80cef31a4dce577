// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPNIO
import Testing

@Suite struct AccountEmulationTests {
    @Test("routes=, webhook= and submit= set the account's emulation options")
    func options() throws {
        let account = try SMPPAccount(specification: "verifier:pw?routes=+4478,4479&webhook=no&submit=mt&sessions=2")
        #expect(
            account.emulation == SMPPAccountEmulation(routes: ["4478", "4479"], alsoWebhook: false, submitMode: .mt)
        )
        #expect(account.maximumSessions == 2)
        #expect(try SMPPAccount(specification: "a:b").emulation == SMPPAccountEmulation())
        #expect(try SMPPAccount(specification: "a:b?submit=loopback").emulation.submitMode == .loopback)
    }

    @Test(
        "bad emulation options are refused with the reason",
        arguments: [
            ("c1:pw?routes=44a", "routes=44a is not digit prefixes"),
            ("c1:pw?webhook=maybe", "webhook=maybe is not yes or no"),
            ("c1:pw?submit=sms", "submit=sms is not mo, mt or loopback"),
        ]
    )
    func refused(specification: String, reason: String) {
        #expect {
            _ = try SMPPAccount(specification: specification)
        } throws: { error in
            "\(error)".contains(reason) && !"\(error)".contains("pw")
        }
    }
}
