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
        // One access to the storage for the header and, for submit_sm and deliver_sm (the MO hot path), the body's
        // validating pass too: each access to a ByteBuffer's storage costs a dynamic exclusivity check.
        let (header, scan) = frame.withUnsafeReadableBytes { bytes -> (PDUHeader, BodyScan) in
            let header = Self.header(bytes)
            guard Int(header.commandLength) == bytes.count else { return (header, .other) }
            return (header, Self.scanBody(bytes, header))
        }
        frame.moveReaderIndex(forwardBy: PDUHeader.length)
        guard Int(header.commandLength) == frame.readableBytes + PDUHeader.length else {
            return .malformed(
                header,
                .invalidCommandLength(header.commandLength, maximum: frame.readableBytes + PDUHeader.length)
            )
        }
        return Self.result(header, scan, body: frame)
    }

    /// Frames the next PDU of a byte stream by its command_length and decodes it, in one pass over its bytes (one
    /// exclusivity check). Returns nil until the whole PDU is there. A read burst is cheaper through
    /// `decodeEach(from:maximumLength:maximumCount:_:)`, which this calls for one PDU.
    ///
    /// - Throws: `SMPPFramingError` when command_length is under 16 or over `maximumLength`: framing is lost.
    public static func decodeNext(
        from buffer: inout ByteBuffer,
        maximumLength: Int
    ) throws(SMPPFramingError) -> DecodingResult? {
        var next: DecodingResult?
        try Self.decodeEach(from: &buffer, maximumLength: maximumLength, maximumCount: 1) { result, _ in next = result }
        return next
    }

    /// The four header fields of the PDU at the start of `bytes`, which holds at least 16 octets.
    @inline(__always)
    static func header(_ bytes: UnsafeRawBufferPointer) -> PDUHeader {
        PDUHeader(
            commandLength: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)),
            commandID: CommandID(rawValue: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))),
            commandStatus: CommandStatus(
                rawValue: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            ),
            sequenceNumber: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        )
    }

    /// The validating pass of a submit_sm or deliver_sm body; `bytes` holds at least the whole PDU.
    ///
    /// It returns its findings rather than writing a captured variable, which the optimiser could not keep in
    /// registers (it destroyed a tuple of optionals through runtime metadata, about 80 instructions a PDU).
    @inline(__always)
    static func scanBody(_ bytes: UnsafeRawBufferPointer, _ header: PDUHeader) -> BodyScan {
        let id = header.commandID.rawValue
        guard id == 0x0000_0004 || id == 0x0000_0005 else { return .other }
        var cursor = SMPPCursor(UnsafeRawBufferPointer(rebasing: bytes[PDUHeader.length..<Int(header.commandLength)]))
        do throws(SMPPDecodingError) {
            return .layout(try SubmitSM.Layout(validating: &cursor))
        } catch {
            return .invalid
        }
    }

    /// The PDU from its header, what the pass found, and `body`: the rest of its frame.
    @inline(__always)
    static func result(_ header: PDUHeader, _ scan: BodyScan, body: consuming ByteBuffer) -> DecodingResult {
        switch scan {
        case .layout(let layout):
            let message = SubmitSM(wire: body, layout: layout)
            return .pdu(
                PDU(
                    sequenceNumber: header.sequenceNumber,
                    commandStatus: header.commandStatus,
                    body: header.commandID.rawValue == 0x0000_0004 ? .submitSM(message) : .deliverSM(message),
                    commandID: header.commandID
                )
            )
        case .other, .invalid:
            // Other commands, and a refused submit_sm or deliver_sm (decoded again, for the error, off the hot path).
            do {
                var body = body
                let decoded = try Body(
                    decoding: &body,
                    commandID: header.commandID,
                    commandStatus: header.commandStatus
                )
                return .pdu(
                    PDU(
                        sequenceNumber: header.sequenceNumber,
                        commandStatus: header.commandStatus,
                        body: decoded,
                        commandID: header.commandID
                    )
                )
            } catch {
                return .malformed(header, error)
            }
        }
    }

    /// What the header's pass found in the body: a submit_sm or deliver_sm laid out or refused, or another command.
    /// Trivial (no references), so that passing it on costs no copy or destroy code.
    enum BodyScan {
        case other
        case layout(SubmitSM.Layout)
        case invalid
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
