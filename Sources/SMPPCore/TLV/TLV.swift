// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// One optional parameter (SMPP 3.4 §3.2.4.1): `parameter_tag` (2), `length` (2), `value` (length).
public struct TLV: Hashable, Sendable {
    public var tag: TLVTag
    /// The value octets exactly as on the wire (a C-Octet String value includes its NUL).
    public var value: ByteBuffer

    public init(tag: TLVTag, value: ByteBuffer) {
        self.tag = tag
        self.value = value
    }

    public init(tag: TLVTag, bytes: some Sequence<UInt8>) {
        self.tag = tag
        self.value = ByteBuffer(bytes: bytes)
    }
}
