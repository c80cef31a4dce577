// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

@testable import SMPPNIO

/// pcapng, Wireshark's default format, read as the same packets as the classic capture they were made from.
@Suite("pcapng reader")
struct PCAPNGReaderTests {
    /// Writes pcapng blocks in one byte order.
    struct Writer {
        let endianness: Endianness
        var file = ByteBuffer()

        mutating func block(_ type: UInt32, _ body: (inout ByteBuffer) -> Void) {
            var content = ByteBuffer()
            body(&content)
            while content.readableBytes % 4 != 0 { content.writeInteger(UInt8(0)) }
            let length = UInt32(content.readableBytes + 12)
            self.file.writeInteger(type, endianness: self.endianness)
            self.file.writeInteger(length, endianness: self.endianness)
            self.file.writeBuffer(&content)
            self.file.writeInteger(length, endianness: self.endianness)
        }

        mutating func section() {
            let endianness = self.endianness
            self.block(0x0A0D_0D0A) {
                $0.writeInteger(UInt32(0x1A2B_3C4D), endianness: endianness)
                $0.writeInteger(UInt16(1), endianness: endianness)
                $0.writeInteger(UInt16(0), endianness: endianness)
                $0.writeInteger(UInt64.max, endianness: endianness)  // section length unknown
            }
        }

        /// An interface, with an if_tsresol option when `resolution` is given and a comment option before it.
        mutating func interface(linkType: UInt16, resolution: UInt8?) {
            let endianness = self.endianness
            self.block(1) {
                $0.writeInteger(linkType, endianness: endianness)
                $0.writeInteger(UInt16(0), endianness: endianness)
                $0.writeInteger(UInt32(0), endianness: endianness)
                $0.writeInteger(UInt16(1), endianness: endianness)  // opt_comment
                $0.writeInteger(UInt16(5), endianness: endianness)
                $0.writeBytes(Array("smpp!".utf8) + [0, 0, 0])
                if let resolution {
                    $0.writeInteger(UInt16(9), endianness: endianness)
                    $0.writeInteger(UInt16(1), endianness: endianness)
                    $0.writeBytes([resolution, 0, 0, 0])
                }
                $0.writeInteger(UInt32(0), endianness: endianness)  // opt_endofopt
            }
        }

        mutating func packet(interface: UInt32, ticks: UInt64, bytes: [UInt8]) {
            let endianness = self.endianness
            self.block(6) {
                $0.writeInteger(interface, endianness: endianness)
                $0.writeInteger(UInt32(ticks >> 32), endianness: endianness)
                $0.writeInteger(UInt32(ticks & 0xFFFF_FFFF), endianness: endianness)
                $0.writeInteger(UInt32(bytes.count), endianness: endianness)
                $0.writeInteger(UInt32(bytes.count), endianness: endianness)
                $0.writeBytes(bytes)
            }
        }
    }

    static func packets(_ file: ByteBuffer) throws -> (packets: [PCAPReader.Packet], skipped: Int) {
        var reader = try PCAPReader(file)
        var packets: [PCAPReader.Packet] = []
        while let packet = try reader.next() { packets.append(packet) }
        return (packets, reader.skippedPackets)
    }

    @Test("either byte order and any timestamp resolution give the classic file's packets", arguments: [true, false])
    func sameAsClassic(bigEndian: Bool) async throws {
        let files = try await CaptureFixtures.session(sending: [CaptureFixtures.deliver("Verify 1")])
        let (_, frames) = try CaptureFixtures.frames(files.server)
        let classic = try Self.packets(ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: files.server))))
        var writer = Writer(endianness: bigEndian ? .big : .little)
        writer.section()
        // Interface 0 is one whose frames are not read; the Ethernet one is 1, in ns (big) or 2^-20 s (little).
        writer.interface(linkType: 105, resolution: nil)  // IEEE 802.11
        writer.interface(linkType: 1, resolution: bigEndian ? 9 : 0x94)
        writer.packet(interface: 0, ticks: 0, bytes: [0, 1, 2, 3])
        writer.block(4) { $0.writeBytes([0, 0, 0, 0]) }  // name resolution: skipped
        for frame in frames {
            let nanoseconds = UInt64(frame.seconds) * 1_000_000_000 + UInt64(frame.microseconds) * 1_000
            let ticks =
                bigEndian ? nanoseconds : UInt64(frame.seconds) << 20 | UInt64(frame.microseconds) << 20 / 1_000_000
            writer.packet(interface: 1, ticks: ticks, bytes: frame.bytes)
        }
        let read = try Self.packets(writer.file)
        #expect(read.skipped == classic.skipped + 1, "the 802.11 frame is skipped")
        #expect(read.packets.map(\.payload) == classic.packets.map(\.payload))
        #expect(read.packets.map(\.source) == classic.packets.map(\.source))
        #expect(read.packets.map(\.sequenceNumber) == classic.packets.map(\.sequenceNumber))
        for (ng, pcap) in zip(read.packets, classic.packets) {
            // 2^-20 s ticks are a little coarser than microseconds: the writer floors to a tick (under 953.7 ns),
            // and the reader must then be exact to the nanosecond (a Double lost up to 256 ns here).
            #expect(
                (0...(bigEndian ? 0 : 954)).contains(pcap.timestamp - ng.timestamp),
                "\(ng.timestamp) \(pcap.timestamp)"
            )
        }
        #expect(read.packets.count == classic.packets.count)
        #expect(classic.packets.count >= 6)
    }

    @Test("a second section starts over with its own byte order and interfaces")
    func sections() async throws {
        let files = try await CaptureFixtures.session(sending: [CaptureFixtures.deliver("two sections")])
        let (_, frames) = try CaptureFixtures.frames(files.server)
        let half = frames.count / 2
        var first = Writer(endianness: .little)
        first.section()
        first.interface(linkType: 1, resolution: nil)
        for frame in frames[..<half] {
            first.packet(
                interface: 0,
                ticks: UInt64(frame.seconds) * 1_000_000 + UInt64(frame.microseconds),
                bytes: frame.bytes
            )
        }
        var second = Writer(endianness: .big)
        second.section()
        second.interface(linkType: 1, resolution: nil)
        for frame in frames[half...] {
            second.packet(
                interface: 0,
                ticks: UInt64(frame.seconds) * 1_000_000 + UInt64(frame.microseconds),
                bytes: frame.bytes
            )
        }
        var file = first.file
        file.writeBuffer(&second.file)
        let classic = try Self.packets(ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: files.server))))
        let read = try Self.packets(file)
        #expect(read.packets.map(\.payload) == classic.packets.map(\.payload))
        #expect(read.packets.map(\.timestamp) == classic.packets.map(\.timestamp))
    }

    @Test("a cut-short block, a bad byte-order magic and a packet of an unknown interface are refused")
    func refusals() {
        var cut = Writer(endianness: .little)
        cut.section()
        cut.interface(linkType: 1, resolution: nil)
        cut.packet(interface: 0, ticks: 1, bytes: [UInt8](repeating: 0, count: 60))
        let short = cut.file.getSlice(at: 0, length: cut.file.readableBytes - 10)!
        #expect(throws: PCAPReader.FormatError.self) { _ = try Self.packets(short) }

        var magic = ByteBuffer(bytes: [0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 1, 2, 3, 4])
        magic.writeBytes([UInt8](repeating: 0, count: 12) + [28, 0, 0, 0])
        do {
            _ = try PCAPReader(magic)
            Issue.record("a bad byte-order magic was accepted")
        } catch {
            #expect("\(error)".contains("pcapng"))
        }

        var stray = Writer(endianness: .little)
        stray.section()
        stray.packet(interface: 3, ticks: 1, bytes: [1, 2, 3])
        #expect(throws: PCAPReader.FormatError.self) { _ = try Self.packets(stray.file) }
    }

    @Test(
        "editcap's pcapng of mogate's capture decodes to the same PDUs",
        .enabled(
            if: ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1",
            "set MOGATE_INTEROP=1 (and install tshark)"
        )
    )
    func editcap() async throws {
        let files = try await CaptureFixtures.session(sending: [CaptureFixtures.deliver("Verify 2")])
        let converted = try CaptureFixtures.temporaryFile("editcap.pcapng")
        let result = try await ChildProcess.run("/usr/bin/editcap", ["-F", "pcapng", files.server, converted])
        #expect(result.succeeded, "\(result.errors)")
        let header = try #require(FileHandle(forReadingAtPath: converted)?.readData(ofLength: 4))
        #expect(Array(header) == [0x0A, 0x0D, 0x0D, 0x0A], "editcap wrote pcapng")
        let original = try CaptureFixtures.read(files.server)
        let read = try CaptureFixtures.read(converted)
        #expect(read.problems.isEmpty)
        #expect(read.pdus.map(\.bytes) == original.pdus.map(\.bytes))
        #expect(read.pdus.map(\.timestamp) == original.pdus.map(\.timestamp))
    }
}
