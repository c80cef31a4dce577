// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension PDU {
    /// The outcome of decoding one framed PDU.
    public enum DecodingResult: Hashable, Sendable {
        /// A well-formed PDU.
        case pdu(PDU)
        /// A PDU with a readable header and a bad body: the header is kept so the sequence number can be answered
        /// with the status the error names (`SMPPDecodingError.commandStatus`).
        case malformed(PDUHeader, SMPPDecodingError)
    }

    /// Decodes one PDU from `frame`, which holds exactly one PDU, header included. Never throws.
    ///
    /// A frame shorter than the header, or whose command_length disagrees with its size, is malformed with
    /// ESME_RINVCMDLEN; a stream framer (`SMPPFrameDecoder`) never produces either.
    public static func decode(from frame: inout ByteBuffer) -> DecodingResult {
        guard frame.readableBytes >= PDUHeader.length else {
            let header = PDUHeader(
                commandLength: UInt32(frame.readableBytes),
                commandID: CommandID(rawValue: 0),
                commandStatus: .ok,
                sequenceNumber: 0
            )
            return .malformed(header, .invalidCommandLength(header.commandLength, maximum: frame.readableBytes))
        }
        // One access to the storage for all four fields and, for submit_sm and deliver_sm (the MO hot path),
        // the body's validating pass too: each access to a ByteBuffer's storage costs a dynamic exclusivity check.
        var message: (layout: SubmitSM.Layout?, failure: SMPPDecodingError?) = (nil, nil)
        let header = frame.withUnsafeReadableBytes { bytes in
            let header = PDUHeader(
                commandLength: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)),
                commandID: CommandID(
                    rawValue: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                ),
                commandStatus: CommandStatus(
                    rawValue: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
                ),
                sequenceNumber: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            )
            let id = header.commandID.rawValue
            if id == 0x0000_0004 || id == 0x0000_0005, Int(header.commandLength) == bytes.count {
                var cursor = SMPPCursor(UnsafeRawBufferPointer(rebasing: bytes[PDUHeader.length...]))
                do throws(SMPPDecodingError) {
                    message.layout = try SubmitSM.Layout(validating: &cursor)
                } catch {
                    message.failure = error
                }
            }
            return header
        }
        frame.moveReaderIndex(forwardBy: PDUHeader.length)
        guard Int(header.commandLength) == frame.readableBytes + PDUHeader.length else {
            return .malformed(
                header,
                .invalidCommandLength(header.commandLength, maximum: frame.readableBytes + PDUHeader.length)
            )
        }
        if let failure = message.failure { return .malformed(header, failure) }
        if let layout = message.layout {
            let body = SubmitSM(adopting: &frame, layout: layout)
            return .pdu(
                PDU(
                    sequenceNumber: header.sequenceNumber,
                    commandStatus: header.commandStatus,
                    body: header.commandID.rawValue == 0x0000_0004 ? .submitSM(body) : .deliverSM(body),
                    commandID: header.commandID
                )
            )
        }
        do {
            let body = try Body(decoding: &frame, commandID: header.commandID, commandStatus: header.commandStatus)
            return .pdu(
                PDU(
                    sequenceNumber: header.sequenceNumber,
                    commandStatus: header.commandStatus,
                    body: body,
                    commandID: header.commandID
                )
            )
        } catch {
            return .malformed(header, error)
        }
    }

    /// Decodes one PDU from `frame`, which holds exactly one PDU, header included.
    ///
    /// - Throws: the `SMPPDecodingError` that `decode(from:)` would report as malformed.
    public init(decoding frame: inout ByteBuffer) throws(SMPPDecodingError) {
        switch Self.decode(from: &frame) {
        case .pdu(let pdu): self = pdu
        case .malformed(_, let error): throw error
        }
    }
}

extension PDU.Body {
    /// Decodes a body of the given command, consuming `body` exactly.
    public init(
        decoding body: inout ByteBuffer,
        commandID: CommandID,
        commandStatus: CommandStatus
    )
        throws(SMPPDecodingError)
    {
        if commandID.isResponse, body.readableBytes == 0, Self.responseHasBody(commandID) {
            self = .emptyResponse(commandID)
            return
        }
        // Integer literals, not the static lets: a switch over lazily initialised globals costs a call per case.
        switch commandID.rawValue {
        case 0x8000_0000: self = .genericNack
        case 0x0000_0001: self = .bindReceiver(try Bind(decoding: &body))
        case 0x8000_0001: self = .bindReceiverResponse(try BindResponse(decoding: &body))
        case 0x0000_0002: self = .bindTransmitter(try Bind(decoding: &body))
        case 0x8000_0002: self = .bindTransmitterResponse(try BindResponse(decoding: &body))
        case 0x0000_0009: self = .bindTransceiver(try Bind(decoding: &body))
        case 0x8000_0009: self = .bindTransceiverResponse(try BindResponse(decoding: &body))
        case 0x0000_000B: self = .outbind(try Outbind(decoding: &body))
        case 0x0000_0006: self = .unbind
        case 0x8000_0006: self = .unbindResponse
        case 0x0000_0004: self = .submitSM(try SubmitSM(decoding: &body))
        case 0x8000_0004: self = .submitSMResponse(try SubmitSMResponse(decoding: &body))
        case 0x0000_0021: self = .submitMulti(try SubmitMulti(decoding: &body))
        case 0x8000_0021: self = .submitMultiResponse(try SubmitMultiResponse(decoding: &body))
        case 0x0000_0005: self = .deliverSM(try DeliverSM(decoding: &body))
        case 0x8000_0005: self = .deliverSMResponse(try DeliverSMResponse(decoding: &body))
        case 0x0000_0103: self = .dataSM(try DataSM(decoding: &body))
        case 0x8000_0103: self = .dataSMResponse(try DataSMResponse(decoding: &body))
        case 0x0000_0003: self = .querySM(try QuerySM(decoding: &body))
        case 0x8000_0003: self = .querySMResponse(try QuerySMResponse(decoding: &body))
        case 0x0000_0008: self = .cancelSM(try CancelSM(decoding: &body))
        case 0x8000_0008: self = .cancelSMResponse
        case 0x0000_0007: self = .replaceSM(try ReplaceSM(decoding: &body))
        case 0x8000_0007: self = .replaceSMResponse
        case 0x0000_0015: self = .enquireLink
        case 0x8000_0015: self = .enquireLinkResponse
        case 0x0000_0102: self = .alertNotification(try AlertNotification(decoding: &body))
        default: self = .unknown(commandID, body.readSlice(length: body.readableBytes)!)
        }
        // The body slice must be consumed exactly: leftover octets mean command_length is wrong.
        if body.readableBytes != 0 { throw .trailingBytes(body.readableBytes) }
    }

    /// Whether a response command's layout has a body (bind, submit, deliver, data, query and submit_multi responses).
    static func responseHasBody(_ commandID: CommandID) -> Bool {
        switch commandID.rawValue {
        case 0x8000_0001, 0x8000_0002, 0x8000_0009, 0x8000_0004, 0x8000_0005, 0x8000_0103, 0x8000_0003, 0x8000_0021:
            true
        default:
            false
        }
    }
}
