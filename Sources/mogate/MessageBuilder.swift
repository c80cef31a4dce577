// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// Turns one segment of `mogate send`'s text into the PDU body of the chosen operation.
struct MessageBuilder {
    var operation: SendOperation
    var from: String
    var fromTON: UInt8
    var fromNPI: UInt8
    var to: String
    var toTON: UInt8
    var toNPI: UInt8

    init(command: SendCommand) {
        self.operation = command.operation
        // An alphanumeric sender is TON 5 / NPI 0; a leading + means international.
        let digits = command.from.hasPrefix("+") ? String(command.from.dropFirst()) : command.from
        let isNumeric = !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
        self.from = isNumeric ? digits : command.from
        self.fromTON = command.fromTon ?? (isNumeric ? 1 : 5)
        self.fromNPI = command.fromNpi ?? (isNumeric ? 1 : 0)
        self.to = command.to.hasPrefix("+") ? String(command.to.dropFirst()) : command.to
        self.toTON = command.toTon
        self.toNPI = command.toNpi
    }

    func body(for segment: SMSText.Segment) -> PDU.Body {
        switch self.operation {
        case .dataSM:
            return .dataSM(
                DataSM(
                    segment: segment,
                    sourceAddressTON: self.fromTON,
                    sourceAddressNPI: self.fromNPI,
                    sourceAddress: self.from,
                    destinationAddressTON: self.toTON,
                    destinationAddressNPI: self.toNPI,
                    destinationAddress: self.to
                )
            )
        case .submitSM, .deliverSM:
            let message = SubmitSM(
                segment: segment,
                sourceAddressTON: self.fromTON,
                sourceAddressNPI: self.fromNPI,
                sourceAddress: self.from,
                destinationAddressTON: self.toTON,
                destinationAddressNPI: self.toNPI,
                destinationAddress: self.to
            )
            return self.operation == .submitSM ? .submitSM(message) : .deliverSM(message)
        }
    }
}
