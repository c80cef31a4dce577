// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// The state of a pcapng file being read (draft-ietf-opsawg-pcapng): the current section's byte order and its
/// interfaces. Packets come from Enhanced, Simple and (obsolete) Packet Blocks; every other block is skipped by
/// its length, and a new Section Header Block starts over with its own byte order and interfaces.
struct PCAPNGSection {
    static let blockType: UInt32 = 0x0A0D_0D0A
    private static let byteOrderMagic: UInt32 = 0x1A2B_3C4D

    struct Interface {
        var linkType: UInt32
        var snapLength: UInt32
        /// if_tsresol: 10^-n seconds, or 2^-n when the high bit is set. The default is microseconds.
        var resolution: UInt8 = 6

        /// 10^0 … 10^19, the powers that fit in 64 bits.
        private static let powersOfTen: [UInt64] = (0...19).map { exponent in
            (0..<exponent).reduce(1) { power, _ in power * 10 }
        }

        func nanoseconds(_ ticks: UInt64) -> Int64 {
            let exponent = Int(self.resolution & 0x7F)
            if self.resolution & 0x80 != 0 {
                // In integers: through a Double, a 2^-20 s timestamp of today lost up to 256 ns.
                let seconds = ticks >> exponent
                let fraction = UInt128(ticks & ((exponent >= 64 ? 0 : 1 << exponent) &- 1))
                let nanoseconds = UInt64(truncatingIfNeeded: (fraction * 1_000_000_000) >> exponent)
                return Int64(truncatingIfNeeded: seconds &* 1_000_000_000 &+ nanoseconds)
            }
            if exponent <= 9 { return Int64(truncatingIfNeeded: ticks &* Self.powersOfTen[9 - exponent]) }
            return Int64(ticks / Self.powersOfTen[min(exponent - 9, 19)])
        }
    }

    var endianness: Endianness
    var interfaces: [Interface] = []

    private typealias FormatError = PCAPReader.FormatError

    /// Reads the Section Header Block at the reader index.
    static func read(from buffer: inout ByteBuffer) throws -> PCAPNGSection {
        guard let type = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self),
            type == Self.blockType,
            let magic = buffer.getInteger(at: buffer.readerIndex + 8, endianness: .little, as: UInt32.self)
        else { throw FormatError(description: "not a pcapng file: shorter than its section header") }
        let endianness: Endianness
        switch magic {
        case Self.byteOrderMagic: endianness = .little
        case Self.byteOrderMagic.byteSwapped: endianness = .big
        default:
            throw FormatError(description: "not a pcapng file: byte-order magic 0x\(String(magic, radix: 16))")
        }
        var section = PCAPNGSection(endianness: endianness)
        // The block's body (version, section length, options) says nothing a reader of TCP needs.
        _ = try section.block(from: &buffer)
        return section
    }

    /// The next block: its type and its body (without the type and the two lengths).
    private func block(from buffer: inout ByteBuffer) throws -> (UInt32, ByteBuffer)? {
        guard buffer.readableBytes > 0 else { return nil }
        guard let type = buffer.getInteger(at: buffer.readerIndex, endianness: self.endianness, as: UInt32.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 4, endianness: self.endianness, as: UInt32.self)
        else { throw FormatError(description: "the file ends inside a pcapng block header") }
        guard length >= 12, length % 4 == 0, Int(length) <= buffer.readableBytes,
            let body = buffer.getSlice(at: buffer.readerIndex + 8, length: Int(length) - 12)
        else { throw FormatError(description: "a pcapng block with a bad length (\(length)) or cut short") }
        buffer.moveReaderIndex(forwardBy: Int(length))
        return (type, body)
    }

    /// The next captured frame, its link type and its timestamp (nanoseconds since 1970); nil at the end.
    mutating func nextFrame(from buffer: inout ByteBuffer) throws -> (ByteBuffer, UInt32, Int64)? {
        while true {
            // A new section may change the byte order: read its magic before its length.
            if buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) == Self.blockType {
                self = try Self.read(from: &buffer)
                continue
            }
            guard let (type, body) = try self.block(from: &buffer) else { return nil }
            var block = body
            switch type {
            case 1:  // Interface Description Block
                self.interfaces.append(try self.interface(&block))
            case 6, 2:  // Enhanced Packet Block; the obsolete Packet Block
                let interface: Int?
                if type == 6 {
                    interface = block.readInteger(endianness: self.endianness, as: UInt32.self).map(Int.init)
                } else {
                    interface = block.readInteger(endianness: self.endianness, as: UInt16.self).map(Int.init)
                    _ = block.readInteger(endianness: self.endianness, as: UInt16.self)  // drops count
                }
                guard let interface, interface < self.interfaces.count,
                    let high = block.readInteger(endianness: self.endianness, as: UInt32.self),
                    let low = block.readInteger(endianness: self.endianness, as: UInt32.self),
                    let captured = block.readInteger(endianness: self.endianness, as: UInt32.self),
                    block.readInteger(endianness: self.endianness, as: UInt32.self) != nil,
                    let frame = block.readSlice(length: Int(captured))
                else { throw FormatError(description: "a pcapng packet block that is cut short or names no interface") }
                let description = self.interfaces[interface]
                let ticks = UInt64(high) << 32 | UInt64(low)
                return (frame, description.linkType, description.nanoseconds(ticks))
            case 3:  // Simple Packet Block: interface 0, no timestamp, captured up to the snap length
                guard let first = self.interfaces.first,
                    let original = block.readInteger(endianness: self.endianness, as: UInt32.self)
                else { throw FormatError(description: "a pcapng simple packet block before any interface") }
                let snap = first.snapLength == 0 ? UInt32.max : first.snapLength
                let length = min(Int(min(original, snap)), block.readableBytes)
                return (block.readSlice(length: length)!, first.linkType, 0)
            default:
                continue  // name resolution, statistics, decryption secrets, custom blocks
            }
        }
    }

    private func interface(_ block: inout ByteBuffer) throws -> Interface {
        guard let linkType = block.readInteger(endianness: self.endianness, as: UInt16.self),
            block.readInteger(endianness: self.endianness, as: UInt16.self) != nil,
            let snapLength = block.readInteger(endianness: self.endianness, as: UInt32.self)
        else { throw FormatError(description: "a pcapng interface description that is cut short") }
        var interface = Interface(linkType: UInt32(linkType), snapLength: snapLength)
        // Options: code, length, value padded to 32 bits; opt_endofopt (0) ends them.
        while let code = block.readInteger(endianness: self.endianness, as: UInt16.self),
            let length = block.readInteger(endianness: self.endianness, as: UInt16.self), code != 0
        {
            guard let value = block.readSlice(length: Int(length)) else { break }
            if code == 9, length == 1, let resolution = value.getInteger(at: value.readerIndex, as: UInt8.self) {
                interface.resolution = resolution
            }
            block.moveReaderIndex(forwardBy: min((4 - Int(length) % 4) % 4, block.readableBytes))
        }
        return interface
    }
}
