// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// Renders PDUs as JSON Lines: one object per PDU, keys in the spec's snake_case, octets as lowercase hex.
///
/// ```
/// {"command_length":61,"command_id":"deliver_sm","command_status":0,"sequence_number":1,...,"tlvs":[]}
/// ```
/// A small hand-written writer: Foundation's JSONSerialization would build a dictionary per PDU and
/// lose the key order.
struct PDUJSONWriter: PDURecordWriter {
    var output: [UInt8] = []
    /// Whether the next key or item follows a sibling and needs a comma.
    private var needsComma = false

    init() {}

    mutating func beginRecord(title: String) {
        self.output.append("{")
        self.needsComma = false
    }

    mutating func endRecord() {
        self.output.append("}\n")
        self.needsComma = false
    }

    mutating func number(_ key: StaticString, _ value: UInt64, hexDigits: Int) {
        self.key(key)
        self.output.appendDecimal(value)
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        self.output.appendJSONString(value)
    }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value {
            self.output.appendJSONString(value)
        } else {
            self.output.append("null")
        }
    }

    mutating func hex(_ key: StaticString, _ bytes: some Sequence<UInt8>) {
        self.key(key)
        self.output.append("\"")
        self.output.appendHexDump(bytes)
        self.output.append("\"")
    }

    mutating func commandID(_ key: StaticString, _ id: CommandID) {
        self.key(key)
        self.output.append("\"")
        if let name = id.name {
            self.output.append(contentsOf: name.utf8)
        } else {
            self.output.append("0x")
            self.output.appendHex(UInt64(id.rawValue), width: 8)
        }
        self.output.append("\"")
    }

    mutating func commandStatus(_ key: StaticString, _ status: CommandStatus) {
        self.number(key, UInt64(status.rawValue), hexDigits: 0)
    }

    mutating func statusName(_ key: StaticString, _ status: CommandStatus) {
        self.string(key, status.nameOrHex)
    }

    mutating func beginList(_ key: StaticString) {
        self.key(key)
        self.output.append("[")
        self.needsComma = false
    }

    mutating func beginItem() {
        if self.needsComma { self.output.append(",") }
        self.output.append("{")
        self.needsComma = false
    }

    mutating func endItem() {
        self.output.append("}")
        self.needsComma = true
    }

    mutating func endList() {
        self.output.append("]")
        self.needsComma = true
    }

    private mutating func key(_ key: StaticString) {
        if self.needsComma { self.output.append(",") }
        self.output.append("\"")
        self.output.append(key)
        self.output.append("\":")
        // A value follows at once; whatever comes after it is a sibling.
        self.needsComma = true
    }
}
