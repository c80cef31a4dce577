// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore
import Testing

@Suite("Command ids, statuses and sequence numbers")
struct CommandTests {
    @Test("responses are requests with bit 31 set")
    func responses() {
        #expect(CommandID.submitSM.response == .submitSMResponse)
        #expect(CommandID.dataSMResponse.request == .dataSM)
        #expect(CommandID.genericNack.isResponse)
        #expect(!CommandID.outbind.hasResponse && !CommandID.alertNotification.hasResponse)
        #expect(CommandID.enquireLink.hasResponse)
        #expect(!CommandID(rawValue: 0x111).hasResponse)  // broadcast_sm is SMPP 5.0
    }

    @Test(
        "names follow the spec",
        arguments: [
            (CommandID.deliverSM, "deliver_sm"), (.bindTransceiverResponse, "bind_transceiver_resp"),
            (.alertNotification, "alert_notification"), (CommandID(rawValue: 0x0000_0111), "command_id 0x00000111"),
        ]
    )
    func commandNames(_ id: CommandID, _ name: String) {
        #expect(id.description == name)
    }

    @Test(
        "statuses have spec names and look up by name",
        arguments: [
            (CommandStatus.invalidOptionalParameterValue, "ESME_RINVOPTPARAMVAL", UInt32(0xC4)),
            (.throttled, "ESME_RTHROTTLED", 0x58), (.temporaryAppError, "ESME_RX_T_APPN", 0x64),
            (.alreadyBound, "ESME_RALYBND", 0x05), (.messageQueueFull, "ESME_RMSGQFUL", 0x14),
        ]
    )
    func statusNames(_ status: CommandStatus, _ name: String, _ raw: UInt32) {
        #expect(status.rawValue == raw)
        #expect(status.name == name)
        #expect(CommandStatus(name: name) == status)
        #expect(CommandStatus(name: String(name.dropFirst(5))) == status)
    }

    @Test("vendor statuses are kept")
    func vendor() {
        let vendor = CommandStatus(rawValue: 0x401)
        #expect(vendor.isVendorSpecific && vendor.name == nil && vendor.description == "0x00000401")
    }

    @Test("sequence numbers wrap from 0x7FFFFFFF to 1")
    func sequenceWrap() {
        var generator = SequenceNumberGenerator(startingAt: 0x7FFF_FFFE)
        #expect(generator.next() == 0x7FFF_FFFE)
        #expect(generator.next() == 0x7FFF_FFFF)
        #expect(generator.next() == 1)
        #expect(!SequenceNumberGenerator.isValid(0) && !SequenceNumberGenerator.isValid(0x8000_0000))
    }
}
