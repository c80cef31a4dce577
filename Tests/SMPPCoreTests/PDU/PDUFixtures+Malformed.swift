// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPTestSupport

/// Well-framed PDUs with bad bodies, each with the status a server must answer (SMPP 3.4 §5.1.3).
extension PDUFixture {
    static let malformed: [PDUFixture] = [
        PDUFixture(
            "system_id of 16 characters",
            bind(systemID: String(repeating: "s", count: 16)),
            .malformed(.invalidSystemID)
        ),
        PDUFixture("password of 9 characters", bind(password: "123456789"), .malformed(.invalidPassword)),
        PDUFixture(
            "system_type of 13 characters",
            bind(systemType: String(repeating: "t", count: 13)),
            .malformed(.invalidSystemType)
        ),
        PDUFixture(
            "address_range of 41 characters",
            bind(addressRange: String(repeating: "1", count: 41)),
            .malformed(.bindFailed)
        ),
        PDUFixture("service_type of 6 characters", message(serviceType: "ABCDEF"), .malformed(.invalidServiceType)),
        PDUFixture(
            "source_addr of 21 digits",
            message(source: String(repeating: "4", count: 21)),
            .malformed(.invalidSourceAddress)
        ),
        PDUFixture(
            "destination_addr of 21 digits",
            message(destination: String(repeating: "4", count: 21)),
            .malformed(.invalidDestinationAddress)
        ),
        PDUFixture(
            "schedule_delivery_time of 5 characters",
            message(schedule: "12345"),
            .malformed(.invalidScheduledDeliveryTime)
        ),
        PDUFixture(
            "validity_period with a bad sign",
            message(validity: "000001000000000X"),
            .malformed(.invalidValidityPeriod)
        ),
        PDUFixture(
            "sm_length 255",
            message(smLength: 255, shortMessage: Array(repeating: 0x41, count: 255)),
            .malformed(.invalidMessageLength)
        ),
        PDUFixture(
            "sm_length past the body",
            message(smLength: 20, shortMessage: Array(repeating: 0x41, count: 5)),
            .malformed(.invalidMessageLength)
        ),
        PDUFixture(
            "short_message and message_payload both with data",
            message(shortMessage: [0x41]) { $0.writeTLV(0x0424, [0x42]) },
            .malformed(.invalidOptionalParameterValue)
        ),
        PDUFixture(
            "a TLV header cut short",
            message { $0.writeBytes([0x02, 0x0C, 0x00]) },
            .malformed(.invalidOptionalParameterStream)
        ),
        PDUFixture(
            "a TLV length past the body",
            message { $0.writeMultipleIntegers(UInt16(0x1400), UInt16(10), UInt8(1)) },
            .malformed(.invalidOptionalParameterStream)
        ),
        PDUFixture(
            "sar_msg_ref_num of 1 octet",
            message { $0.writeTLV(0x020C, [1]) },
            .malformed(.invalidParameterLength)
        ),
        PDUFixture(
            "network_error_code of 2 octets",
            message { $0.writeTLV(0x0423, [3, 0]) },
            .malformed(.invalidParameterLength)
        ),
        PDUFixture(
            "sar_total_segments 0",
            message { $0.writeTLV(0x020E, [0]) },
            .malformed(.invalidOptionalParameterValue)
        ),
        PDUFixture(
            "receipted_message_id without its NUL",
            message { $0.writeTLV(0x001E, Array("abc".utf8)) },
            .malformed(.invalidOptionalParameterValue)
        ),
        PDUFixture(
            "enquire_link with a body",
            .smppPDU(0x15, sequence: 7) { $0.writeInteger(UInt8(0)) },
            .malformed(.invalidCommandLength)
        ),
        PDUFixture(
            "deliver_sm cut inside the fixed fields",
            .smppPDU(0x05, sequence: 7) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString("447700900123")
                $0.writeInteger(UInt8(1))
            },
            .malformed(.invalidCommandLength)
        ),
        PDUFixture(
            "submit_multi with no destinations",
            .smppPDU(0x21, sequence: 7) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(0), UInt8(0))
                $0.writeCString("ACME")
                $0.writeInteger(UInt8(0))
            },
            .malformed(.invalidNumberOfDestinations)
        ),
        PDUFixture(
            "submit_multi with dest_flag 3",
            .smppPDU(0x21, sequence: 7) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(0), UInt8(0))
                $0.writeCString("ACME")
                $0.writeMultipleIntegers(UInt8(1), UInt8(3))
            },
            .malformed(.invalidDestinationFlag)
        ),
        PDUFixture(
            "submit_multi with a dl_name of 21 characters",
            .smppPDU(0x21, sequence: 7) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(0), UInt8(0))
                $0.writeCString("ACME")
                $0.writeMultipleIntegers(UInt8(1), UInt8(2))
                $0.writeCString(String(repeating: "d", count: 21))
            },
            .malformed(.invalidDistributionListName)
        ),
        PDUFixture(
            "data_sm with a 65-character source_addr",
            .smppPDU(0x103, sequence: 7) {
                $0.writeCString("")
                $0.writeMultipleIntegers(UInt8(1), UInt8(1))
                $0.writeCString(String(repeating: "1", count: 65))
            },
            .malformed(.invalidSourceAddress)
        ),
        PDUFixture(
            "query_sm with a 65-character message_id",
            .smppPDU(0x03, sequence: 7) { $0.writeCString(String(repeating: "f", count: 65)) },
            .malformed(.invalidMessageID)
        ),
        PDUFixture(
            "command_length larger than the frame",
            {
                var bytes = ByteBuffer.smppPDU(0x15, sequence: 7)
                bytes.setInteger(UInt32(20), at: 0)
                return bytes
            }(),
            .malformed(.invalidCommandLength)
        ),
    ]

    static func bind(
        systemID: String = "esme",
        password: String = "pw",
        systemType: String = "",
        addressRange: String = ""
    ) -> ByteBuffer {
        .smppPDU(0x09, sequence: 7) {
            $0.writeCString(systemID)
            $0.writeCString(password)
            $0.writeCString(systemType)
            $0.writeMultipleIntegers(UInt8(0x34), UInt8(0), UInt8(0))
            $0.writeCString(addressRange)
        }
    }

    static func message(
        serviceType: String = "",
        source: String = "447700900123",
        destination: String = "4455",
        schedule: String = "",
        validity: String = "",
        smLength: UInt8? = nil,
        shortMessage: [UInt8] = [],
        tlvs: (inout ByteBuffer) -> Void = { _ in }
    ) -> ByteBuffer {
        .smppPDU(0x05, sequence: 7) {
            $0.writeCString(serviceType)
            $0.writeMultipleIntegers(UInt8(1), UInt8(1))
            $0.writeCString(source)
            $0.writeMultipleIntegers(UInt8(3), UInt8(0))
            $0.writeCString(destination)
            $0.writeMultipleIntegers(UInt8(0), UInt8(0), UInt8(0))
            $0.writeCString(schedule)
            $0.writeCString(validity)
            $0.writeMultipleIntegers(UInt8(0), UInt8(0), UInt8(0), UInt8(0))
            $0.writeInteger(smLength ?? UInt8(shortMessage.count))
            $0.writeBytes(shortMessage)
            tlvs(&$0)
        }
    }
}
