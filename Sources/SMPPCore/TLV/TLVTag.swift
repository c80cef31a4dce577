// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// A TLV `parameter_tag` (SMPP 3.4 §5.3.2): an open set, with 0x1400–0x3FFF for vendors.
public struct TLVTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// `dest_addr_subunit` (0x0005).
    public static let destinationAddressSubunit = TLVTag(rawValue: 0x0005)
    /// `dest_network_type` (0x0006).
    public static let destinationNetworkType = TLVTag(rawValue: 0x0006)
    /// `dest_bearer_type` (0x0007).
    public static let destinationBearerType = TLVTag(rawValue: 0x0007)
    /// `dest_telematics_id` (0x0008).
    public static let destinationTelematicsID = TLVTag(rawValue: 0x0008)
    /// `source_addr_subunit` (0x000D).
    public static let sourceAddressSubunit = TLVTag(rawValue: 0x000D)
    /// `source_network_type` (0x000E).
    public static let sourceNetworkType = TLVTag(rawValue: 0x000E)
    /// `source_bearer_type` (0x000F).
    public static let sourceBearerType = TLVTag(rawValue: 0x000F)
    /// `source_telematics_id` (0x0010).
    public static let sourceTelematicsID = TLVTag(rawValue: 0x0010)
    /// `qos_time_to_live` (0x0017).
    public static let qosTimeToLive = TLVTag(rawValue: 0x0017)
    /// `payload_type` (0x0019).
    public static let payloadType = TLVTag(rawValue: 0x0019)
    /// `additional_status_info_text` (0x001D).
    public static let additionalStatusInfoText = TLVTag(rawValue: 0x001D)
    /// `receipted_message_id` (0x001E).
    public static let receiptedMessageID = TLVTag(rawValue: 0x001E)
    /// `ms_msg_wait_facilities` (0x0030).
    public static let msMessageWaitFacilities = TLVTag(rawValue: 0x0030)
    /// `privacy_indicator` (0x0201).
    public static let privacyIndicator = TLVTag(rawValue: 0x0201)
    /// `source_subaddress` (0x0202).
    public static let sourceSubaddress = TLVTag(rawValue: 0x0202)
    /// `dest_subaddress` (0x0203).
    public static let destinationSubaddress = TLVTag(rawValue: 0x0203)
    /// `user_message_reference` (0x0204).
    public static let userMessageReference = TLVTag(rawValue: 0x0204)
    /// `user_response_code` (0x0205).
    public static let userResponseCode = TLVTag(rawValue: 0x0205)
    /// `source_port` (0x020A).
    public static let sourcePort = TLVTag(rawValue: 0x020A)
    /// `destination_port` (0x020B).
    public static let destinationPort = TLVTag(rawValue: 0x020B)
    /// `sar_msg_ref_num` (0x020C).
    public static let sarMessageReferenceNumber = TLVTag(rawValue: 0x020C)
    /// `language_indicator` (0x020D).
    public static let languageIndicator = TLVTag(rawValue: 0x020D)
    /// `sar_total_segments` (0x020E).
    public static let sarTotalSegments = TLVTag(rawValue: 0x020E)
    /// `sar_segment_seqnum` (0x020F).
    public static let sarSegmentSequenceNumber = TLVTag(rawValue: 0x020F)
    /// `sc_interface_version` (0x0210).
    public static let scInterfaceVersion = TLVTag(rawValue: 0x0210)
    /// `callback_num_pres_ind` (0x0302).
    public static let callbackNumberPresentationIndicator = TLVTag(rawValue: 0x0302)
    /// `callback_num_atag` (0x0303).
    public static let callbackNumberAlphanumericLabel = TLVTag(rawValue: 0x0303)
    /// `number_of_messages` (0x0304).
    public static let numberOfMessages = TLVTag(rawValue: 0x0304)
    /// `callback_num` (0x0381).
    public static let callbackNumber = TLVTag(rawValue: 0x0381)
    /// `dpf_result` (0x0420).
    public static let dpfResult = TLVTag(rawValue: 0x0420)
    /// `set_dpf` (0x0421).
    public static let setDPF = TLVTag(rawValue: 0x0421)
    /// `ms_availability_status` (0x0422).
    public static let msAvailabilityStatus = TLVTag(rawValue: 0x0422)
    /// `network_error_code` (0x0423).
    public static let networkErrorCode = TLVTag(rawValue: 0x0423)
    /// `message_payload` (0x0424).
    public static let messagePayload = TLVTag(rawValue: 0x0424)
    /// `delivery_failure_reason` (0x0425).
    public static let deliveryFailureReason = TLVTag(rawValue: 0x0425)
    /// `more_messages_to_send` (0x0426).
    public static let moreMessagesToSend = TLVTag(rawValue: 0x0426)
    /// `message_state` (0x0427).
    public static let messageState = TLVTag(rawValue: 0x0427)
    /// `ussd_service_op` (0x0501).
    public static let ussdServiceOp = TLVTag(rawValue: 0x0501)
    /// `display_time` (0x1201).
    public static let displayTime = TLVTag(rawValue: 0x1201)
    /// `sms_signal` (0x1203).
    public static let smsSignal = TLVTag(rawValue: 0x1203)
    /// `ms_validity` (0x1204).
    public static let msValidity = TLVTag(rawValue: 0x1204)
    /// `alert_on_message_delivery` (0x130C).
    public static let alertOnMessageDelivery = TLVTag(rawValue: 0x130C)
    /// `its_reply_type` (0x1380).
    public static let itsReplyType = TLVTag(rawValue: 0x1380)
    /// `its_session_info` (0x1383).
    public static let itsSessionInfo = TLVTag(rawValue: 0x1383)

    /// Every tag SMPP 3.4 defines (§5.3.2), in tag order.
    public static let allSMPP34: [TLVTag] = [
        .destinationAddressSubunit, .destinationNetworkType, .destinationBearerType, .destinationTelematicsID,
        .sourceAddressSubunit, .sourceNetworkType, .sourceBearerType, .sourceTelematicsID, .qosTimeToLive, .payloadType,
        .additionalStatusInfoText, .receiptedMessageID, .msMessageWaitFacilities, .privacyIndicator, .sourceSubaddress,
        .destinationSubaddress, .userMessageReference, .userResponseCode, .sourcePort, .destinationPort,
        .sarMessageReferenceNumber, .languageIndicator, .sarTotalSegments, .sarSegmentSequenceNumber,
        .scInterfaceVersion, .callbackNumberPresentationIndicator, .callbackNumberAlphanumericLabel, .numberOfMessages,
        .callbackNumber, .dpfResult, .setDPF, .msAvailabilityStatus, .networkErrorCode, .messagePayload,
        .deliveryFailureReason, .moreMessagesToSend, .messageState, .ussdServiceOp, .displayTime, .smsSignal,
        .msValidity, .alertOnMessageDelivery, .itsReplyType, .itsSessionInfo,
    ]

    /// Whether the tag is in the vendor-specific range 0x1400–0x3FFF.
    public var isVendorSpecific: Bool { (0x1400...0x3FFF).contains(self.rawValue) }

    /// The spec's name, e.g. `message_payload`, or nil for a tag SMPP 3.4 does not define.
    public var name: String? {
        switch self.rawValue {
        case 0x0005: "dest_addr_subunit"
        case 0x0006: "dest_network_type"
        case 0x0007: "dest_bearer_type"
        case 0x0008: "dest_telematics_id"
        case 0x000D: "source_addr_subunit"
        case 0x000E: "source_network_type"
        case 0x000F: "source_bearer_type"
        case 0x0010: "source_telematics_id"
        case 0x0017: "qos_time_to_live"
        case 0x0019: "payload_type"
        case 0x001D: "additional_status_info_text"
        case 0x001E: "receipted_message_id"
        case 0x0030: "ms_msg_wait_facilities"
        case 0x0201: "privacy_indicator"
        case 0x0202: "source_subaddress"
        case 0x0203: "dest_subaddress"
        case 0x0204: "user_message_reference"
        case 0x0205: "user_response_code"
        case 0x020A: "source_port"
        case 0x020B: "destination_port"
        case 0x020C: "sar_msg_ref_num"
        case 0x020D: "language_indicator"
        case 0x020E: "sar_total_segments"
        case 0x020F: "sar_segment_seqnum"
        case 0x0210: "sc_interface_version"
        case 0x0302: "callback_num_pres_ind"
        case 0x0303: "callback_num_atag"
        case 0x0304: "number_of_messages"
        case 0x0381: "callback_num"
        case 0x0420: "dpf_result"
        case 0x0421: "set_dpf"
        case 0x0422: "ms_availability_status"
        case 0x0423: "network_error_code"
        case 0x0424: "message_payload"
        case 0x0425: "delivery_failure_reason"
        case 0x0426: "more_messages_to_send"
        case 0x0427: "message_state"
        case 0x0501: "ussd_service_op"
        case 0x1201: "display_time"
        case 0x1203: "sms_signal"
        case 0x1204: "ms_validity"
        case 0x130C: "alert_on_message_delivery"
        case 0x1380: "its_reply_type"
        case 0x1383: "its_session_info"

        default: nil
        }
    }

    /// The value lengths SMPP 3.4 allows for this tag, or nil when the tag is not a 3.4 tag.
    ///
    /// Variable-length C-Octet String values count their NUL.
    public var allowedLengths: ClosedRange<Int>? {
        switch self.rawValue {
        case 0x0005: 1...1
        case 0x0006: 1...1
        case 0x0007: 1...1
        case 0x0008: 2...2
        case 0x000D: 1...1
        case 0x000E: 1...1
        case 0x000F: 1...1
        case 0x0010: 1...1
        case 0x0017: 4...4
        case 0x0019: 1...1
        case 0x001D: 1...256
        case 0x001E: 1...65
        case 0x0030: 1...1
        case 0x0201: 1...1
        case 0x0202: 2...23
        case 0x0203: 2...23
        case 0x0204: 2...2
        case 0x0205: 1...1
        case 0x020A: 2...2
        case 0x020B: 2...2
        case 0x020C: 2...2
        case 0x020D: 1...1
        case 0x020E: 1...1
        case 0x020F: 1...1
        case 0x0210: 1...1
        case 0x0302: 1...1
        case 0x0303: 0...65
        case 0x0304: 1...1
        case 0x0381: 4...19
        case 0x0420: 1...1
        case 0x0421: 1...1
        case 0x0422: 1...1
        case 0x0423: 3...3
        case 0x0424: 0...65535
        case 0x0425: 1...1
        case 0x0426: 1...1
        case 0x0427: 1...1
        case 0x0501: 1...1
        case 0x1201: 1...1
        case 0x1203: 2...2
        case 0x1204: 1...1
        case 0x130C: 0...1
        case 0x1380: 1...1
        case 0x1383: 2...2

        default: nil
        }
    }

    public var description: String {
        self.name ?? "0x" + String(self.rawValue, radix: 16, uppercase: true).leftPadded(to: 4)
    }
}
