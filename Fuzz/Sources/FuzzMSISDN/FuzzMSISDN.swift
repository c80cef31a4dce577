// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import PhoneNumbers

#if canImport(Glibc)
import Glibc
#endif

/// The MSISDN normalizer. The first octet picks the default region, the second the type of number; the rest is the
/// address as it came off the wire. A number that normalizes is a fixed point: normalizing its own E.164 form, in
/// any region, gives it back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMSISDN(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = UnsafeBufferPointer(start: start, count: count)
    guard input.count >= 2 else { return 0 }
    let region = regions[Int(input[0]) % regions.count]
    let ton = TypeOfNumber(rawValue: input[1] % 8)
    let normalizer = PhoneNumberNormalizer(defaultRegion: region)
    let address = UnsafeBufferPointer(rebasing: input[2...])
    let result = normalizer.normalize(octets: address, ton: ton)
    // The raw-pointer form and the collection form must agree.
    let viaRaw = normalizer.normalize(octets: UnsafeRawBufferPointer(address), ton: ton)
    guard viaRaw == result else { fatalError("normalize forms disagree for \(Array(address))") }
    guard let number = result.e164 else { return 0 }
    // The fixed point: a number's own E.164 form reads back as it. MOGATE_FUZZ_STRICT=0 checks only for traps.
    guard strict else { return 0 }
    let e164 = number.description
    let again = normalizer.normalize(e164, ton: .international)
    guard again.e164 == number else {
        fatalError("\(Array(address)) ton \(ton) in \(region) → \(e164), which normalizes to \(again)")
    }
    return 0
}

private let regions = RegionCode.all
private let strict = getenv("MOGATE_FUZZ_STRICT").map { String(cString: $0) != "0" } ?? true
