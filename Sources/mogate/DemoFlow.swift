// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import Logging
import MOCheck
import NIOCore
import NIOHTTP1
import SMPPCore
import SMPPNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints one line of the demo at once, so that each step shows as it happens even into a pipe or a file.
func say(_ line: String) {
    print(line)
    fflush(nil)  // all streams: stdout itself is a global that strict concurrency will not touch
}

/// One pass of the brief's six steps, with the parties of `mogate demo`.
struct DemoFlow {
    var verifierPort: Int
    var backendPort: Int
    var smppPort: Int
    var timeout: Duration
    var checked: Inbox<MOChecked>
    var backend: DemoBackend
    var logger: Logger

    /// Runs the steps and says whether they ended as expected. A step that fails ends the run.
    func run(title: String, phone: String, sender: String, expectMatch: Bool) async -> Bool {
        say("")
        say(title)
        do {
            return try await self.steps(phone: phone, sender: sender, expectMatch: expectMatch)
        } catch {
            say("   FAILED: \(error)")
            return false
        }
    }

    private func steps(phone: String, sender: String, expectMatch: Bool) async throws -> Bool {
        let api = "http://127.0.0.1:\(self.verifierPort)\(MOCheckService.basePath)"
        let create = try JSONSerialization.data(withJSONObject: [
            "phone_number": phone, "reference_id": "demo-\(expectMatch ? "match" : "mismatch")",
            "callback_url": "http://127.0.0.1:\(self.backendPort)/callbacks",
        ])
        let (status, created) = try await Self.http(.POST, "\(api)/checks", body: create)
        let checkID = created["check_id"] as? String ?? ""
        guard status == 201, let receiver = created["mo_receiver"] as? String, let body = created["mo_body"] as? String
        else { throw DemoFailure("POST /checks answered \(status)") }
        say("1. backend  → verifier  POST /checks {phone_number: \(phone)} → 201 check_id=\(checkID) status=ACCEPTED")
        say("2. backend  → device    text \"\(body)\" to \(receiver) (ttl \(created["ttl"] ?? "?") s)")

        let response = try await self.sendMO(from: sender, to: receiver, text: body)
        say("3. device   → mogate    SMS from +\(sender) over SMPP (deliver_sm) → \(response)")
        guard response == .ok else { throw DemoFailure("mogate answered \(response)") }

        guard let mo = await self.checked.take(timeout: self.timeout) else {
            throw DemoFailure("the verifier never received the MO")
        }
        say("4. mogate   → verifier  stored MO \(mo.moID), POSTed as JSON v1 with a valid X-MOGate-Signature")
        let matched = mo.outcome.match.map { "\($0)" } ?? "-"
        say(
            "5. verifier             OTP found → check \(mo.outcome.checkID ?? "-") \(mo.outcome.result.rawValue), match=\(matched)"
        )

        guard let callback = await self.backend.callbacks.take(timeout: self.timeout, where: { $0.checkID == checkID })
        else { throw DemoFailure("no callback reached the backend") }
        let retried = callback.attempt > 1 ? " (after the backend's 503 to attempt 1: retried)" : ""
        say(
            "6. verifier → backend   callback status=\(callback.status) match=\(callback.match.map { "\($0)" } ?? "-")"
                + " signature \(callback.signatureValid ? "valid" : "INVALID")\(retried)"
        )
        let (getStatus, final) = try await Self.http(.GET, "\(api)/checks/\(checkID)")
        let finalMatch = final["match"] as? Bool
        say(
            "   backend  → verifier  GET /checks/\(checkID) → \(getStatus) status=\(final["status"] ?? "?") match=\(finalMatch.map { "\($0)" } ?? "-")"
        )
        let passed =
            getStatus == 200 && final["status"] as? String == "COMPLETED" && finalMatch == expectMatch
            && callback.signatureValid && callback.status == "COMPLETED" && callback.match == expectMatch
        say(passed ? "   ✓ match=\(expectMatch), as expected" : "   ✗ expected COMPLETED with match=\(expectMatch)")
        return passed
    }

    /// The handset's SMS: a transmitter bind to mogate that sends one deliver_sm and unbinds.
    private func sendMO(from sender: String, to receiver: String, text: String) async throws -> CommandStatus {
        guard let segment = SMSText.split(text, scheme: .udh8, reference: 1)?.first else {
            throw DemoFailure("the text cannot be encoded")
        }
        let client = SMPPClient.Configuration(
            host: "127.0.0.1",
            port: self.smppPort,
            bindType: .transmitter,
            systemID: "handset",
            password: "demo"
        )
        let session = try await SMPPClient.connect(client, logger: self.logger)
        let message = SubmitSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: sender.hasPrefix("+") ? String(sender.dropFirst()) : sender,
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: receiver.hasPrefix("+") ? String(receiver.dropFirst()) : receiver,
            dataCoding: segment.dataCoding.rawValue,
            shortMessage: ByteBuffer(bytes: segment.bytes)
        )
        let response = try await session.send(.deliverSM(message))
        try? await session.unbind()
        return response.commandStatus
    }

    private static func http(
        _ method: HTTPMethod,
        _ url: String,
        body: Data? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
        return (Int(response.status.code), object ?? [:])
    }
}
