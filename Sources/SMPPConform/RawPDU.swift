// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// PDUs written octet by octet, for the cases that need what the codec refuses to encode: bad lengths,
/// over-long fields, unknown commands.
enum RawPDU {
    /// A header and body; `commandLength` overrides the true length.
    static func frame(commandID: UInt32, sequence: UInt32, body: [UInt8] = [], commandLength: UInt32? = nil) -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + body.count)
        let header: [UInt32] = [commandLength ?? UInt32(16 + body.count), commandID, 0, sequence]
        for value in header {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes + body
    }

    /// A submit_sm body with the given addresses (NUL added) and short_message; `smLength` overrides sm_length.
    static func submitSMBody(
        source: String = "447700900123",
        destination: String = "447860000000",
        shortMessage: [UInt8] = Array("conformance".utf8),
        smLength: UInt8? = nil
    ) -> [UInt8] {
        var body: [UInt8] = [0]  // service_type
        body += [1, 1] + Array(source.utf8) + [0]  // source_addr_ton, _npi, source_addr
        body += [1, 1] + Array(destination.utf8) + [0]  // dest_addr_ton, _npi, destination_addr
        body += [0, 0, 0]  // esm_class, protocol_id, priority_flag
        body += [0, 0]  // schedule_delivery_time, validity_period (empty C-strings)
        body += [0, 0, 0, 0]  // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
        body.append(smLength ?? UInt8(shortMessage.count))
        return body + shortMessage
    }

    static let submitSM: UInt32 = 0x0000_0004
}
