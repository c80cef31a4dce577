// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto
public import Foundation
import SMPPCore

/// The `X-MOGate-Signature` header of webhook JSON format v1 (DESIGN.md):
/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
///
/// The timestamp inside the signed text lets a receiver refuse replays older than a tolerance. The sink and the
/// MOCheck verifier use ``verify(header:secret:body:now:tolerance:)``.
public enum WebhookSignature {
    /// The header's name.
    public static let headerName = "X-MOGate-Signature"

    /// The header value for `body`, signed at `timestamp`.
    public static func header(secret: String, timestamp: Date, body: some Sequence<UInt8>) -> String {
        let seconds = Int64(timestamp.timeIntervalSince1970.rounded(.down))
        let mac = Self.mac(secret: secret, timestamp: seconds, body: body)
        return "t=\(seconds),v1=\(Self.hex(mac))"
    }

    /// Whether `header` is a valid signature of `body` with `secret`, made within `tolerance` of `now`.
    ///
    /// Every `v1=` entry is tried (a sender rotating secrets may send two). The comparison is constant-time.
    /// - Parameters:
    ///   - header: The `X-MOGate-Signature` value.
    ///   - secret: The shared secret.
    ///   - body: The raw request body, exactly as received.
    ///   - now: The receiver's clock.
    ///   - tolerance: How far the signature's `t` may be from `now`, either way. Default 5 minutes.
    public static func verify(
        header: String,
        secret: String,
        body: some Sequence<UInt8>,
        now: Date = Date(),
        tolerance: TimeInterval = 300
    ) -> Bool {
        var timestamp: Int64?
        var candidates: [[UInt8]] = []
        for item in header.split(separator: ",") {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "t": timestamp = Int64(pair[1])
            case "v1": if let bytes = [UInt8](hexDigits: pair[1]) { candidates.append(bytes) }
            default: continue
            }
        }
        guard let timestamp, !candidates.isEmpty else { return false }
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { return false }
        let expected = Self.mac(secret: secret, timestamp: timestamp, body: body)
        // A MAC compares with bytes in constant time (swift-crypto); every candidate is compared.
        return candidates.reduce(false) { matched, candidate in (expected == candidate) || matched }
    }

    private static func mac(secret: String, timestamp: Int64, body: some Sequence<UInt8>) -> HMAC<SHA256>.MAC {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: Array(body))
        return hmac.finalize()
    }

    private static func hex(_ mac: HMAC<SHA256>.MAC) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in mac {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
