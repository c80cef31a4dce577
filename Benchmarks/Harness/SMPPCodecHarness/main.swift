// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

// A harness for SMPPCore that speaks the protocol of the peer kit's C harnesses (`../shared/bench/harness`), so
// that mogate is measured exactly like the peers, in the same run:
//
//   SMPPCodecHarness bench OP CORPUS RUNS MIN_MS             one untimed warm-up pass, one calibration pass, then
//                                                            RUNS runs of whole passes lasting >= MIN_MS each;
//                                                            prints the kit's JSON (runs_ns, cpu_ns per run)
//   SMPPCodecHarness cg OP CORPUS PREP COUNT                 for callgrind: decode PREP PDUs (identical for every
//                                                            COUNT), then run the op on exactly COUNT PDUs;
//                                                            instr/PDU = (Ir(B) - Ir(A)) / (B - A)
//
// decode = frame by command_length and decode a pass's PDUs under one access to the bytes (`PDU.decodeEach`, as the
// session's `SMPPFrameDecoder` does) + read what a gateway reads (command_id, sequence_number, source_addr,
// destination_addr, esm_class, data_coding, short_message, every TLV) from the octets it lends, folded into a
// checksum like the C splitter's `consume()`. decode-next = the same, one `PDU.decodeNext` (one access) per PDU and
// the reads through `withUnsafeOctets` (another). encode = `pdu.write(to:)` of PDUs decoded before the timed loop, appended into one
// reused buffer sized for a whole pass (like the C splitter's encode).

import Foundation
import NIOCore
import SMPPCore

#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var sink: UInt64 = 0

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fatal: \(message)\n".utf8))
    exit(2)
}

func nowNS(_ clock: clockid_t) -> UInt64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

@inline(__always)
func nextFrame(_ cursor: inout ByteBuffer, corpus: ByteBuffer) -> ByteBuffer {
    if cursor.readableBytes == 0 { cursor = corpus }
    let length = cursor.getInteger(at: cursor.readerIndex, as: UInt32.self)!
    return cursor.readSlice(length: Int(length))!
}

/// The next PDU of the corpus, framed and decoded in one pass, as `SMPPFrameDecoder` does it.
@inline(__always)
func nextPDU(_ cursor: inout ByteBuffer, corpus: ByteBuffer) -> PDU.DecodingResult {
    if cursor.readableBytes == 0 { cursor = corpus }
    guard let result = try? PDU.decodeNext(from: &cursor, maximumLength: SMPPFrameDecoder.defaultMaximumPDULength)
    else { fail("the corpus lost framing") }
    return result
}

@inline(__always)
func consume(_ pdu: PDU) -> UInt64 {
    var sum = UInt64(pdu.commandID.rawValue) &+ UInt64(pdu.sequenceNumber)
    switch pdu.body {
    case .deliverSM(let sm), .submitSM(let sm):
        // Borrowed (pointer, length) views of the wire bytes, as the C splitter's consume() reads.
        sum &+= UInt64(sm.esmClass) &+ UInt64(sm.dataCoding)
        sum &+= sm.withUnsafeOctets { octets in
            let source = octets.sourceAddress
            var sum = UInt64(source.count) &+ UInt64(octets.destinationAddress.count)
            sum &+= UInt64(source.first ?? 0) &+ UInt64(octets.shortMessage.count)
            for tlv in octets.tlvs { sum &+= UInt64(tlv.tag.rawValue) &+ UInt64(tlv.value.count) }
            return sum
        }
    default:
        break
    }
    return sum
}

/// The same reads through the ByteBuffer-backed accessors (`sourceAddressOctets`, `shortMessage`, `tlvs`),
/// each of which shares the message's buffer: the "decode-views" op.
@inline(__always)
func consumeViews(_ pdu: PDU) -> UInt64 {
    var sum = UInt64(pdu.commandID.rawValue) &+ UInt64(pdu.sequenceNumber)
    switch pdu.body {
    case .deliverSM(let sm), .submitSM(let sm):
        let source = sm.sourceAddressOctets
        sum &+= UInt64(source.count) &+ UInt64(sm.destinationAddressOctets.count)
        sum &+= UInt64(source.first ?? 0) &+ UInt64(sm.esmClass) &+ UInt64(sm.dataCoding)
        sum &+= UInt64(sm.shortMessage.readableBytes)
        for tlv in sm.tlvs { sum &+= UInt64(tlv.tag.rawValue) &+ UInt64(tlv.value.readableBytes) }
    default:
        break
    }
    return sum
}

@inline(never)
func decodeNext(_ count: Int, cursor: inout ByteBuffer, corpus: ByteBuffer) -> UInt64 {
    var sum: UInt64 = 0
    for _ in 0..<count {
        switch nextPDU(&cursor, corpus: corpus) {
        case .pdu(let pdu): sum &+= consume(pdu)
        case .malformed(let header, let error): fail("malformed corpus PDU \(header): \(error)")
        }
    }
    return sum
}

/// The PDUs of each pass decoded by `PDU.decodeEach`, the reads from the octets it lends.
@inline(never)
func decode(_ count: Int, cursor: inout ByteBuffer, corpus: ByteBuffer) -> UInt64 {
    var sum: UInt64 = 0
    var left = count
    while left > 0 {
        if cursor.readableBytes == 0 { cursor = corpus }
        let decoded = try? PDU.decodeEach(
            from: &cursor,
            maximumLength: SMPPFrameDecoder.defaultMaximumPDULength,
            maximumCount: left
        ) { result, octets in
            guard case .pdu(let pdu) = result else { fail("malformed corpus PDU") }
            sum &+= UInt64(pdu.commandID.rawValue) &+ UInt64(pdu.sequenceNumber)
            // A submit_sm or deliver_sm lends its octets and fixed fields; other commands have none to read here.
            if let octets { sum &+= consumeOctets(octets) }
        }
        guard let decoded, decoded > 0 else { fail("the corpus lost framing") }
        left -= decoded
    }
    return sum
}

@inline(__always)
func consumeOctets(_ octets: SubmitSM.UnsafeOctets) -> UInt64 {
    let source = octets.sourceAddress
    var sum = UInt64(octets.esmClass) &+ UInt64(octets.dataCoding)
    sum &+= UInt64(source.count) &+ UInt64(octets.destinationAddress.count)
    sum &+= UInt64(source.first ?? 0) &+ UInt64(octets.shortMessage.count)
    for tlv in octets.tlvs { sum &+= UInt64(tlv.tag.rawValue) &+ UInt64(tlv.value.count) }
    return sum
}

@inline(never)
func decodeViews(_ count: Int, cursor: inout ByteBuffer, corpus: ByteBuffer) -> UInt64 {
    var sum: UInt64 = 0
    for _ in 0..<count {
        switch nextPDU(&cursor, corpus: corpus) {
        case .pdu(let pdu): sum &+= consumeViews(pdu)
        case .malformed(let header, let error): fail("malformed corpus PDU \(header): \(error)")
        }
    }
    return sum
}

/// `PDU.decodeEach` alone, as `decode` runs it, reading only each PDU's command_id.
///
/// Its loop repeats `decode`'s on purpose: shared through a helper that takes the reads as a closure, the
/// measured decode cost 42 instructions a PDU more (701 → 743, callgrind), 6 % of what is measured.
@inline(never)
func decodeCall(_ count: Int, cursor: inout ByteBuffer, corpus: ByteBuffer) -> UInt64 {
    var sum: UInt64 = 0
    var left = count
    while left > 0 {
        if cursor.readableBytes == 0 { cursor = corpus }
        let decoded = try? PDU.decodeEach(
            from: &cursor,
            maximumLength: SMPPFrameDecoder.defaultMaximumPDULength,
            maximumCount: left
        ) { result, _ in
            guard case .pdu(let pdu) = result else { fail("malformed corpus PDU") }
            sum &+= UInt64(pdu.commandID.rawValue)
        }
        guard let decoded, decoded > 0 else { fail("the corpus lost framing") }
        left -= decoded
    }
    return sum
}

/// Encodes `count` PDUs from `pdus`, cyclically from `index`, appending to `output`.
@inline(never)
func encode(_ count: Int, pdus: [PDU], index: inout Int, output: inout ByteBuffer) -> UInt64 {
    for _ in 0..<count {
        pdus[index].write(to: &output)
        index += 1
        if index == pdus.count { index = 0 }
    }
    return UInt64(output.readableBytes)
}

func run() {
    let arguments = CommandLine.arguments
    guard arguments.count == 6, ["bench", "cg"].contains(arguments[1]),
        ["decode", "decode-next", "decode-views", "decode-call", "encode"].contains(arguments[2]),
        let third = Int(arguments[4]), let fourth = Int(arguments[5])
    else {
        fail(
            "usage: SMPPCodecHarness bench|cg decode|decode-next|decode-views|decode-call|encode CORPUS RUNS|PREP MIN_MS|COUNT"
        )
    }
    let (mode, op, path) = (arguments[1], arguments[2], arguments[3])
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let corpus = ByteBuffer(bytes: data)

    // Count (and, for encode, decode) the PDUs before anything is measured.
    var pdus: [PDU] = []
    var pduCount = 0
    do {
        var cursor = corpus
        while cursor.readableBytes > 0 {
            var frame = nextFrame(&cursor, corpus: corpus)
            guard case .pdu(let pdu) = PDU.decode(from: &frame) else {
                fail("\(path): PDU #\(pduCount + 1) is malformed")
            }
            if op == "encode" && (mode == "bench" || pdus.count < third) { pdus.append(pdu) }
            pduCount += 1
        }
    }

    var cursor = corpus
    var index = 0
    var output = ByteBufferAllocator().buffer(capacity: corpus.readableBytes + 65_536)

    if mode == "cg" {
        let count = fourth
        if op == "decode" {
            sink &+= decode(count, cursor: &cursor, corpus: corpus)
        } else if op == "decode-next" {
            sink &+= decodeNext(count, cursor: &cursor, corpus: corpus)
        } else if op == "decode-views" {
            sink &+= decodeViews(count, cursor: &cursor, corpus: corpus)
        } else if op == "decode-call" {
            sink &+= decodeCall(count, cursor: &cursor, corpus: corpus)
        } else {
            // Same output buffer discipline as bench: cleared at every whole pass of the prepared PDUs.
            var left = count
            while left > 0 {
                let n = min(left, pdus.count - index)
                if index == 0 { output.clear() }
                sink &+= encode(n, pdus: pdus, index: &index, output: &output)
                left -= n
            }
        }
        print("{\"op\":\"\(op)\",\"count\":\(count),\"sink\":\(sink)}")
        return
    }

    let (runs, minMS) = (third, fourth)
    func pass() -> UInt64 {
        if op == "decode" { return decode(pduCount, cursor: &cursor, corpus: corpus) }
        if op == "decode-next" { return decodeNext(pduCount, cursor: &cursor, corpus: corpus) }
        if op == "decode-views" { return decodeViews(pduCount, cursor: &cursor, corpus: corpus) }
        if op == "decode-call" { return decodeCall(pduCount, cursor: &cursor, corpus: corpus) }
        output.clear()
        return encode(pduCount, pdus: pdus, index: &index, output: &output)
    }
    sink &+= pass()
    let t0 = nowNS(CLOCK_MONOTONIC)
    sink &+= pass()
    let one = max(nowNS(CLOCK_MONOTONIC) - t0, 1)
    let passes = max(1, min(100_000, Int((UInt64(minMS) * 1_000_000 + one - 1) / one)))
    var wall: [UInt64] = []
    var cpu: [UInt64] = []
    for _ in 0..<runs {
        let c0 = nowNS(CLOCK_THREAD_CPUTIME_ID)
        let s = nowNS(CLOCK_MONOTONIC)
        for _ in 0..<passes { sink &+= pass() }
        wall.append(nowNS(CLOCK_MONOTONIC) - s)
        cpu.append(nowNS(CLOCK_THREAD_CPUTIME_ID) - c0)
    }
    let name = path.split(separator: "/").last.map { String($0.dropLast(4)) } ?? path
    print(
        "{\"peer\":\"mogate\",\"op\":\"\(op)\",\"corpus\":\"\(name)\",\"pdus_per_run\":\(pduCount * passes),"
            + "\"bytes_per_run\":\(corpus.readableBytes * passes),\"passes\":\(passes),"
            + "\"runs_ns\":[\(wall.map(String.init).joined(separator: ","))],"
            + "\"cpu_ns\":[\(cpu.map(String.init).joined(separator: ","))],\"sink\":\(sink)}"
    )
}

run()
