// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport
import Testing

/// A hand-built wire fixture and what the decoder must make of it.
struct PDUFixture: CustomTestStringConvertible, Sendable {
    enum Expected: Sendable {
        case success(PDU)
        case malformed(CommandStatus)
    }

    var name: String
    var bytes: ByteBuffer
    var expected: Expected

    var testDescription: String { self.name }

    init(_ name: String, _ bytes: ByteBuffer, _ expected: Expected) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }
}

extension ByteBuffer {
    /// The fixed fields of a submit_sm/deliver_sm body from esm_class to sm_default_msg_id, all zero,
    /// with empty schedule and validity.
    mutating func writeZeroMessageFlags(esmClass: UInt8 = 0, dataCoding: UInt8 = 0) {
        self.writeMultipleIntegers(esmClass, UInt8(0), UInt8(0))  // esm_class, protocol_id, priority_flag
        self.writeCString("")  // schedule_delivery_time
        self.writeCString("")  // validity_period
        self.writeMultipleIntegers(UInt8(0), UInt8(0), dataCoding, UInt8(0))  // registered … sm_default_msg_id
    }
}
