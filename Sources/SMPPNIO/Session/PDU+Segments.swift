// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

extension PDU {
    /// How many SMS segments this PDU carries, for throughput limits.
    ///
    /// A part of a UDH or SAR message is one segment. A whole long message in `message_payload` counts the parts it
    /// would take on the air (153 GSM septets, 134 octets or 67 UTF-16 units each), so that a throttle counts what
    /// the network carries and not PDUs.
    var segmentCount: Int {
        switch self.body {
        case .submitSM(let message), .deliverSM(let message):
            guard let payload = message.tlvs.messagePayload else { return 1 }
            return Self.segments(octets: payload.readableBytes, dataCoding: DataCoding(rawValue: message.dataCoding))
        case .dataSM(let message):
            guard let payload = message.tlvs.messagePayload else { return 1 }
            return Self.segments(octets: payload.readableBytes, dataCoding: DataCoding(rawValue: message.dataCoding))
        case .submitMulti:
            return 1
        default:
            return 0
        }
    }

    private static func segments(octets: Int, dataCoding: DataCoding) -> Int {
        let (single, part) =
            switch dataCoding.alphabet(defaultAlphabet: .gsm7Unpacked) {
            case .gsm7: (160, 153)
            case .ucs2: (140, 134)
            case .ascii, .latin1, .binary: (140, 134)
            }
        guard octets > single else { return 1 }
        return (octets + part - 1) / part
    }
}
