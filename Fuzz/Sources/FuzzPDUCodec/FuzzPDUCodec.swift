// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The frame decoder and the PDU codec. The input is a TCP stream: it is framed as a session frames it, and every
/// PDU that decodes must survive re-encoding unchanged (decode → encode → decode agrees). The whole input is also
/// decoded as one frame, which reaches the length-mismatch paths the framer never produces.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDUCodec(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    var stream = ByteBuffer(bytes: input)
    var decoder = SMPPFrameDecoder()
    var results: [PDU.DecodingResult] = []
    while stream.readableBytes > 0 {
        // A framing error ends the stream: the session answers generic_nack and closes.
        guard let result = try? decoder.decode(buffer: &stream) else { break }
        checkRoundTrip(result)
        results.append(result)
    }
    checkDecodeEach(input, agreesWith: results, leaving: stream.readableBytes)
    var frame = ByteBuffer(bytes: input)
    checkRoundTrip(PDU.decode(from: &frame))
    return 0
}

private func checkRoundTrip(_ result: PDU.DecodingResult) {
    guard case .pdu(let pdu) = result else { return }
    var encoded = pdu.encoded()
    let again = PDU.decode(from: &encoded)
    guard again == .pdu(pdu) else {
        fatalError("decode → encode → decode disagrees:\n  first:  \(pdu)\n  second: \(again)")
    }
    // What the gateway asks of every deliver_sm and submit_sm: it must not trap.
    if case .deliverSM(let message) = pdu.body { _ = message.deliveryReceipt }
    if case .submitSM(let message) = pdu.body { _ = message.deliveryReceipt }
}

/// The session decodes a read burst with `decodeEach`: it must yield what `decodeNext` yields, PDU for PDU, stop
/// where it stops, and lend each message's octets as `withUnsafeOctets` does.
private func checkDecodeEach(_ input: UnsafeRawBufferPointer, agreesWith expected: [PDU.DecodingResult], leaving: Int) {
    var stream = ByteBuffer(bytes: input)
    var index = 0
    _ = try? PDU.decodeEach(from: &stream, maximumLength: SMPPFrameDecoder.defaultMaximumPDULength) { result, octets in
        guard index < expected.count, result == expected[index] else {
            fatalError("decodeEach disagrees with decodeNext at PDU #\(index + 1): \(result)")
        }
        index += 1
        guard case .pdu(let pdu) = result else { return }
        switch pdu.body {
        case .submitSM(let message), .deliverSM(let message):
            guard let octets else { fatalError("decodeEach lent no octets for \(pdu.commandID)") }
            let lent = (Array(octets.sourceAddress), Array(octets.shortMessage), octets.tlvs.map { Array($0.value) })
            let own = message.withUnsafeOctets {
                (Array($0.sourceAddress), Array($0.shortMessage), $0.tlvs.map { Array($0.value) })
            }
            guard lent == own else { fatalError("decodeEach lent other octets than the message holds") }
        default:
            guard octets == nil else { fatalError("decodeEach lent octets for \(pdu.commandID)") }
        }
    }
    guard index == expected.count, stream.readableBytes == leaving else {
        fatalError("decodeEach stopped after \(index) PDUs with \(stream.readableBytes) octets left")
    }
}
