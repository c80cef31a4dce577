// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

@testable import MOLoad

@Suite struct LoadTagAndMixTests {
    @Test("a tag prints as mg1:<run>:<seq>:<micros> and is found again inside any text")
    func tagRoundTrip() throws {
        let tag = LoadTag(run: 0x0a3f, sequence: 12_345, sentMicros: 1_764_201_234_567_890)
        #expect(tag.description == "mg1:0a3f:12345:1764201234567890")
        #expect(LoadTag.find(in: "Verify 483920 \(tag) and more") == tag)
        #expect(LoadTag.find(in: "Код 483920 ✅🔐 \(tag)") == tag)
        #expect(LoadTag.find(in: "mg1:zz:1:2 no tag here") == nil)
        #expect(LoadTag.find(in: "mg1:0a3f:12") == nil)
    }

    @Test("the mix parses presets and weights, and rejects what it does not know")
    func mixParsing() throws {
        #expect(MessageMix("otp") == .otp)
        #expect(MessageMix("mixed")?.description == "otp=70,ucs2=10,concat=10,national=10")
        #expect(MessageMix("ucs2=1,concat=3")?.description == "ucs2=1,concat=3")
        #expect(MessageMix("sms=3") == nil)
        #expect(MessageMix("otp=0") == nil)
        let mix = try #require(MessageMix("otp=1,concat=1"))
        let kinds = (0..<1000).map { mix.kind(for: UInt64($0)) }
        let concat = kinds.filter { $0 == .concat }.count
        #expect((400...600).contains(concat), "a 50/50 mix gave \(concat) of 1000")
    }

    @Test("each kind builds the PDUs it promises, and every one carries the tag", arguments: MessageMix.Kind.allCases)
    func builder(kind: MessageMix.Kind) throws {
        let builder = LoadMessageBuilder(command: .deliverSM, mix: try #require(MessageMix("\(kind.rawValue)=1")))
        for sequence in UInt64(0)..<20 {
            let tag = LoadTag(run: 7, sequence: sequence, sentMicros: 1_000_000 + sequence)
            let bodies = builder.bodies(for: tag)
            var text = ""
            for body in bodies {
                guard case .deliverSM(let message) = body else {
                    Issue.record("not a deliver_sm: \(body)")
                    return
                }
                var bytes = Array(message.shortMessage.readableBytesView)
                if message.esmClass & 0x40 != 0 { bytes.removeFirst(Int(bytes[0]) + 1) }
                let coding = DataCoding(rawValue: message.dataCoding)
                text += try #require(SMSText.decode(bytes, dataCoding: coding))
                switch kind {
                case .national: #expect(message.sourceAddressTON == 2 && message.sourceAddress.hasPrefix("0"))
                default: #expect(message.sourceAddressTON == 1 && message.sourceAddress.hasPrefix("44"))
                }
                #expect(coding.rawValue == (kind == .ucs2 ? 0x08 : 0x00))
            }
            #expect(LoadTag.find(in: text) == tag, "\(text)")
            switch kind {
            case .concat: #expect((2...3).contains(bodies.count))
            default: #expect(bodies.count == 1)
            }
            if kind == .ucs2 { #expect(text.unicodeScalars.contains { $0.value > 0xFFFF }, "an emoji outside the BMP") }
        }
    }
}
