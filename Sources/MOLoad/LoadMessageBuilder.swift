// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The operation `mogate load` sends each message as.
public enum LoadOperation: String, CaseIterable, Hashable, Sendable {
    case deliverSM = "deliver_sm"
    case submitSM = "submit_sm"
    case dataSM = "data_sm"
}

/// Builds the PDUs of one tagged message: text, addresses and parts from the mix.
struct LoadMessageBuilder: Sendable {
    var command: LoadOperation
    var mix: MessageMix
    /// The receiver number (international digits, TON 1).
    var receiver: String = "447860000000"

    /// The PDU bodies (one per part) of message `tag.sequence`.
    func bodies(for tag: LoadTag) -> [PDU.Body] {
        let hash = MessageMix.mix(tag.sequence ^ 0x5A5A)
        let code = String(100_000 + hash % 900_000)
        // 1000 different senders, like a crowd of handsets.
        let subscriber = String(900_000 + tag.sequence % 1000).suffix(6)
        var sender = "4477009" + subscriber.suffix(5)
        var senderTON: UInt8 = 1
        let text: String
        switch self.mix.kind(for: tag.sequence) {
        case .otp:
            text = "Verify \(code) \(tag)"
        case .national:
            sender = "077009" + subscriber.suffix(5)
            senderTON = 2
            text = "Your code is \(code) \(tag)"
        case .ucs2:
            text = "Код \(code) ✅🔐 подтверждение \(tag)"
        case .concat:
            // 2 or 3 parts of at most 153 septets each.
            let length = hash % 2 == 0 ? 250 : 400
            var long = "Verify \(code) \(tag) "
            while long.count < length { long += Self.filler }
            text = String(long.prefix(length))
        }
        let reference = UInt16(truncatingIfNeeded: tag.sequence)
        let segments = SMSText.split(text, scheme: .udh8, reference: reference) ?? []
        return segments.map { self.body(segment: $0, sender: sender, senderTON: senderTON) }
    }

    private static let filler = "The quick brown fox jumps over the lazy dog 0123456789. "

    private func body(segment: SMSText.Segment, sender: String, senderTON: UInt8) -> PDU.Body {
        switch self.command {
        case .dataSM:
            return .dataSM(
                DataSM(
                    segment: segment,
                    sourceAddressTON: senderTON,
                    sourceAddressNPI: 1,
                    sourceAddress: sender,
                    destinationAddressTON: 1,
                    destinationAddressNPI: 1,
                    destinationAddress: self.receiver
                )
            )
        case .submitSM, .deliverSM:
            let message = SubmitSM(
                segment: segment,
                sourceAddressTON: senderTON,
                sourceAddressNPI: 1,
                sourceAddress: sender,
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: self.receiver
            )
            return self.command == .submitSM ? .submitSM(message) : .deliverSM(message)
        }
    }
}
