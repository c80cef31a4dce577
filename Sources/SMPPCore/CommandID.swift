// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// `command_id` (SMPP 3.4 §5.1.2): which operation a PDU carries.
///
/// An open set: vendors and later versions add ids, so this is a struct, not an enum.
/// A response id is its request id with bit 31 set.
public struct CommandID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let genericNack = CommandID(rawValue: 0x8000_0000)
    public static let bindReceiver = CommandID(rawValue: 0x0000_0001)
    public static let bindReceiverResponse = CommandID(rawValue: 0x8000_0001)
    public static let bindTransmitter = CommandID(rawValue: 0x0000_0002)
    public static let bindTransmitterResponse = CommandID(rawValue: 0x8000_0002)
    public static let querySM = CommandID(rawValue: 0x0000_0003)
    public static let querySMResponse = CommandID(rawValue: 0x8000_0003)
    public static let submitSM = CommandID(rawValue: 0x0000_0004)
    public static let submitSMResponse = CommandID(rawValue: 0x8000_0004)
    public static let deliverSM = CommandID(rawValue: 0x0000_0005)
    public static let deliverSMResponse = CommandID(rawValue: 0x8000_0005)
    public static let unbind = CommandID(rawValue: 0x0000_0006)
    public static let unbindResponse = CommandID(rawValue: 0x8000_0006)
    public static let replaceSM = CommandID(rawValue: 0x0000_0007)
    public static let replaceSMResponse = CommandID(rawValue: 0x8000_0007)
    public static let cancelSM = CommandID(rawValue: 0x0000_0008)
    public static let cancelSMResponse = CommandID(rawValue: 0x8000_0008)
    public static let bindTransceiver = CommandID(rawValue: 0x0000_0009)
    public static let bindTransceiverResponse = CommandID(rawValue: 0x8000_0009)
    public static let outbind = CommandID(rawValue: 0x0000_000B)
    public static let enquireLink = CommandID(rawValue: 0x0000_0015)
    public static let enquireLinkResponse = CommandID(rawValue: 0x8000_0015)
    public static let submitMulti = CommandID(rawValue: 0x0000_0021)
    public static let submitMultiResponse = CommandID(rawValue: 0x8000_0021)
    public static let alertNotification = CommandID(rawValue: 0x0000_0102)
    public static let dataSM = CommandID(rawValue: 0x0000_0103)
    public static let dataSMResponse = CommandID(rawValue: 0x8000_0103)

    /// Whether this id names a response (bit 31 set).
    public var isResponse: Bool { self.rawValue & 0x8000_0000 != 0 }

    /// The id of the response to this request.
    public var response: CommandID { CommandID(rawValue: self.rawValue | 0x8000_0000) }

    /// The id of the request this response answers.
    public var request: CommandID { CommandID(rawValue: self.rawValue & 0x7FFF_FFFF) }

    /// Whether the spec defines a response for this request (outbind and alert_notification have none).
    public var hasResponse: Bool {
        !self.isResponse && self != .outbind && self != .alertNotification && self.name != nil
    }

    /// The spec's name, e.g. `deliver_sm`, or nil for an id SMPP 3.4 does not define.
    public var name: String? {
        switch self.rawValue {
        case 0x8000_0000: "generic_nack"
        case 0x0000_0001: "bind_receiver"
        case 0x8000_0001: "bind_receiver_resp"
        case 0x0000_0002: "bind_transmitter"
        case 0x8000_0002: "bind_transmitter_resp"
        case 0x0000_0003: "query_sm"
        case 0x8000_0003: "query_sm_resp"
        case 0x0000_0004: "submit_sm"
        case 0x8000_0004: "submit_sm_resp"
        case 0x0000_0005: "deliver_sm"
        case 0x8000_0005: "deliver_sm_resp"
        case 0x0000_0006: "unbind"
        case 0x8000_0006: "unbind_resp"
        case 0x0000_0007: "replace_sm"
        case 0x8000_0007: "replace_sm_resp"
        case 0x0000_0008: "cancel_sm"
        case 0x8000_0008: "cancel_sm_resp"
        case 0x0000_0009: "bind_transceiver"
        case 0x8000_0009: "bind_transceiver_resp"
        case 0x0000_000B: "outbind"
        case 0x0000_0015: "enquire_link"
        case 0x8000_0015: "enquire_link_resp"
        case 0x0000_0021: "submit_multi"
        case 0x8000_0021: "submit_multi_resp"
        case 0x0000_0102: "alert_notification"
        case 0x0000_0103: "data_sm"
        case 0x8000_0103: "data_sm_resp"
        default: nil
        }
    }

    public var description: String {
        self.name ?? "command_id 0x" + String(self.rawValue, radix: 16, uppercase: true).leftPadded(to: 8)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        self.count >= width ? self : String(repeating: pad, count: width - self.count) + self
    }
}
