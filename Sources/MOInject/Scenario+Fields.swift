// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOGateway
import SMPPCore

extension Scenario {
    /// What one key of an entry does; values come as text (CSV cells, YAML scalars).
    enum FieldError: Error {
        case invalid(String)

        var reason: String {
            switch self {
            case .invalid(let reason): reason
            }
        }
    }

    /// Builds an entry from key-value pairs. TLVs come as `tlv.NAME` keys or, from YAML, ready-made.
    static func entry(
        line: Int,
        fields: [(key: String, value: String)],
        tlvs: [InjectedTLV] = []
    ) throws(FieldError) -> Entry {
        var injection = MOInjection(from: "", to: "")
        var entry = Entry(line: line, injection: injection)
        var tlvList = tlvs
        var seen: Set<String> = []
        for (key, value) in fields {
            guard seen.insert(key).inserted else { throw .invalid("\(key) is given twice") }
            if key.hasPrefix("tlv.") {
                let name = String(key.dropFirst(4))
                guard let tag = InjectedTLV.tag(named: name) else { throw .invalid("unknown TLV \"\(name)\"") }
                tlvList.append(InjectedTLV(tag: tag, value: try Self.hex(value, key)))
                continue
            }
            switch key {
            case "from": injection.from = value
            case "to": injection.to = value
            case "text": injection.text = value
            case "hex":
                _ = try Self.hex(value, key)
                injection.hex = value
            case "encoding": injection.encoding = value
            case "split": injection.split = value
            case "command": injection.command = value
            case "service_type": injection.serviceType = value
            case "from_ton": injection.fromTON = try Self.octet(value, key)
            case "from_npi": injection.fromNPI = try Self.octet(value, key)
            case "to_ton": injection.toTON = try Self.octet(value, key)
            case "to_npi": injection.toNPI = try Self.octet(value, key)
            case "data_coding": injection.dataCoding = Int(try Self.octet(value, key))
            case "esm_class": injection.esmClass = Int(try Self.octet(value, key))
            case "protocol_id": injection.protocolID = Int(try Self.octet(value, key))
            case "priority_flag": injection.priorityFlag = Int(try Self.octet(value, key))
            case "registered_delivery": injection.registeredDelivery = Int(try Self.octet(value, key))
            case "at": entry.at = try Self.seconds(value, key)
            case "every": entry.every = try Self.seconds(value, key)
            case "repeat":
                guard let count = Int(value), count >= 1 else { throw .invalid("repeat must be a whole number ≥ 1") }
                entry.repeatCount = count
            default:
                throw .invalid("unknown field \"\(key)\"")
            }
        }
        guard !injection.from.isEmpty else { throw .invalid("from is missing") }
        guard !injection.to.isEmpty else { throw .invalid("to is missing") }
        switch (injection.text, injection.hex) {
        case (nil, nil): throw .invalid("give text or hex")
        case (.some, .some): throw .invalid("give text or hex, not both")
        default: break
        }
        if entry.every != nil, entry.repeatCount < 2 { throw .invalid("every needs repeat of 2 or more") }
        if !tlvList.isEmpty { injection.tlvs = tlvList }
        entry.injection = injection
        return entry
    }

    /// `64`, or `0x40`.
    static func octet(_ text: String, _ key: String) throws(FieldError) -> UInt8 {
        let value =
            text.lowercased().hasPrefix("0x") ? UInt8(text.dropFirst(2), radix: 16) : UInt8(text)
        guard let value else { throw .invalid("\(key) must be 0 to 255 (or 0x00 to 0xff), not \"\(text)\"") }
        return value
    }

    static func seconds(_ text: String, _ key: String) throws(FieldError) -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw .invalid("\(key) must be seconds ≥ 0, not \"\(text)\"")
        }
        return value
    }

    static func hex(_ text: String, _ key: String) throws(FieldError) -> [UInt8] {
        guard text.utf8.count % 2 == 0 else { throw .invalid("\(key) must be an even number of hex digits") }
        guard let bytes = [UInt8](hexDigits: text) else { throw .invalid("\(key) must be hex digits") }
        return bytes
    }
}
