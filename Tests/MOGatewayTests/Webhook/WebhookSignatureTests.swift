// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
import MOGateway
import Testing

@Suite("X-MOGate-Signature")
struct WebhookSignatureTests {
    let body = Array(#"{"id":"m1","type":"mo"}"#.utf8)
    let at = Date(timeIntervalSince1970: 1_795_712_400.9)

    @Test("t is whole Unix seconds and v1 is hex HMAC-SHA256(secret, \"<t>.<body>\")")
    func headerFormat() {
        let header = WebhookSignature.header(secret: "s3cret", timestamp: self.at, body: self.body)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("1795712400.".utf8) + self.body,
            using: SymmetricKey(data: Array("s3cret".utf8))
        )
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        #expect(header == "t=1795712400,v1=\(hex)")
    }

    @Test("verify accepts its own signature and refuses a changed body, secret or stale time")
    func verify() {
        let header = WebhookSignature.header(secret: "s3cret", timestamp: self.at, body: self.body)
        #expect(WebhookSignature.verify(header: header, secret: "s3cret", body: self.body, now: self.at))
        #expect(!WebhookSignature.verify(header: header, secret: "s3cret", body: self.body + [0x20], now: self.at))
        #expect(!WebhookSignature.verify(header: header, secret: "S3cret", body: self.body, now: self.at))
        let late = self.at.addingTimeInterval(301)
        #expect(!WebhookSignature.verify(header: header, secret: "s3cret", body: self.body, now: late))
        #expect(WebhookSignature.verify(header: header, secret: "s3cret", body: self.body, now: late, tolerance: 600))
    }

    @Test("verify takes any of several v1 entries and refuses malformed headers")
    func verifyForms() {
        let good = WebhookSignature.header(secret: "s3cret", timestamp: self.at, body: self.body)
        let v1 = good.split(separator: ",")[1]
        let rotated = "t=1795712400,v1=\(String(repeating: "0", count: 64)), \(v1)"
        #expect(WebhookSignature.verify(header: rotated, secret: "s3cret", body: self.body, now: self.at))
        for bad in ["", "t=1795712400", String(v1), "t=x,\(v1)", "t=1795712400,v1=zz", "t=1795712400,v1=abc"] {
            #expect(!WebhookSignature.verify(header: bad, secret: "s3cret", body: self.body, now: self.at), "\(bad)")
        }
    }
}
