// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension SubmitSM {
    /// The variable fields of a message as raw octets borrowed from its wire bytes, as C decoders hand out
    /// (pointer, length) views: reading them copies, retains and decodes nothing.
    ///
    /// Only valid inside `withUnsafeOctets(_:)`; do not let a pointer escape the closure.
    public struct UnsafeOctets {
        @usableFromInline let body: UnsafeRawBufferPointer
        @usableFromInline let layout: Layout

        @inlinable
        init(body: UnsafeRawBufferPointer, layout: Layout) {
            self.body = body
            self.layout = layout
        }

        /// `esm_class`.
        @inlinable public var esmClass: UInt8 { self.layout.esmClass }
        /// `data_coding`.
        @inlinable public var dataCoding: UInt8 { self.layout.dataCoding }
        /// `source_addr_ton` and `source_addr_npi`.
        @inlinable public var sourceAddressTONNPI: (ton: UInt8, npi: UInt8) {
            (self.layout.sourceAddressTON, self.layout.sourceAddressNPI)
        }
        /// `dest_addr_ton` and `dest_addr_npi`.
        @inlinable public var destinationAddressTONNPI: (ton: UInt8, npi: UInt8) {
            (self.layout.destinationAddressTON, self.layout.destinationAddressNPI)
        }
        /// `registered_delivery`.
        @inlinable public var registeredDelivery: UInt8 { self.layout.registeredDelivery }

        /// `service_type`, without the NUL.
        @inlinable public var serviceType: UnsafeRawBufferPointer { self.layout.serviceType.octets(in: self.body) }
        /// `source_addr`, without the NUL.
        @inlinable public var sourceAddress: UnsafeRawBufferPointer { self.layout.sourceAddress.octets(in: self.body) }
        /// `destination_addr`, without the NUL.
        @inlinable public var destinationAddress: UnsafeRawBufferPointer {
            self.layout.destinationAddress.octets(in: self.body)
        }
        /// `schedule_delivery_time`, without the NUL.
        @inlinable public var scheduleDeliveryTime: UnsafeRawBufferPointer {
            self.layout.scheduleDeliveryTime.octets(in: self.body)
        }
        /// `validity_period`, without the NUL.
        @inlinable public var validityPeriod: UnsafeRawBufferPointer {
            self.layout.validityPeriod.octets(in: self.body)
        }
        /// `short_message` (UDH first when esm_class has 0x40).
        @inlinable public var shortMessage: UnsafeRawBufferPointer { self.layout.shortMessage.octets(in: self.body) }
        /// The optional parameters, in wire order.
        @inlinable public var tlvs: UnsafeTLVs {
            UnsafeTLVs(bytes: UnsafeRawBufferPointer(rebasing: self.body[self.layout.tlvStart...]))
        }
    }

    /// Calls `body` with the message's fields borrowed from its wire bytes: one access to the buffer, and no
    /// retain, copy or String per field. The decoding pass has checked every bound these views use.
    @inlinable
    public func withUnsafeOctets<Result>(_ body: (UnsafeOctets) throws -> Result) rethrows -> Result {
        try self.wire.withUnsafeReadableBytes { bytes in
            try body(UnsafeOctets(body: bytes, layout: self.layout))
        }
    }
}

/// A validated TLV region borrowed from a message's wire bytes; see `SubmitSM.withUnsafeOctets(_:)`.
public struct UnsafeTLVs: Sequence {
    @usableFromInline let bytes: UnsafeRawBufferPointer

    @inlinable
    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Whether the region holds no TLVs.
    @inlinable public var isEmpty: Bool { self.bytes.isEmpty }

    /// One TLV: its tag and its value octets exactly as on the wire.
    public struct Element {
        public let tag: TLVTag
        public let value: UnsafeRawBufferPointer

        @inlinable
        init(tag: TLVTag, value: UnsafeRawBufferPointer) {
            self.tag = tag
            self.value = value
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(bytes: self.bytes) }

    /// Yields each TLV in wire order. A region that was not validated ends at the first short TLV.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let bytes: UnsafeRawBufferPointer
        @usableFromInline var offset = 0

        @inlinable
        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        @inlinable
        public mutating func next() -> Element? {
            let start = self.offset
            guard self.bytes.count &- start >= 4 else { return nil }
            let tag = UInt16(self.bytes[start]) << 8 | UInt16(self.bytes[start &+ 1])
            let length = Int(self.bytes[start &+ 2]) << 8 | Int(self.bytes[start &+ 3])
            let valueStart = start &+ 4
            guard length <= self.bytes.count &- valueStart else { return nil }
            self.offset = valueStart &+ length
            return Element(
                tag: TLVTag(rawValue: tag),
                value: UnsafeRawBufferPointer(rebasing: self.bytes[valueStart..<self.offset])
            )
        }
    }
}
