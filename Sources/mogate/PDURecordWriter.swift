// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// A sink for one rendered form of decoded PDUs: JSON Lines (``PDUJSONWriter``) or readable text (``PDUTextWriter``).
///
/// ``PDURecord`` walks a PDU once, field by field, in the spec's order and with the spec's snake_case names,
/// and calls these methods; each form only decides how a field looks. Output accumulates in ``output``,
/// which the caller drains to standard output in large chunks.
protocol PDURecordWriter {
    /// Rendered octets not yet written out.
    var output: [UInt8] { get set }

    /// Starts a record. `title` heads the readable form (`deliver_sm`, `malformed submit_sm`, …).
    mutating func beginRecord(title: String)
    mutating func endRecord()

    /// An integer field. `hexDigits` > 0 asks the readable form for `0x…` with that many digits (flags, codes).
    mutating func number(_ key: StaticString, _ value: UInt64, hexDigits: Int)
    /// A text field, e.g. a C-Octet String.
    mutating func string(_ key: StaticString, _ value: String)
    /// A text field that may be absent (written as JSON `null`).
    mutating func optionalString(_ key: StaticString, _ value: String?)
    /// Octets as lowercase hex.
    mutating func hex(_ key: StaticString, _ bytes: some Sequence<UInt8>)
    /// `command_id`: the spec's name, or `0x…` for an id SMPP 3.4 does not define.
    mutating func commandID(_ key: StaticString, _ id: CommandID)
    /// A status as the number on the wire (`command_status`, `error_status_code`).
    mutating func commandStatus(_ key: StaticString, _ status: CommandStatus)
    /// A status by its spec name (`ESME_RINVMSGLEN`), as error records report it.
    mutating func statusName(_ key: StaticString, _ status: CommandStatus)

    /// Starts a list of records, e.g. `tlvs`.
    mutating func beginList(_ key: StaticString)
    mutating func beginItem()
    mutating func endItem()
    mutating func endList()
}

extension PDURecordWriter {
    mutating func number(_ key: StaticString, _ value: some BinaryInteger) {
        self.number(key, UInt64(value), hexDigits: 0)
    }

    mutating func flag(_ key: StaticString, _ value: UInt8) {
        self.number(key, UInt64(value), hexDigits: 2)
    }
}

extension CommandStatus {
    /// The spec's name, or `0x…` (eight lowercase hex digits) for a code SMPP 3.4 does not define.
    var nameOrHex: String {
        if let name = self.name { return name }
        var bytes: [UInt8] = Array("0x".utf8)
        bytes.appendHex(UInt64(self.rawValue), width: 8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
