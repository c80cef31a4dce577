// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension PDU {
    /// Writes the PDU: the header with `command_length` backfilled, then the body.
    ///
    /// Encoding cannot fail. Values out of the spec's limits are written as they are; check them first with
    /// `validationError()` where they come from users.
    public consuming func write(to buffer: inout ByteBuffer) {
        // submit_sm/deliver_sm know their length up front: one write for the header, one copy for the body.
        // Others are written with the header-only length and backfilled when their body added octets.
        switch self.body {
        case .submitSM(let message), .deliverSM(let message):
            self.write(header: PDUHeader.length + message.encodedLength, body: message.wire, to: &buffer)
        default:
            let start = buffer.writerIndex
            self.writeHeader(length: PDUHeader.length, to: &buffer)
            self.body.write(to: &buffer)
            let length = buffer.writerIndex - start
            if length != PDUHeader.length { buffer.setInteger(UInt32(truncatingIfNeeded: length), at: start) }
        }
    }

    /// The header and a body known up front, in one write: two accesses to buffers' storage (each costs a dynamic
    /// exclusivity check), where writeBuffer after the header took three.
    private func write(header length: Int, body: ByteBuffer, to buffer: inout ByteBuffer) {
        let fields = (UInt32(truncatingIfNeeded: length), self.commandID.rawValue, self.commandStatus.rawValue)
        let sequence = self.sequenceNumber
        body.withUnsafeReadableBytes { body in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes in
                bytes.storeBytes(of: fields.0.bigEndian, toByteOffset: 0, as: UInt32.self)
                bytes.storeBytes(of: fields.1.bigEndian, toByteOffset: 4, as: UInt32.self)
                bytes.storeBytes(of: fields.2.bigEndian, toByteOffset: 8, as: UInt32.self)
                bytes.storeBytes(of: sequence.bigEndian, toByteOffset: 12, as: UInt32.self)
                if let source = body.baseAddress {
                    (bytes.baseAddress! + PDUHeader.length).copyMemory(from: source, byteCount: body.count)
                }
                return length
            }
        }
    }

    private func writeHeader(length: Int, to buffer: inout ByteBuffer) {
        let fields = (UInt32(truncatingIfNeeded: length), self.commandID.rawValue, self.commandStatus.rawValue)
        let sequence = self.sequenceNumber
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: PDUHeader.length) { bytes in
            bytes.storeBytes(of: fields.0.bigEndian, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: fields.1.bigEndian, toByteOffset: 4, as: UInt32.self)
            bytes.storeBytes(of: fields.2.bigEndian, toByteOffset: 8, as: UInt32.self)
            bytes.storeBytes(of: sequence.bigEndian, toByteOffset: 12, as: UInt32.self)
            return PDUHeader.length
        }
    }

    /// The PDU's wire bytes in a new buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        self.write(to: &buffer)
        return buffer
    }

    /// Why the strict decoder would refuse this PDU's bytes (a field over its limit, sm_length over 254, …),
    /// or nil when the PDU is valid.
    public func validationError() -> SMPPDecodingError? {
        var bytes = self.encoded()
        switch PDU.decode(from: &bytes) {
        case .pdu: return nil
        case .malformed(_, let error): return error
        }
    }
}

extension PDU.Body {
    /// Writes the body's fields.
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .genericNack, .unbind, .unbindResponse, .cancelSMResponse, .replaceSMResponse, .enquireLink,
            .enquireLinkResponse, .emptyResponse:
            break
        case .bindReceiver(let bind), .bindTransmitter(let bind), .bindTransceiver(let bind):
            bind.write(to: &buffer)
        case .bindReceiverResponse(let response), .bindTransmitterResponse(let response),
            .bindTransceiverResponse(let response):
            response.write(to: &buffer)
        case .outbind(let outbind): outbind.write(to: &buffer)
        case .submitSM(let message), .deliverSM(let message): message.write(to: &buffer)
        case .submitSMResponse(let response), .deliverSMResponse(let response): response.write(to: &buffer)
        case .submitMulti(let message): message.write(to: &buffer)
        case .submitMultiResponse(let response): response.write(to: &buffer)
        case .dataSM(let message): message.write(to: &buffer)
        case .dataSMResponse(let response): response.write(to: &buffer)
        case .querySM(let query): query.write(to: &buffer)
        case .querySMResponse(let response): response.write(to: &buffer)
        case .cancelSM(let cancel): cancel.write(to: &buffer)
        case .replaceSM(let replace): replace.write(to: &buffer)
        case .alertNotification(let alert): alert.write(to: &buffer)
        case .unknown(_, var bytes): buffer.writeBuffer(&bytes)
        }
    }
}
