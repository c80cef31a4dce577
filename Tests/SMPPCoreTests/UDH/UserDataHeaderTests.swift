// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import SMPPTestSupport
import Testing

private typealias IE = UserDataHeader.InformationElement

@Suite struct UserDataHeaderTests {
    @Test("parses an 8-bit reference concatenation header and hands back the payload")
    func concatenation8Bit() throws {
        let userData: [UInt8] = [0x05, 0x00, 0x03, 0x2A, 0x03, 0x01, 0x48, 0x69]
        let (header, payload) = try UserDataHeader.split(userData)
        let concatenation = try #require(header.concatenation)
        #expect(concatenation.reference == 0x2A)
        #expect(concatenation.total == 3)
        #expect(concatenation.sequence == 1)
        #expect(concatenation.referenceBits == 8)
        #expect(Array(payload) == [0x48, 0x69])
        #expect(header.length == 6)
        #expect(header.bytes == Array(userData.prefix(6)))
        #expect(header.ports == nil)
    }

    @Test("parses a 16-bit reference concatenation header")
    func concatenation16Bit() throws {
        let header = try UserDataHeader(parsing: [0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02, 0xFF])
        let concatenation = try #require(header.concatenation)
        #expect(concatenation.reference == 0x1234)
        #expect((concatenation.total, concatenation.sequence, concatenation.referenceBits) == (2, 2, 16))
        #expect(header.bytes == [0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02])
    }

    @Test("parses 8-bit and 16-bit application ports")
    func ports() throws {
        let eight = try #require(try UserDataHeader(parsing: [0x04, 0x04, 0x02, 0xF5, 0xF6]).ports)
        #expect((eight.destination, eight.source, eight.portBits) == (0xF5, 0xF6, 8))
        let sixteen = try #require(try UserDataHeader(parsing: [0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0]).ports)
        #expect((sixteen.destination, sixteen.source, sixteen.portBits) == (2948, 9200, 16))
    }

    @Test(
        "finds concatenation among other elements in any order, and round-trips byte for byte",
        arguments: [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
    )
    func anyOrder(order: [Int]) throws {
        let elements: [[UInt8]] = [
            [0x08, 0x04, 0xAB, 0xCD, 0x05, 0x04],  // concatenation, 16-bit reference
            [0x24, 0x01, 0x01],  // national language single shift
            [0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0],  // application ports, 16-bit
        ]
        let body = order.flatMap { elements[$0] }
        let userData = [UInt8(body.count)] + body + [0x41, 0x42]
        let (header, payload) = try UserDataHeader.split(userData)
        #expect(header.elements.map(\.identifier) == order.map { elements[$0][0] })
        #expect(header.concatenation?.reference == 0xABCD)
        #expect(header.concatenation?.sequence == 4)
        #expect(header.ports?.destination == 2948)
        #expect(header.element(0x24)?.data == [0x01])
        #expect(header.bytes + Array(payload) == userData)
    }

    @Test("a repeated concatenation element: the last occurrence wins")
    func lastOccurrenceWins() throws {
        let header = try UserDataHeader(parsing: [0x0A, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x07, 0x02, 0x02])
        #expect(header.concatenation?.reference == 7)
        #expect(header.elements.count == 2)
    }

    @Test("an empty header is valid")
    func emptyHeader() throws {
        let (header, payload) = try UserDataHeader.split([0x00, 0x41])
        #expect(header.elements.isEmpty)
        #expect(header.bytes == [0x00])
        #expect(Array(payload) == [0x41])
    }

    @Test(
        "malformed headers throw a specific code",
        arguments: [
            ([], UserDataHeaderError.Code.truncated),
            ([0x05, 0x00, 0x03, 0x01], .lengthExceedsData),
            ([0x03, 0x00, 0x03, 0x01, 0x01, 0x01], .elementOverrun),
            ([0x01, 0x00], .elementOverrun),
            ([0x04, 0x00, 0x02, 0x01, 0x02], .invalidConcatenation),
            ([0x06, 0x00, 0x04, 0x01, 0x02, 0x01, 0x01], .invalidConcatenation),
            ([0x05, 0x08, 0x03, 0x01, 0x01, 0x01], .invalidConcatenation),
            ([0x05, 0x00, 0x03, 0x01, 0x00, 0x00], .invalidConcatenation),
            ([0x05, 0x00, 0x03, 0x01, 0x02, 0x00], .invalidConcatenation),
            ([0x05, 0x00, 0x03, 0x01, 0x02, 0x03], .invalidConcatenation),
            ([0x06, 0x08, 0x04, 0x00, 0x01, 0x00, 0x01], .invalidConcatenation),
            ([0x03, 0x04, 0x01, 0x01], .invalidPorts),
            ([0x05, 0x05, 0x03, 0x01, 0x01, 0x01], .invalidPorts),
        ] as [([UInt8], UserDataHeaderError.Code)]
    )
    func malformed(bytes: [UInt8], code: UserDataHeaderError.Code) {
        let error = #expect(throws: UserDataHeaderError.self) {
            try UserDataHeader(parsing: bytes)
        }
        #expect(error?.code == code)
    }

    @Test("errors compare by code only")
    func errorEquality() throws {
        var first: UserDataHeaderError?
        var second: UserDataHeaderError?
        do { _ = try UserDataHeader(parsing: [0x09, 0x00]) } catch { first = error }
        do { _ = try UserDataHeader(parsing: [0x02]) } catch { second = error }
        #expect(try #require(first) == #require(second))
        #expect(first?.description.contains("UDHL 9") == true)
    }

    @Test("builds concatenation headers that parse back")
    func build() throws {
        let eight = try #require(UserDataHeader.Concatenation(reference: 0x7F, total: 4, sequence: 3))
        #expect(UserDataHeader(concatenation: eight).bytes == [0x05, 0x00, 0x03, 0x7F, 0x04, 0x03])
        let sixteen = try #require(
            UserDataHeader.Concatenation(reference: 0xBEEF, total: 2, sequence: 1, referenceBits: 16)
        )
        let header = UserDataHeader(concatenation: sixteen)
        #expect(header.bytes == [0x06, 0x08, 0x04, 0xBE, 0xEF, 0x02, 0x01])
        #expect(try UserDataHeader(parsing: header.bytes) == header)
    }

    @Test("invalid values cannot be constructed")
    func constructionValidates() throws {
        #expect(UserDataHeader.Concatenation(reference: 0x100, total: 2, sequence: 1) == nil)
        #expect(UserDataHeader.Concatenation(reference: 1, total: 0, sequence: 0) == nil)
        #expect(UserDataHeader.Concatenation(reference: 1, total: 2, sequence: 3) == nil)
        #expect(UserDataHeader.Concatenation(reference: 1, total: 2, sequence: 1, referenceBits: 12) == nil)
        #expect(UserDataHeader.ApplicationPorts(destination: 0x100, source: 1, portBits: 8) == nil)
        #expect(IE(identifier: 0x70, data: [UInt8](repeating: 0, count: 256)) == nil)
        let bad = try #require(IE(identifier: 0x00, data: [0x01, 0x02]))
        #expect(UserDataHeader(elements: [bad]) == nil)
        let big = try #require(IE(identifier: 0x70, data: [UInt8](repeating: 0, count: 200)))
        #expect(UserDataHeader(elements: [big, big]) == nil)
        var header = try #require(UserDataHeader(elements: [big]))
        let tooBig = header.append(big)
        let malformed = header.append(bad)
        let small = header.append(try #require(IE(identifier: 0x71, data: [1])))
        #expect(!tooBig)
        #expect(!malformed)
        #expect(small)
        #expect(header.length == 1 + 202 + 3)
    }

    @Test("ports build and parse back")
    func portsRoundTrip() throws {
        for bits in [8, 16] {
            let ports = try #require(UserDataHeader.ApplicationPorts(destination: 0xF5, source: 0x20, portBits: bits))
            let header = try #require(UserDataHeader(elements: [ports.element]))
            #expect(try UserDataHeader(parsing: header.bytes).ports == ports)
        }
    }

    @Test("random well-formed headers round-trip byte for byte")
    func randomRoundTrip() throws {
        var random = SplitMix64(seed: 0x0DD)
        for _ in 0..<500 {
            var body: [UInt8] = []
            while body.count < 100 {
                let length = Int.random(in: 0...12, using: &random)
                // Identifiers outside the validated ones, so any data is well-formed.
                body += [UInt8.random(in: 0x10...0x23, using: &random), UInt8(length)]
                body += (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                if Bool.random(using: &random) { break }
            }
            let userData = [UInt8(body.count)] + body + [0x55]
            let (header, payload) = try UserDataHeader.split(userData)
            #expect(header.bytes + Array(payload) == userData)
        }
    }
}
