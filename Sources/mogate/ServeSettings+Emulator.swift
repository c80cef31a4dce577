// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import MOGateway
import SMPPCore

extension ServeSettings {
    /// The receipt profile, checked: `--receipt-profile` with `--receipt-delay`.
    func receiptProfileValue() throws -> ReceiptProfile {
        do {
            return try ReceiptProfile(parsing: self.receiptProfile, delay: self.receiptDelay)
        } catch {
            throw ValidationError("--receipt-profile/--receipt-delay: \(error)")
        }
    }

    func applyEmulator(to configuration: inout GatewayConfiguration) throws {
        configuration.emulator.receiptProfile = try self.receiptProfileValue()
        configuration.emulator.seed = self.seed.map { UInt64(bitPattern: Int64($0)) }
        configuration.emulator.mtHoldLimit = self.mtHoldLimit
        configuration.emulator.intermediateState = try self.intermediateStateValue()
    }

    /// `--receipt-intermediate`: ENROUTE or ACCEPTD, the states an SMSC reports before the final one.
    func intermediateStateValue() throws -> MessageState {
        guard let state = MessageState(stat: self.receiptIntermediate), state == .enroute || state == .accepted else {
            throw ValidationError("--receipt-intermediate: '\(self.receiptIntermediate)' is not ENROUTE or ACCEPTD")
        }
        return state
    }
}
