// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// Delivery receipt parsing (SMPP 3.4 Appendix B). The input is receipt text as a carrier sends it. A receipt that
/// parses must format to text that parses again to the same message ID and stat, and a deliver_sm carrying the text
/// must read as a receipt.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeliveryReceipt(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let text = String(decoding: bytes, as: UTF8.self)
    if let receipt = DeliveryReceipt(parsing: text) {
        for seconds in [false, true] {
            let formatted = receipt.formatted(includingSeconds: seconds)
            guard let again = DeliveryReceipt(parsing: formatted) else {
                fatalError("formatted receipt does not parse: \(formatted.debugDescription)")
            }
            guard again.messageID == receipt.messageID, again.stat == receipt.stat else {
                fatalError("receipt changed in a round trip: \(receipt) → \(again)")
            }
        }
    }
    var message = SubmitSM(
        sourceAddress: "447700900123",
        destinationAddress: "447860000000",
        esmClass: 0x04,
        shortMessage: ByteBuffer(bytes: bytes.prefix(254))
    )
    _ = message.deliveryReceipt
    message.shortMessage = ByteBuffer()
    message.tlvs.messagePayload = ByteBuffer(bytes: bytes)
    _ = message.deliveryReceipt
    return 0
}
