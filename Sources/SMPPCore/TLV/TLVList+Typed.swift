// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// `network_error_code` (SMPP 3.4 §5.3.2.31): a network type and a 16-bit code.
public struct NetworkErrorCode: Hashable, Sendable {
    /// 1 ANSI-136, 2 IS-95, 3 GSM, 4 reserved.
    public var networkType: UInt8
    public var errorCode: UInt16

    public init(networkType: UInt8, errorCode: UInt16) {
        self.networkType = networkType
        self.errorCode = errorCode
    }
}

/// Typed views of the TLVs an MO gateway reads. Getters read the first TLV with the tag; setters replace it.
extension TLVList {
    private func uint8(_ tag: TLVTag) -> UInt8? { self[tag].flatMap { $0.getInteger(at: $0.readerIndex) } }
    private func uint16(_ tag: TLVTag) -> UInt16? { self[tag].flatMap { $0.getInteger(at: $0.readerIndex) } }
    private mutating func set(_ tag: TLVTag, uint8 value: UInt8?) { self.set(tag, value: value.map { [$0] }) }
    private mutating func set(_ tag: TLVTag, uint16 value: UInt16?) {
        self.set(tag, value: value.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// `sar_msg_ref_num` (0x020C): the reference shared by the segments of one message.
    public var sarMessageReferenceNumber: UInt16? {
        get { self.uint16(.sarMessageReferenceNumber) }
        set { self.set(.sarMessageReferenceNumber, uint16: newValue) }
    }

    /// `sar_total_segments` (0x020E).
    public var sarTotalSegments: UInt8? {
        get { self.uint8(.sarTotalSegments) }
        set { self.set(.sarTotalSegments, uint8: newValue) }
    }

    /// `sar_segment_seqnum` (0x020F), from 1.
    public var sarSegmentSequenceNumber: UInt8? {
        get { self.uint8(.sarSegmentSequenceNumber) }
        set { self.set(.sarSegmentSequenceNumber, uint8: newValue) }
    }

    /// `message_payload` (0x0424): the message, when it is not in short_message.
    public var messagePayload: ByteBuffer? {
        get { self[.messagePayload] }
        set { self.set(.messagePayload, value: newValue?.readableBytesView) }
    }

    /// `receipted_message_id` (0x001E), without its NUL.
    public var receiptedMessageID: String? {
        get {
            guard let value = self[.receiptedMessageID] else { return nil }
            var bytes = Array(value.readableBytesView)
            if bytes.last == 0 { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }
        set { self.set(.receiptedMessageID, value: newValue.map { Array($0.utf8) + [0] }) }
    }

    /// `message_state` (0x0427), the raw state value (1 ENROUTE … 8 REJECTED).
    public var messageStateValue: UInt8? {
        get { self.uint8(.messageState) }
        set { self.set(.messageState, uint8: newValue) }
    }

    /// `network_error_code` (0x0423).
    public var networkErrorCode: NetworkErrorCode? {
        get {
            guard let value = self[.networkErrorCode],
                let (type, code) = value.getMultipleIntegers(at: value.readerIndex, as: (UInt8, UInt16).self)
            else { return nil }
            return NetworkErrorCode(networkType: type, errorCode: code)
        }
        set {
            self.set(
                .networkErrorCode,
                value: newValue.map { [$0.networkType, UInt8($0.errorCode >> 8), UInt8($0.errorCode & 0xFF)] }
            )
        }
    }

    /// `user_message_reference` (0x0204).
    public var userMessageReference: UInt16? {
        get { self.uint16(.userMessageReference) }
        set { self.set(.userMessageReference, uint16: newValue) }
    }

    /// `source_port` (0x020A).
    public var sourcePort: UInt16? {
        get { self.uint16(.sourcePort) }
        set { self.set(.sourcePort, uint16: newValue) }
    }

    /// `destination_port` (0x020B).
    public var destinationPort: UInt16? {
        get { self.uint16(.destinationPort) }
        set { self.set(.destinationPort, uint16: newValue) }
    }

    /// `sc_interface_version` (0x0210), in bind responses.
    public var scInterfaceVersion: UInt8? {
        get { self.uint8(.scInterfaceVersion) }
        set { self.set(.scInterfaceVersion, uint8: newValue) }
    }

    /// `payload_type` (0x0019): 0 WDP, 1 WCMP.
    public var payloadType: UInt8? {
        get { self.uint8(.payloadType) }
        set { self.set(.payloadType, uint8: newValue) }
    }

    /// `callback_num` (0x0381): digit mode, TON, NPI and the number digits.
    public var callbackNumber: ByteBuffer? {
        get { self[.callbackNumber] }
        set { self.set(.callbackNumber, value: newValue?.readableBytesView) }
    }

    /// `language_indicator` (0x020D).
    public var languageIndicator: UInt8? {
        get { self.uint8(.languageIndicator) }
        set { self.set(.languageIndicator, uint8: newValue) }
    }
}
