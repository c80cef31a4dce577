// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPCore
import SMPPNIO
import Testing

/// mogate in client (ESME) mode, bound to SMPP servers we did not write, receiving the deliver_sm they push:
/// PyPI's smpp34 (`scripts/interop/smpp34_server.py`) and Perl's Net::SMPP (`scripts/interop/netsmpp_server.pl`).
@Suite(
    "Interop: mogate client → smpp34 and Net::SMPP servers",
    .enabled(if: InteropPeers.isRequested, "needs smpplib/kannel/smpp34; set MOGATE_INTEROP=1"),
    .timeLimit(.minutes(2))
)
struct ClientInteropTests {
    static let gsmText = "MO from the SMSC @ £5 {x} €"
    static let ucs2Text = "Ответ 👍 ok"
    /// 200 GSM characters: two parts with an 8-bit-reference UDH (153 + 47 septets).
    static let longText = String(repeating: "0123456789", count: 20)

    static func messagesJSON(includeLong: Bool) -> String {
        var messages: [[String: Any]] = [
            ["from": "447700900001", "to": "12345", "text": gsmText, "data_coding": 0],
            [
                "from": "MOGATE", "source_ton": 5, "source_npi": 0, "to": "12345", "dest_ton": 3, "dest_npi": 9,
                "text": ucs2Text, "data_coding": 8,
            ],
        ]
        if includeLong {
            messages.append(["from": "447700900002", "to": "12345", "text": longText, "split": "udh8"])
        }
        let data = try! JSONSerialization.data(withJSONObject: messages)
        return String(decoding: data, as: UTF8.self)
    }

    /// Checks the first two messages of `messagesJSON` as mogate's handler got them.
    static func checkShortMessages(_ messages: [ReceivedMessage], bindType: SMPPBindType) {
        guard messages.count >= 2 else {
            Issue.record("expected at least 2 messages, got \(messages)")
            return
        }
        for message in messages {
            #expect(message.command == .deliverSM)
            #expect(message.bindType == bindType)
            #expect(message.destinationAddress == "12345")
        }
        #expect(messages[0].sourceAddress == "447700900001")
        #expect(messages[0].sourceTON == 1)
        #expect(messages[0].sourceNPI == 1)
        #expect(messages[0].destinationTON == 1)
        #expect(messages[0].destinationNPI == 1)
        #expect(messages[0].dataCoding == 0)
        #expect(messages[0].text == Self.gsmText)
        #expect(messages[1].sourceAddress == "MOGATE")
        #expect(messages[1].sourceTON == 5)
        #expect(messages[1].sourceNPI == 0)
        #expect(messages[1].destinationTON == 3)
        #expect(messages[1].destinationNPI == 9)
        #expect(messages[1].dataCoding == 8)
        #expect(messages[1].text == Self.ucs2Text)
    }

    @Test("bound to smpp34 as transceiver, mogate receives GSM, UCS-2 and a 2-part UDH deliver_sm")
    func smpp34PushesDeliverSM() async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpp34"])
        let peer = try await PeerProcess.launch(
            python,
            [
                InteropPeers.script("smpp34_server.py"), "--system-id", "SMPP34", "--timeout", "45",
                "--wait-unbind", "--messages", Self.messagesJSON(includeLong: true),
            ]
        )
        defer { peer.terminate() }
        let listening = try await peer.firstEvent("smpp34 listening", timeout: .seconds(20)) {
            $0["event"]?.string == "listening"
        }
        let port = try #require(listening["port"]?.int)
        let log = MessageLog()
        // smpp34 1.5.0 cannot finish a deliver_sm to a receiver bind (it NAKs the deliver_sm_resp): transceiver.
        let messages = try await withMogateClient(
            port: port,
            systemID: "mogate-esme",
            password: "pw",
            bindType: .transceiver,
            log: log
        ) {
            try await log.waitForMessages(4, timeout: .seconds(30))
        }
        let status = try await peer.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "\(peer.transcript)")

        let events = peer.events
        let bound = try #require(events.first { $0["event"]?.string == "bound" }, "\(peer.transcript)")
        #expect(bound["system_id"]?.string == "mogate-esme")
        #expect(bound["can_receive"]?.bool == true)
        let responses = events.filter { $0["event"]?.string == "deliver_sm_resp" }
        #expect(responses.map { $0["status"]?.int } == [0, 0, 0, 0], "\(peer.transcript)")
        #expect(events.contains { $0["event"]?.string == "unbound" }, "mogate unbinds when done")
        #expect(events.last?["ok"]?.bool == true)

        try #require(messages.count == 4, "\(messages)")
        Self.checkShortMessages(messages, bindType: .transceiver)
        let parts = Array(messages[2...])
        #expect(parts.allSatisfy { $0.hasUDH && $0.sourceAddress == "447700900002" })
        #expect(parts.compactMap(\.concatenation).map(\.sequence) == [1, 2])
        #expect(parts.compactMap(\.concatenation).allSatisfy { $0.total == 2 })
        #expect(reassemble(parts) == Self.longText)
    }

    @Test("bound to Net::SMPP as receiver with a password, mogate receives GSM and UCS-2 deliver_sm")
    func netSMPPPushesDeliverSMToReceiver() async throws {
        let perl = try #require(InteropPeers.which("perl"), "MOGATE_INTEROP=1 but perl is not on PATH")
        let check = try await PeerProcess.launch(perl, ["-MNet::SMPP", "-MJSON::PP", "-e", "1"])
        let checkStatus = try await check.waitForExit(timeout: .seconds(20))
        try #require(
            checkStatus == 0,
            "MOGATE_INTEROP=1 but Net::SMPP is missing (apt-get install libnet-smpp-perl): \(check.standardError)"
        )
        let peer = try await PeerProcess.launch(
            perl,
            [
                InteropPeers.script("netsmpp_server.pl"), "--system-id", "NETSMPP", "--password", "n3t",
                "--timeout", "45", "--wait-unbind", "--messages", Self.messagesJSON(includeLong: false),
            ]
        )
        defer { peer.terminate() }
        let listening = try await peer.firstEvent("Net::SMPP listening", timeout: .seconds(20)) {
            $0["event"]?.string == "listening"
        }
        let port = try #require(listening["port"]?.int)
        let log = MessageLog()
        let messages = try await withMogateClient(
            port: port,
            systemID: "mogate-rx",
            password: "n3t",
            bindType: .receiver,
            log: log
        ) {
            try await log.waitForMessages(2, timeout: .seconds(30))
        }
        let status = try await peer.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "\(peer.transcript)")

        let events = peer.events
        let bind = try #require(events.first { $0["event"]?.string == "bind" }, "\(peer.transcript)")
        #expect(bind["command"]?.string == "bind_receiver")
        #expect(bind["system_id"]?.string == "mogate-rx")
        #expect(bind["interface_version"]?.string == "0x34")
        #expect(bind["answered"]?.int == 0)
        let responses = events.filter { $0["event"]?.string == "deliver_sm_resp" }
        #expect(responses.map { $0["status"]?.int } == [0, 0], "\(peer.transcript)")
        #expect(responses.map { $0["command_id"]?.string } == ["0x80000005", "0x80000005"])
        #expect(events.contains { $0["event"]?.string == "unbind" }, "mogate unbinds when done")
        #expect(events.last?["ok"]?.bool == true)
        try #require(messages.count == 2, "\(messages)")
        Self.checkShortMessages(messages, bindType: .receiver)
    }
}
