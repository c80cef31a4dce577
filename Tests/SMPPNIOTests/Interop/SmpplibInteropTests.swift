// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// python-smpplib (PyPI `smpplib`) as an ESME against mogate's in-process server, through
/// `scripts/interop/smpplib_client.py`: binds, submit_sm in GSM 03.38, UCS-2 (with an emoji) and a long text in UDH
/// parts, enquire_link, unbind; and a refused bind.
@Suite(
    "Interop: python-smpplib client → mogate server",
    .enabled(if: InteropPeers.isRequested, "needs smpplib/kannel/smpp34; set MOGATE_INTEROP=1"),
    .timeLimit(.minutes(2))
)
struct SmpplibInteropTests {
    /// Sessions that send enquire_link after one second without traffic.
    static var pingEverySecond: SMPPSessionConfiguration {
        var session = SMPPSessionConfiguration()
        session.enquireLinkInterval = .seconds(1)
        return session
    }

    static let systemID = "smpplib"
    static let password = "s3cret"
    static let from = "447700900123"
    static let to = "447700900999"
    /// GSM 03.38 with characters that need care: `@` is 0x00 (a NUL inside short_message), `£` 0x01, `ÄÖÜ` from the
    /// national letters, `{` and `€` through the escape table.
    static let gsmText = "Hello from smpplib @ £5 ÄÖÜ {x} €"
    /// UCS-2 with a character outside the BMP (a surrogate pair on the wire).
    static let ucs2Text = "Привет 👋 from smpplib"
    /// 359 GSM characters: smpplib splits it into three 153-septet parts with an 8-bit-reference UDH.
    static let longText = (0..<45).map { String(format: "part%03d", $0) }.joined(separator: " ")

    static func scenario(includeSubmits: Bool = true) -> String {
        var steps: [[String: Any]] = [["op": "bind", "expect": 0]]
        if includeSubmits {
            for (text, encoding) in [(gsmText, "gsm7"), (ucs2Text, "ucs2"), (longText, "gsm7")] {
                steps.append(["op": "submit", "text": text, "encoding": encoding, "from": from, "to": to])
            }
        }
        steps.append(["op": "enquire_link", "expect": 0])
        steps.append(["op": "unbind", "expect": 0])
        let data = try! JSONSerialization.data(withJSONObject: steps)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "binds, submits GSM, UCS-2 and a 3-part UDH message, enquire_link, unbind",
        arguments: [SMPPBindType.transmitter, .transceiver]
    )
    func fullSession(bindType: SMPPBindType) async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let log = MessageLog()
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log) { port in
            let peer = try await PeerProcess.launch(
                python,
                [
                    InteropPeers.script("smpplib_client.py"), "--host", "127.0.0.1", "--port", "\(port)",
                    "--system-id", Self.systemID, "--password", Self.password, "--bind", bindType.rawValue,
                    "--scenario", Self.scenario(), "--timeout", "10",
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(60))
            let events = peer.events
            #expect(status == 0, "smpplib_client.py failed\n\(peer.transcript)")

            // The peer's view: every response it got, with its status.
            let bind = try #require(events.first { $0["op"]?.string == "bind" }, "\(peer.transcript)")
            #expect(bind["command"]?.string == "bind_\(bindType.rawValue)_resp")
            #expect(bind["status"]?.int == 0)
            #expect(bind["system_id"]?.string?.isEmpty == false, "bind_resp carries mogate's system_id")
            let submits = events.filter { $0["op"]?.string == "submit" }
            #expect(submits.map { $0["parts"]?.int } == [1, 1, 3])
            #expect(submits.flatMap { $0["statuses"]?.array ?? [] }.map(\.int) == Array(repeating: 0, count: 5))
            #expect(submits.flatMap { $0["commands"]?.array ?? [] }.allSatisfy { $0.string == "submit_sm_resp" })
            let peerMessageIDs = submits.flatMap { $0["message_ids"]?.array ?? [] }.map(\.string)
            #expect(peerMessageIDs == (1...5).map { "mg-\($0)" }, "submit_sm_resp carries the handler's message_id")
            let enquire = try #require(events.first { $0["op"]?.string == "enquire_link" })
            #expect(enquire["command"]?.string == "enquire_link_resp")
            #expect(enquire["status"]?.int == 0)
            let unbind = try #require(events.first { $0["op"]?.string == "unbind" })
            #expect(unbind["command"]?.string == "unbind_resp")
            #expect(unbind["status"]?.int == 0)
            #expect(events.last?["ok"]?.bool == true)

            // mogate's view: what the handler was given.
            let messages = try log.messages()
            try #require(messages.count == 5, "\(messages)")
            for message in messages {
                #expect(message.command == .submitSM)
                #expect(message.systemID == Self.systemID)
                #expect(message.bindType == bindType)
                #expect(message.sourceAddress == Self.from)
                #expect(message.sourceTON == 1)
                #expect(message.sourceNPI == 1)
                #expect(message.destinationAddress == Self.to)
                #expect(message.destinationTON == 1)
                #expect(message.destinationNPI == 1)
            }
            #expect(messages[0].dataCoding == 0x00)
            #expect(messages[0].esmClass == 0x00)
            #expect(messages[0].text == Self.gsmText)
            #expect(messages[0].userData.contains(0x00), "@ is GSM 0x00 and must survive inside short_message")
            #expect(messages[1].dataCoding == 0x08)
            #expect(messages[1].text == Self.ucs2Text)
            #expect(messages[1].userData.hex.contains("d83ddc4b"), "the emoji arrives as a UTF-16 surrogate pair")

            let parts = Array(messages[2...])
            let concatenations = parts.compactMap(\.concatenation)
            #expect(parts.allSatisfy { $0.esmClass & 0x40 != 0 && $0.dataCoding == 0 })
            #expect(concatenations.map(\.sequence) == [1, 2, 3])
            #expect(concatenations.allSatisfy { $0.total == 3 && $0.referenceBits == 8 })
            #expect(Set(concatenations.map(\.reference)).count == 1, "one reference for all parts")
            #expect(reassemble(parts) == Self.longText)
        }
    }

    @Test(
        "a bind with wrong credentials is refused with the right status",
        arguments: [
            (systemID: "smpplib", password: "wrong", status: 0x0E),  // ESME_RINVPASWD
            (systemID: "nobody", password: "s3cret", status: 0x0F),  // ESME_RINVSYSID
        ]
    )
    func refusedBind(credentials: (systemID: String, password: String, status: Int)) async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let log = MessageLog()
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log) { port in
            let scenario = #"[{"op": "bind", "expect": \#(credentials.status)}, {"op": "submit", "text": "x"}]"#
            let peer = try await PeerProcess.launch(
                python,
                [
                    InteropPeers.script("smpplib_client.py"), "--port", "\(port)", "--system-id",
                    credentials.systemID, "--password", credentials.password, "--bind", "transmitter",
                    "--scenario", scenario,
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(30))
            #expect(status == 0, "\(peer.transcript)")
            let bind = try #require(peer.events.first { $0["op"]?.string == "bind" }, "\(peer.transcript)")
            #expect(bind["command"]?.string == "bind_transmitter_resp")
            #expect(bind["status"]?.int == credentials.status, "\(peer.transcript)")
            #expect(!peer.events.contains { $0["op"]?.string == "submit" }, "nothing is sent after a refused bind")
            #expect(log.all.isEmpty, "the handler saw nothing")
        }
    }

    @Test("a burst of 20 pipelined submit_sm, mogate's enquire_link while idle, and its unbind on shutdown")
    func burstEnquireLinkAndServerUnbind() async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let log = MessageLog()
        let scenario = """
            [{"op": "bind"}, {"op": "burst", "count": 20, "text": "burst"}, {"op": "idle", "seconds": 2.5},
             {"op": "await_unbind", "seconds": 20}]
            """
        let peer = try await withMogateServer(
            accounts: [(Self.systemID, Self.password)],
            log: log,
            session: Self.pingEverySecond
        ) { port in
            let peer = try await PeerProcess.launch(
                python,
                [
                    InteropPeers.script("smpplib_client.py"), "--port", "\(port)", "--system-id", Self.systemID,
                    "--password", Self.password, "--bind", "transceiver", "--scenario", scenario,
                ]
            )
            do {
                // Once smpplib has idled, return: the server then shuts down gracefully and must unbind it.
                _ = try await peer.firstEvent("smpplib idle step", timeout: .seconds(40)) {
                    $0["op"]?.string == "idle"
                }
            } catch {
                peer.terminate()
                throw error
            }
            return peer
        }
        defer { peer.terminate() }
        let status = try await peer.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "\(peer.transcript)")
        let events = peer.events

        let burst = try #require(events.first { $0["op"]?.string == "burst" }, "\(peer.transcript)")
        #expect(burst["answered"]?.int == 20)
        #expect(burst["statuses"]?.array?.map(\.int) == Array(repeating: 0, count: 20))
        // Each response must answer its own request: the message_id it carries is the one the handler gave to the
        // submit_sm with that text.
        let messageIDs = (burst["message_ids"]?.array ?? []).compactMap(\.string)
        #expect(messageIDs.count == 20)
        #expect(Set(messageIDs).count == 20, "message_ids are distinct")
        for (index, messageID) in messageIDs.enumerated() {
            let message = try log.message(answeredWith: messageID)
            #expect(message?.text == "burst \(index + 1)", "submit_sm_resp \(index + 1) carries \(messageID)")
        }

        let idleIndex = try #require(events.firstIndex { $0["op"]?.string == "idle" })
        let idle = events[idleIndex]
        // The idle step's own: on a loaded machine one may come during the burst or the wait for the unbind.
        let burstIndex = try #require(events.firstIndex { $0["op"]?.string == "burst" })
        let enquireLinks = events[burstIndex..<idleIndex].filter { $0["op"]?.string == "peer_enquire_link" }
        #expect(enquireLinks.count >= 1, "mogate sends enquire_link after 1 s of silence\n\(peer.transcript)")
        #expect(idle["pdus"]?.int == enquireLinks.count, "nothing but enquire_link while idle")

        let unbind = try #require(events.first { $0["op"]?.string == "await_unbind" }, "\(peer.transcript)")
        #expect(unbind["command"]?.string == "unbind")
        #expect(unbind["peer_closed"]?.bool == true, "mogate closes after unbind_resp")
        #expect(events.last?["ok"]?.bool == true)
    }

    @Test("smpplib's SAR parts, message_payload and data_sm arrive whole")
    func sarPayloadAndDataSM() async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let log = MessageLog()
        let sarText = String(repeating: "SAR segmented text. ", count: 12)  // 240 septets: 2 parts of ≤153
        let payloadText = "Payload: Ελληνικά 👋 in message_payload"
        let dataText = "data_sm from smpplib @ £"
        let steps: [[String: Any]] = [
            ["op": "bind"],
            ["op": "submit", "text": sarText, "split": "sar", "sar_reference": 0xBEEF],
            ["op": "submit", "text": payloadText, "encoding": "ucs2", "split": "payload"],
            ["op": "data_sm", "text": dataText, "encoding": "gsm7"],
            ["op": "unbind"],
        ]
        let scenario = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log) { port in
            let peer = try await PeerProcess.launch(
                python,
                [
                    InteropPeers.script("smpplib_client.py"), "--port", "\(port)", "--system-id", Self.systemID,
                    "--password", Self.password, "--bind", "transceiver", "--scenario", scenario,
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(60))
            #expect(status == 0, "\(peer.transcript)")
            let events = peer.events
            let dataSM = try #require(events.first { $0["op"]?.string == "data_sm" }, "\(peer.transcript)")
            #expect(dataSM["command"]?.string == "data_sm_resp")
            #expect(dataSM["status"]?.int == 0)
            #expect(dataSM["message_id"]?.string == "mg-4", "data_sm_resp carries the handler's message_id")

            let messages = try log.messages()
            try #require(messages.count == 4, "\(messages)")
            let sarParts = Array(messages[0...1])
            #expect(sarParts.allSatisfy { !$0.hasUDH && $0.dataCoding == 0 })
            #expect(sarParts.compactMap(\.sar?.reference) == [0xBEEF, 0xBEEF])
            #expect(sarParts.compactMap(\.sar?.total) == [2, 2])
            #expect(sarParts.compactMap(\.sar?.sequence) == [1, 2])
            #expect(reassemble(sarParts) == sarText)

            #expect(messages[2].command == .submitSM)
            #expect(messages[2].usedPayload)
            #expect(messages[2].dataCoding == 8)
            #expect(messages[2].text == payloadText)

            #expect(messages[3].command == .dataSM)
            #expect(messages[3].usedPayload)
            #expect(messages[3].dataCoding == 0)
            #expect(messages[3].text == dataText)
            #expect(messages[3].sourceAddress == Self.from)
            #expect(messages[3].destinationAddress == Self.to)
        }
    }

    @Test("over TLS: smpplib verifies mogate's certificate, binds and submits")
    func overTLS() async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let certificate = try await SelfSignedCertificate.make()
        let log = MessageLog()
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log, tls: certificate) { port in
            let peer = try await PeerProcess.launch(
                python,
                [
                    InteropPeers.script("smpplib_client.py"), "--port", "\(port)", "--system-id", Self.systemID,
                    "--password", Self.password, "--bind", "transceiver", "--tls-ca", certificate.certificate,
                    "--scenario", Self.scenario(),
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(60))
            #expect(status == 0, "\(peer.transcript)")
            let tls = try #require(peer.events.first { $0["op"]?.string == "tls" }, "\(peer.transcript)")
            #expect(tls["version"]?.string?.hasPrefix("TLSv1.") == true)
            #expect(tls["peer_subject"]?["commonName"]?.string == "localhost")
            let submits = peer.events.filter { $0["op"]?.string == "submit" }
            #expect(submits.flatMap { $0["statuses"]?.array ?? [] }.map(\.int) == Array(repeating: 0, count: 5))
            let messages = try log.messages()
            try #require(messages.count == 5, "\(messages)")
            #expect(messages[0].text == Self.gsmText)
            #expect(messages[1].text == Self.ucs2Text)
            #expect(reassemble(Array(messages[2...])) == Self.longText)
        }
    }
}
