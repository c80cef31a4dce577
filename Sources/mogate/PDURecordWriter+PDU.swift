// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// How the decode command renders message content.
struct PDURenderOptions: Sendable {
    /// What `data_coding` 0 means when decoding `text`.
    var defaultAlphabet: DefaultAlphabet = .gsm7Unpacked
}

/// The stream could not be split into PDUs any further: a `command_length` under 16 or over the maximum,
/// or input that ends inside a PDU.
struct FramingFailure: Hashable, Sendable {
    /// Where the unusable bytes start in the input.
    var offset: Int
    /// Why framing was lost, without content.
    var reason: String
    /// Header fields, where enough octets remain to read them.
    var commandLength: UInt32?
    var commandID: CommandID?
    var sequenceNumber: UInt32?
}

extension PDURecordWriter {
    /// Writes one framed PDU: its fields, or an error record if its body is malformed. `origin`, for PDUs read
    /// from a capture, adds `time`, `src` and `dst` before the other fields.
    mutating func write(
        _ result: PDU.DecodingResult,
        commandLength: Int,
        options: PDURenderOptions,
        origin: CaptureOrigin? = nil
    ) {
        switch result {
        case .pdu(let pdu):
            self.beginRecord(title: pdu.commandID.nameOrHex)
            if let origin { self.write(origin) }
            self.number("command_length", commandLength)
            self.commandID("command_id", pdu.commandID)
            self.commandStatus("command_status", pdu.commandStatus)
            self.number("sequence_number", pdu.sequenceNumber)
            self.write(pdu.body, options: options)
            self.endRecord()
        case .malformed(let header, let error):
            self.beginRecord(title: "malformed " + header.commandID.nameOrHex)
            if let origin { self.write(origin) }
            self.string("error", error.description)
            self.statusName("command_status", error.commandStatus)
            self.number("sequence_number", header.sequenceNumber)
            self.commandID("command_id", header.commandID)
            self.number("command_length", header.commandLength)
            self.endRecord()
        }
    }

    /// Writes the error record that ends a stream whose framing is lost.
    mutating func write(_ failure: FramingFailure, origin: CaptureOrigin? = nil) {
        self.beginRecord(title: "framing lost")
        if let origin { self.write(origin) }
        self.string("error", "framing lost: " + failure.reason)
        self.statusName("command_status", .invalidCommandLength)
        if let sequenceNumber = failure.sequenceNumber {
            self.number("sequence_number", sequenceNumber)
        } else {
            self.optionalString("sequence_number", nil)
        }
        if let commandID = failure.commandID { self.commandID("command_id", commandID) }
        if let commandLength = failure.commandLength { self.number("command_length", commandLength) }
        self.number("offset", failure.offset)
        self.endRecord()
    }
}

extension CommandID {
    /// The spec's name, or `0x…` (eight lowercase hex digits) for an id SMPP 3.4 does not define.
    var nameOrHex: String {
        if let name = self.name { return name }
        var bytes: [UInt8] = Array("0x".utf8)
        bytes.appendHex(UInt64(self.rawValue), width: 8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
