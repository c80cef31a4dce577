// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

@Suite("Round-trip property")
struct RoundTripPropertyTests {
    @Test("decode(encode(pdu)) == pdu for random valid PDUs", arguments: [UInt64(1), 42, 0xC0FFEE])
    func randomRoundTrip(seed: UInt64) throws {
        var generator = RandomPDUGenerator(seed: seed)
        for index in 0..<2_000 {
            let pdu = generator.pdu()
            var bytes = pdu.encoded()
            let encoded = bytes
            let decoded = PDU.decode(from: &bytes)
            #expect(decoded == .pdu(pdu), "seed \(seed) #\(index): \(pdu.commandID) \(encoded.hexString)")
            if decoded != .pdu(pdu) { return }
        }
    }

    @Test("every random valid PDU passes validation")
    func randomValid() {
        var generator = RandomPDUGenerator(seed: 7)
        for _ in 0..<500 {
            let pdu = generator.pdu()
            #expect(pdu.validationError() == nil)
        }
    }
}
