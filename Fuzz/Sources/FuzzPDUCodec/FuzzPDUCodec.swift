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
    while stream.readableBytes > 0 {
        // A framing error ends the stream: the session answers generic_nack and closes.
        guard let result = try? decoder.decode(buffer: &stream) else { break }
        checkRoundTrip(result)
    }
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
