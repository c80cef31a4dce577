// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPCore

/// The GSM 03.38, UCS-2 and UDH decoders. The first octet picks the decoder and its options; the rest is the
/// message. Each decoder must not trap, and where the bytes are valid it must round-trip with its encoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: start, count: count))
    guard let selector = input.first else { return 0 }
    let data = Array(input.dropFirst())
    let fillBits = Int(selector >> 3) % 7
    switch selector % 6 {
    case 0: checkGSMUnpacked(data)
    case 1: checkGSMPacked(data, fillBits: fillBits)
    case 2: checkUCS2(data)
    case 3: checkUDH(data)
    case 4:
        // Any data_coding, any default alphabet: the session's own decode of an MO.
        guard let coding = data.first else { return 0 }
        let alphabet = DefaultAlphabet.allCases[Int(selector >> 3) % DefaultAlphabet.allCases.count]
        _ = SMSText.decode(data.dropFirst(), dataCoding: DataCoding(rawValue: coding), defaultAlphabet: alphabet)
    default: checkEncode(String(decoding: data, as: UTF8.self))
    }
    return 0
}

/// Decoded GSM text is made of GSM characters, so it always encodes again.
private func checkGSMUnpacked(_ data: [UInt8]) {
    let text = GSM7.decodeUnpacked(data)
    guard GSM7.encodeUnpacked(text) != nil else { fatalError("decoded GSM text does not encode: \(data)") }
}

/// Packing then unpacking septets gives them back, for any fill bits.
private func checkGSMPacked(_ data: [UInt8], fillBits: Int) {
    _ = GSM7.decodePacked(data, fillBits: fillBits)
    let septets = data.map { $0 & 0x7F }
    let packed = GSM7.pack(septets, fillBits: fillBits)
    let unpacked = GSM7.unpack(packed, septetCount: septets.count, fillBits: fillBits)
    guard unpacked == septets else { fatalError("pack/unpack disagree: \(septets) → \(unpacked)") }
}

/// Well-formed UTF-16BE round-trips exactly; anything else decodes without trapping.
private func checkUCS2(_ data: [UInt8]) {
    let text = UCS2.decode(data)
    guard data.count % 2 == 0, isWellFormedUTF16(data) else { return }
    guard UCS2.encode(text) == data else { fatalError("UCS-2 round trip differs: \(data)") }
}

private func isWellFormedUTF16(_ data: [UInt8]) -> Bool {
    var index = 0
    while index + 1 < data.count {
        let unit = UInt16(data[index]) << 8 | UInt16(data[index + 1])
        if (0xDC00...0xDFFF).contains(unit) { return false }
        if (0xD800...0xDBFF).contains(unit) {
            guard index + 3 < data.count else { return false }
            let low = UInt16(data[index + 2]) << 8 | UInt16(data[index + 3])
            guard (0xDC00...0xDFFF).contains(low) else { return false }
            index += 2
        }
        index += 2
    }
    return true
}

/// A header that parses writes back to the same octets, elements in wire order; what follows it is the payload.
private func checkUDH(_ data: [UInt8]) {
    guard let (header, payload) = try? UserDataHeader.split(data) else { return }
    guard header.bytes + Array(payload) == data else { fatalError("UDH does not round-trip: \(data)") }
    _ = header.concatenation
    _ = header.ports
}

/// Whatever `.auto` picks decodes back to the same text.
private func checkEncode(_ text: String) {
    guard let encoded = SMSText.encode(text) else { fatalError("auto encoding failed for \(text.debugDescription)") }
    let decoded = SMSText.decode(encoded.bytes, dataCoding: encoded.dataCoding)
    guard decoded == text else {
        fatalError("encode/decode differ: \(text.debugDescription) → \(String(describing: decoded?.debugDescription))")
    }
}
