// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// The spec's names for the commands and statuses a profile may name.
enum FaultCommandNames {
    static let messageCommands: [String: CommandID] = [
        "submit_sm": .submitSM, "deliver_sm": .deliverSM, "data_sm": .dataSM,
    ]

    static let latencyCommands: [String: CommandID] = Self.messageCommands.merging([
        "enquire_link": .enquireLink, "query_sm": .querySM, "cancel_sm": .cancelSM, "replace_sm": .replaceSM,
        "submit_multi": .submitMulti,
    ]) { first, _ in first }

    /// `ESME_RTHROTTLED`, or a code as `0x58` (vendor codes 0x400–0x4FF have no names).
    static func status(named name: String) -> CommandStatus? {
        if name.hasPrefix("0x") || name.hasPrefix("0X"), let code = UInt32(name.dropFirst(2), radix: 16) {
            return CommandStatus(rawValue: code)
        }
        return Self.statuses[name]
    }

    private static let statuses: [String: CommandStatus] = {
        var table: [String: CommandStatus] = [:]
        for code in UInt32(0)...0xFF {
            let status = CommandStatus(rawValue: code)
            if let name = status.name { table[name] = status }
        }
        return table
    }()
}
