// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `command_status` (SMPP 3.4 §5.1.3): the outcome a response reports.
///
/// An open set: 0x400–0x4FF are vendor codes, so this is a struct, not an enum.
public struct CommandStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `ESME_ROK` (0x00).
    public static let ok = CommandStatus(rawValue: 0x00)
    /// `ESME_RINVMSGLEN` (0x01).
    public static let invalidMessageLength = CommandStatus(rawValue: 0x01)
    /// `ESME_RINVCMDLEN` (0x02).
    public static let invalidCommandLength = CommandStatus(rawValue: 0x02)
    /// `ESME_RINVCMDID` (0x03).
    public static let invalidCommandID = CommandStatus(rawValue: 0x03)
    /// `ESME_RINVBNDSTS` (0x04).
    public static let invalidBindStatus = CommandStatus(rawValue: 0x04)
    /// `ESME_RALYBND` (0x05).
    public static let alreadyBound = CommandStatus(rawValue: 0x05)
    /// `ESME_RINVPRTFLG` (0x06).
    public static let invalidPriorityFlag = CommandStatus(rawValue: 0x06)
    /// `ESME_RINVREGDLVFLG` (0x07).
    public static let invalidRegisteredDeliveryFlag = CommandStatus(rawValue: 0x07)
    /// `ESME_RSYSERR` (0x08).
    public static let systemError = CommandStatus(rawValue: 0x08)
    /// `ESME_RINVSRCADR` (0x0A).
    public static let invalidSourceAddress = CommandStatus(rawValue: 0x0A)
    /// `ESME_RINVDSTADR` (0x0B).
    public static let invalidDestinationAddress = CommandStatus(rawValue: 0x0B)
    /// `ESME_RINVMSGID` (0x0C).
    public static let invalidMessageID = CommandStatus(rawValue: 0x0C)
    /// `ESME_RBINDFAIL` (0x0D).
    public static let bindFailed = CommandStatus(rawValue: 0x0D)
    /// `ESME_RINVPASWD` (0x0E).
    public static let invalidPassword = CommandStatus(rawValue: 0x0E)
    /// `ESME_RINVSYSID` (0x0F).
    public static let invalidSystemID = CommandStatus(rawValue: 0x0F)
    /// `ESME_RCANCELFAIL` (0x11).
    public static let cancelFailed = CommandStatus(rawValue: 0x11)
    /// `ESME_RREPLACEFAIL` (0x13).
    public static let replaceFailed = CommandStatus(rawValue: 0x13)
    /// `ESME_RMSGQFUL` (0x14).
    public static let messageQueueFull = CommandStatus(rawValue: 0x14)
    /// `ESME_RINVSERTYP` (0x15).
    public static let invalidServiceType = CommandStatus(rawValue: 0x15)
    /// `ESME_RINVNUMDESTS` (0x33).
    public static let invalidNumberOfDestinations = CommandStatus(rawValue: 0x33)
    /// `ESME_RINVDLNAME` (0x34).
    public static let invalidDistributionListName = CommandStatus(rawValue: 0x34)
    /// `ESME_RINVDESTFLAG` (0x40).
    public static let invalidDestinationFlag = CommandStatus(rawValue: 0x40)
    /// `ESME_RINVSUBREP` (0x42).
    public static let invalidSubmitWithReplace = CommandStatus(rawValue: 0x42)
    /// `ESME_RINVESMCLASS` (0x43).
    public static let invalidESMClass = CommandStatus(rawValue: 0x43)
    /// `ESME_RCNTSUBDL` (0x44).
    public static let cannotSubmitToDistributionList = CommandStatus(rawValue: 0x44)
    /// `ESME_RSUBMITFAIL` (0x45).
    public static let submitFailed = CommandStatus(rawValue: 0x45)
    /// `ESME_RINVSRCTON` (0x48).
    public static let invalidSourceTON = CommandStatus(rawValue: 0x48)
    /// `ESME_RINVSRCNPI` (0x49).
    public static let invalidSourceNPI = CommandStatus(rawValue: 0x49)
    /// `ESME_RINVDSTTON` (0x50).
    public static let invalidDestinationTON = CommandStatus(rawValue: 0x50)
    /// `ESME_RINVDSTNPI` (0x51).
    public static let invalidDestinationNPI = CommandStatus(rawValue: 0x51)
    /// `ESME_RINVSYSTYP` (0x53).
    public static let invalidSystemType = CommandStatus(rawValue: 0x53)
    /// `ESME_RINVREPFLAG` (0x54).
    public static let invalidReplaceIfPresentFlag = CommandStatus(rawValue: 0x54)
    /// `ESME_RINVNUMMSGS` (0x55).
    public static let invalidNumberOfMessages = CommandStatus(rawValue: 0x55)
    /// `ESME_RTHROTTLED` (0x58).
    public static let throttled = CommandStatus(rawValue: 0x58)
    /// `ESME_RINVSCHED` (0x61).
    public static let invalidScheduledDeliveryTime = CommandStatus(rawValue: 0x61)
    /// `ESME_RINVEXPIRY` (0x62).
    public static let invalidValidityPeriod = CommandStatus(rawValue: 0x62)
    /// `ESME_RINVDFTMSGID` (0x63).
    public static let invalidPredefinedMessageID = CommandStatus(rawValue: 0x63)
    /// `ESME_RX_T_APPN` (0x64).
    public static let temporaryAppError = CommandStatus(rawValue: 0x64)
    /// `ESME_RX_P_APPN` (0x65).
    public static let permanentAppError = CommandStatus(rawValue: 0x65)
    /// `ESME_RX_R_APPN` (0x66).
    public static let rejectedAppError = CommandStatus(rawValue: 0x66)
    /// `ESME_RQUERYFAIL` (0x67).
    public static let queryFailed = CommandStatus(rawValue: 0x67)
    /// `ESME_RINVOPTPARSTREAM` (0xC0).
    public static let invalidOptionalParameterStream = CommandStatus(rawValue: 0xC0)
    /// `ESME_ROPTPARNOTALLWD` (0xC1).
    public static let optionalParameterNotAllowed = CommandStatus(rawValue: 0xC1)
    /// `ESME_RINVPARLEN` (0xC2).
    public static let invalidParameterLength = CommandStatus(rawValue: 0xC2)
    /// `ESME_RMISSINGOPTPARAM` (0xC3).
    public static let missingOptionalParameter = CommandStatus(rawValue: 0xC3)
    /// `ESME_RINVOPTPARAMVAL` (0xC4).
    public static let invalidOptionalParameterValue = CommandStatus(rawValue: 0xC4)
    /// `ESME_RDELIVERYFAILURE` (0xFE).
    public static let deliveryFailure = CommandStatus(rawValue: 0xFE)
    /// `ESME_RUNKNOWNERR` (0xFF).
    public static let unknownError = CommandStatus(rawValue: 0xFF)

    /// Whether the status reports success.
    public var isOK: Bool { self.rawValue == 0 }

    /// Whether this is a vendor-specific code (0x400–0x4FF).
    public var isVendorSpecific: Bool { (0x400...0x4FF).contains(self.rawValue) }

    /// The spec's name, e.g. `ESME_RINVCMDID`, or nil for a code SMPP 3.4 does not define.
    public var name: String? {
        switch self.rawValue {
        case 0x00: "ESME_ROK"
        case 0x01: "ESME_RINVMSGLEN"
        case 0x02: "ESME_RINVCMDLEN"
        case 0x03: "ESME_RINVCMDID"
        case 0x04: "ESME_RINVBNDSTS"
        case 0x05: "ESME_RALYBND"
        case 0x06: "ESME_RINVPRTFLG"
        case 0x07: "ESME_RINVREGDLVFLG"
        case 0x08: "ESME_RSYSERR"
        case 0x0A: "ESME_RINVSRCADR"
        case 0x0B: "ESME_RINVDSTADR"
        case 0x0C: "ESME_RINVMSGID"
        case 0x0D: "ESME_RBINDFAIL"
        case 0x0E: "ESME_RINVPASWD"
        case 0x0F: "ESME_RINVSYSID"
        case 0x11: "ESME_RCANCELFAIL"
        case 0x13: "ESME_RREPLACEFAIL"
        case 0x14: "ESME_RMSGQFUL"
        case 0x15: "ESME_RINVSERTYP"
        case 0x33: "ESME_RINVNUMDESTS"
        case 0x34: "ESME_RINVDLNAME"
        case 0x40: "ESME_RINVDESTFLAG"
        case 0x42: "ESME_RINVSUBREP"
        case 0x43: "ESME_RINVESMCLASS"
        case 0x44: "ESME_RCNTSUBDL"
        case 0x45: "ESME_RSUBMITFAIL"
        case 0x48: "ESME_RINVSRCTON"
        case 0x49: "ESME_RINVSRCNPI"
        case 0x50: "ESME_RINVDSTTON"
        case 0x51: "ESME_RINVDSTNPI"
        case 0x53: "ESME_RINVSYSTYP"
        case 0x54: "ESME_RINVREPFLAG"
        case 0x55: "ESME_RINVNUMMSGS"
        case 0x58: "ESME_RTHROTTLED"
        case 0x61: "ESME_RINVSCHED"
        case 0x62: "ESME_RINVEXPIRY"
        case 0x63: "ESME_RINVDFTMSGID"
        case 0x64: "ESME_RX_T_APPN"
        case 0x65: "ESME_RX_P_APPN"
        case 0x66: "ESME_RX_R_APPN"
        case 0x67: "ESME_RQUERYFAIL"
        case 0xC0: "ESME_RINVOPTPARSTREAM"
        case 0xC1: "ESME_ROPTPARNOTALLWD"
        case 0xC2: "ESME_RINVPARLEN"
        case 0xC3: "ESME_RMISSINGOPTPARAM"
        case 0xC4: "ESME_RINVOPTPARAMVAL"
        case 0xFE: "ESME_RDELIVERYFAILURE"
        case 0xFF: "ESME_RUNKNOWNERR"

        default: nil
        }
    }

    /// Looks a status up by its spec name (`ESME_RTHROTTLED`, or `RTHROTTLED` without the prefix).
    public init?(name: String) {
        let wanted = name.hasPrefix("ESME_") ? name : "ESME_" + name
        for raw in UInt32(0)...0xFF where CommandStatus(rawValue: raw).name == wanted {
            self.init(rawValue: raw)
            return
        }
        return nil
    }

    public var description: String {
        self.name ?? "0x" + String(self.rawValue, radix: 16, uppercase: true).leftPadded(to: 8)
    }
}
