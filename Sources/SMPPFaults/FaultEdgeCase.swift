// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// A response sent broken on purpose, to test how the peer copes.
public enum FaultEdgeCase: String, CaseIterable, Hashable, Sendable {
    /// command_length is written as 8, less than the 16-byte header (§3.2): the peer loses framing and
    /// should answer generic_nack `ESME_RINVCMDLEN` and close.
    case badCommandLength = "bad_command_length"
    /// command_id is 0x800000FF, a response to no SMPP 3.4 operation: the peer should drop it (its request times
    /// out) or answer generic_nack `ESME_RINVCMDID`.
    case unknownCommandID = "unknown_command_id"
    /// sequence_number is moved by 2^30 (mod 2^31, never 0): a response to a request the peer never sent.
    case wrongSequenceNumber = "wrong_sequence_number"

    public static let badCommandLengthValue: UInt32 = 8
    public static let unknownCommandIDValue: UInt32 = 0x8000_00FF

    /// The wrong sequence number sent for `sequenceNumber`.
    public static func wrongSequenceNumber(for sequenceNumber: UInt32) -> UInt32 {
        let moved = (sequenceNumber &+ 0x4000_0000) & 0x7FFF_FFFF
        return moved == 0 ? 1 : moved
    }

    /// Breaks the encoded PDU at the buffer's reader index in place.
    public func apply(to buffer: inout ByteBuffer) {
        let start = buffer.readerIndex
        switch self {
        case .badCommandLength:
            buffer.setInteger(Self.badCommandLengthValue, at: start)
        case .unknownCommandID:
            buffer.setInteger(Self.unknownCommandIDValue, at: start + 4)
        case .wrongSequenceNumber:
            let sequenceNumber = buffer.getInteger(at: start + 12, as: UInt32.self) ?? 0
            buffer.setInteger(Self.wrongSequenceNumber(for: sequenceNumber), at: start + 12)
        }
    }
}
