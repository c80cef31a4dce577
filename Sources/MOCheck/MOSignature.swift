// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto
public import Foundation

/// `X-MOGate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, the signature of mogate's
/// webhooks (DESIGN.md), which the verifier checks on MO and puts on its callbacks.
///
/// MOCheck does not depend on MOGateway: this is the verifier's own reading of the wire format, kept small.
public enum MOSignature {
    public static let headerName = "X-MOGate-Signature"

    /// The header value for `body` signed at `timestamp`.
    public static func header(secret: String, timestamp: Date = Date(), body: some Sequence<UInt8>) -> String {
        let seconds = Int64(timestamp.timeIntervalSince1970.rounded(.down))
        let mac = Self.mac(secret: secret, timestamp: seconds, body: body)
        return "t=\(seconds),v1=" + mac.map { String($0, radix: 16).leftPadded() }.joined()
    }

    /// Whether one `v1` of `header` signs `body` with `secret`, at a `t` within `tolerance` seconds of `now`.
    public static func isValid(
        header: String,
        secret: String,
        body: some Sequence<UInt8>,
        now: Date = Date(),
        tolerance: TimeInterval
    ) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for item in header.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1].lowercased()) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else {
            return false
        }
        let expected = Self.mac(secret: secret, timestamp: timestamp, body: body)
        // Compared as MACs, in constant time (swift-crypto), not as text.
        return signatures.contains { hex in Self.bytes(hex: hex).map { expected == $0 } ?? false }
    }

    private static func mac(secret: String, timestamp: Int64, body: some Sequence<UInt8>) -> HMAC<SHA256>.MAC {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: Array(body))
        return hmac.finalize()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            out.append(byte)
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded() -> String { self.count == 1 ? "0" + self : self }
}
