// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// Renders PDUs for people: one block per PDU, one `field: value` line per field, lists as indented items.
///
/// ```
/// PDU 1: deliver_sm
///   command_length: 61
///   command_id: deliver_sm (0x00000005)
///   command_status: 0x00000000 (ESME_ROK)
///   sequence_number: 1
///   source_addr: "447700900123"
///   esm_class: 0x00
///   tlvs:
///     - tag: 0x0424
///       name: "message_payload"
///       value_hex: 48656c6c6f
/// ```
/// Strings are quoted and escaped as in JSON, so empty values and control characters stay visible.
struct PDUTextWriter: PDURecordWriter {
    var output: [UInt8] = []
    private var records = 0
    /// For each open list: whether it has no items yet (it then renders as `[]`).
    private var openLists: [Bool] = []
    /// Whether the next field is the first of a list item, rendered after `- `.
    private var itemStarted = false

    init() {}

    mutating func beginRecord(title: String) {
        if self.records > 0 { self.output.append("\n") }
        self.records += 1
        self.output.append("PDU ")
        self.output.appendDecimal(UInt64(self.records))
        self.output.append(": ")
        self.output.append(contentsOf: title.utf8)
        self.output.append("\n")
    }

    mutating func endRecord() {}

    mutating func number(_ key: StaticString, _ value: UInt64, hexDigits: Int) {
        self.key(key)
        if hexDigits > 0 {
            self.output.append(" 0x")
            self.output.appendHex(value, width: hexDigits)
        } else {
            self.output.append(" ")
            self.output.appendDecimal(value)
        }
        self.output.append("\n")
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        self.output.append(" ")
        self.output.appendJSONString(value)
        self.output.append("\n")
    }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        if let value {
            self.string(key, value)
        } else {
            self.key(key)
            self.output.append(" null\n")
        }
    }

    mutating func hex(_ key: StaticString, _ bytes: some Sequence<UInt8>) {
        self.key(key)
        let start = self.output.count
        self.output.append(" ")
        self.output.appendHexDump(bytes)
        if self.output.count == start + 1 { self.output.append("(empty)") }
        self.output.append("\n")
    }

    mutating func commandID(_ key: StaticString, _ id: CommandID) {
        self.key(key)
        self.output.append(" ")
        if let name = id.name {
            self.output.append(contentsOf: name.utf8)
            self.output.append(" (0x")
            self.output.appendHex(UInt64(id.rawValue), width: 8)
            self.output.append(")\n")
        } else {
            self.output.append("0x")
            self.output.appendHex(UInt64(id.rawValue), width: 8)
            self.output.append(" (not defined by SMPP 3.4)\n")
        }
    }

    mutating func commandStatus(_ key: StaticString, _ status: CommandStatus) {
        self.key(key)
        self.output.append(" 0x")
        self.output.appendHex(UInt64(status.rawValue), width: 8)
        if let name = status.name {
            self.output.append(" (")
            self.output.append(contentsOf: name.utf8)
            self.output.append(")")
        }
        self.output.append("\n")
    }

    mutating func statusName(_ key: StaticString, _ status: CommandStatus) {
        self.key(key)
        self.output.append(" ")
        self.output.append(contentsOf: status.nameOrHex.utf8)
        self.output.append("\n")
    }

    mutating func beginList(_ key: StaticString) {
        self.key(key)
        self.openLists.append(true)
    }

    mutating func beginItem() {
        if self.openLists.last == true {
            self.output.append("\n")
            self.openLists[self.openLists.count - 1] = false
        }
        self.itemStarted = true
    }

    mutating func endItem() {
        self.itemStarted = false
    }

    mutating func endList() {
        if self.openLists.removeLast() { self.output.append(" []\n") }
    }

    /// Writes the indentation and `key:`; the value, if any, follows after a space.
    private mutating func key(_ key: StaticString) {
        // Record fields sit at 2 spaces; the fields of an item in a list at depth d at 2 + 4d,
        // with the item's first field preceded by "- ".
        let indentation = 2 + 4 * self.openLists.count
        if self.itemStarted {
            self.output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentation - 2))
            self.output.append("- ")
            self.itemStarted = false
        } else {
            self.output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentation))
        }
        self.output.append(key)
        self.output.append(":")
    }
}
