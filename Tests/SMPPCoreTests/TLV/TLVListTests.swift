// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

@Suite("TLV list")
struct TLVListTests {
    @Test("keeps unknown and vendor TLVs byte-exact and in order")
    func vendorOrder() throws {
        var wire = ByteBuffer()
        wire.writeTLV(0x3FFF, [9, 9, 9])
        wire.writeTLV(0x020C, [0x12, 0x34])
        wire.writeTLV(0x1400, [])
        wire.writeTLV(0x0999, [1])  // not a 3.4 tag, not vendor: kept as is
        let list = try TLVList(validating: wire)
        #expect(list.map(\.tag.rawValue) == [0x3FFF, 0x020C, 0x1400, 0x0999])
        var out = ByteBuffer()
        list.write(to: &out)
        #expect(out == wire)
        #expect(list[TLVTag(0x3FFF)] == ByteBuffer(bytes: [9, 9, 9]))
    }

    @Test("reads the typed TLVs an MO gateway needs")
    func typedReads() throws {
        var wire = ByteBuffer()
        wire.writeTLV(0x020C, [0x01, 0x02])
        wire.writeTLV(0x020E, [3])
        wire.writeTLV(0x020F, [2])
        wire.writeTLV(0x001E, Array("1f2e3d".utf8) + [0])
        wire.writeTLV(0x0427, [2])
        wire.writeTLV(0x0423, [3, 0x01, 0x02])
        wire.writeTLV(0x0204, [0, 9])
        wire.writeTLV(0x020A, [0x0B, 0x84])
        wire.writeTLV(0x020B, [0x23, 0xF0])
        wire.writeTLV(0x0210, [0x34])
        wire.writeTLV(0x0019, [1])
        wire.writeTLV(0x0381, [0, 1, 1, 0x34, 0x34])
        wire.writeTLV(0x020D, [2])
        wire.writeTLV(0x0424, [0x41, 0x42])
        let list = try TLVList(validating: wire)
        #expect(list.sarMessageReferenceNumber == 0x0102)
        #expect(list.sarTotalSegments == 3)
        #expect(list.sarSegmentSequenceNumber == 2)
        #expect(list.receiptedMessageID == "1f2e3d")
        #expect(list.messageStateValue == 2)
        #expect(list.networkErrorCode == NetworkErrorCode(networkType: 3, errorCode: 0x0102))
        #expect(list.userMessageReference == 9)
        #expect(list.sourcePort == 2948)
        #expect(list.destinationPort == 9200)
        #expect(list.scInterfaceVersion == 0x34)
        #expect(list.payloadType == 1)
        #expect(list.callbackNumber == ByteBuffer(bytes: [0, 1, 1, 0x34, 0x34]))
        #expect(list.languageIndicator == 2)
        #expect(list.messagePayload == ByteBuffer(string: "AB"))
    }

    @Test("setters replace in place, append, and remove")
    func setters() throws {
        var list = TLVList([TLV(tag: TLVTag(0x1401), bytes: [1]), TLV(tag: .sarTotalSegments, bytes: [2])])
        list.sarTotalSegments = 5
        list.sarMessageReferenceNumber = 0xBEEF
        #expect(list.map(\.tag) == [TLVTag(0x1401), .sarTotalSegments, .sarMessageReferenceNumber])
        #expect(list.sarTotalSegments == 5)
        list.sarTotalSegments = nil
        #expect(list.map(\.tag) == [TLVTag(0x1401), .sarMessageReferenceNumber])
        list.receiptedMessageID = "abc"
        #expect(list[.receiptedMessageID] == ByteBuffer(bytes: Array("abc".utf8) + [0]))
        #expect(try TLVList(validating: list.bytes) == list)
    }

    @Test("every SMPP 3.4 tag has a name and allowed lengths")
    func allTags() {
        #expect(TLVTag.allSMPP34.count == 44)
        #expect(Set(TLVTag.allSMPP34).count == 44)
        for tag in TLVTag.allSMPP34 {
            #expect(tag.name != nil)
            #expect(tag.allowedLengths != nil)
            #expect(!tag.isVendorSpecific)
        }
        #expect(TLVTag(0x1400).isVendorSpecific && TLVTag(0x3FFF).isVendorSpecific)
        #expect(TLVTag.networkErrorCode.allowedLengths == 3...3)
        #expect(TLVTag(0x1400).description == "0x1400")
    }
}
