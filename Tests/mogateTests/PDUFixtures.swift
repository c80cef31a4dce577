// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// PDUs built with the codec, as bytes and hex, for feeding to `mogate decode`.
enum PDUFixtures {
    static func bytes(_ pdus: [PDU]) -> [UInt8] {
        var buffer = ByteBuffer()
        for pdu in pdus { pdu.write(to: &buffer) }
        return Array(buffer.readableBytesView)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func hex(_ pdus: [PDU]) -> String { Self.hex(Self.bytes(pdus)) }

    /// A PDU from raw header fields and body octets, with command_length backfilled.
    static func raw(commandID: UInt32, sequenceNumber: UInt32, body: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(UInt32(0), commandID, UInt32(0), sequenceNumber)
        body(&buffer)
        buffer.setInteger(UInt32(buffer.readableBytes), at: 0)
        return Array(buffer.readableBytesView)
    }

    /// A deliver_sm from 447700900123 to 12345 with the given content.
    static func deliverSM(
        sequenceNumber: UInt32,
        esmClass: UInt8 = 0,
        dataCoding: UInt8 = 0,
        shortMessage: [UInt8],
        tlvs: TLVList = TLVList()
    ) -> PDU {
        PDU(
            sequenceNumber: sequenceNumber,
            body: .deliverSM(
                DeliverSM(
                    sourceAddressTON: 1,
                    sourceAddressNPI: 1,
                    sourceAddress: "447700900123",
                    destinationAddress: "12345",
                    esmClass: esmClass,
                    dataCoding: dataCoding,
                    shortMessage: ByteBuffer(bytes: shortMessage),
                    tlvs: tlvs
                )
            )
        )
    }

    /// The deliver_sm body fields up to sm_length, with `sourceAddress` written as given (no length check).
    static func writeDeliverSMFields(_ buffer: inout ByteBuffer, sourceAddress: [UInt8], smLength: UInt8) {
        buffer.writeInteger(UInt8(0))  // service_type ""
        buffer.writeMultipleIntegers(UInt8(1), UInt8(1))
        buffer.writeBytes(sourceAddress)
        buffer.writeInteger(UInt8(0))
        buffer.writeMultipleIntegers(UInt8(0), UInt8(0))
        buffer.writeBytes(Array("12345".utf8) + [0])
        buffer.writeMultipleIntegers(UInt8(0), UInt8(0), UInt8(0))  // esm_class, protocol_id, priority_flag
        buffer.writeMultipleIntegers(UInt8(0), UInt8(0))  // schedule_delivery_time "", validity_period ""
        buffer.writeMultipleIntegers(UInt8(0), UInt8(0), UInt8(0), UInt8(0), smLength)
    }
}
