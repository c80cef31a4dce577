// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `mogate` executable's `serve` and `send` against the same third-party peers: smpp34 decodes what
/// `mogate send` puts on the wire, smpplib binds to `mogate serve`, and `mogate serve --upstream` binds to Net::SMPP.
@Suite(
    "Interop: mogate serve and mogate send with third-party peers",
    .enabled(if: InteropPeers.isRequested, "needs smpplib/kannel/smpp34; set MOGATE_INTEROP=1"),
    .timeLimit(.minutes(3))
)
struct CLIInteropTests {
    static let longText = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 6)

    /// One `mogate send` run: its arguments beyond the connection, and what smpp34 must see.
    struct SendCase: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var text: String
        var parts: Int
        var dataCoding: Int
        var testDescription: String { self.name }
    }

    static let sendCases: [SendCase] = [
        SendCase(name: "GSM", arguments: [], text: "Hi from mogate send @ £5 {x} €", parts: 1, dataCoding: 0),
        SendCase(name: "UCS-2", arguments: [], text: "Привет 👋 mogate", parts: 1, dataCoding: 8),
        SendCase(name: "udh8", arguments: ["--split", "udh8"], text: longText, parts: 2, dataCoding: 0),
        SendCase(name: "udh16", arguments: ["--split", "udh16"], text: longText, parts: 2, dataCoding: 0),
        SendCase(name: "sar", arguments: ["--split", "sar"], text: longText, parts: 2, dataCoding: 0),
        SendCase(name: "payload", arguments: ["--split", "payload"], text: longText, parts: 1, dataCoding: 0),
    ]

    /// serve's info lines for MO: one "MO received" per PDU (the listener alone), or one "MO stored" per message
    /// with `mo.parts=N` (with the gateway pipeline). Returns the lines and how many PDUs they account for.
    static func moLogLines(_ log: String) -> (lines: [String], parts: Int) {
        let lines = log.components(separatedBy: "\n")
        let stored = lines.filter { $0.contains("MO stored") }
        if !stored.isEmpty {
            let parts = stored.map { line -> Int in
                guard let range = line.range(of: "mo.parts=") else { return 1 }
                return Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 1
            }
            return (stored, parts.reduce(0, +))
        }
        let received = lines.filter { $0.contains("MO received") }
        return (received, received.count)
    }

    @Test("mogate send --as submit_sm to smpp34: smpp34 decodes the text, addresses and parts", arguments: sendCases)
    func sendToSmpp34(_ sendCase: SendCase) async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpp34"])
        let mogate = try InteropPeers.requireMogate()
        let smsc = try await PeerProcess.launch(
            python,
            [InteropPeers.script("smpp34_server.py"), "--system-id", "SMPP34", "--timeout", "40", "--wait-unbind"]
        )
        defer { smsc.terminate() }
        let listening = try await smsc.firstEvent("smpp34 listening", timeout: .seconds(20)) {
            $0["event"]?.string == "listening"
        }
        let port = try #require(listening["port"]?.int)
        let send = try await PeerProcess.launch(
            mogate,
            [
                "send", "--host", "127.0.0.1", "--port", "\(port)", "--system-id", "mogate", "--password", "pw",
                "--bind", "transmitter", "--as", "submit_sm", "--from", "447700900123", "--to", "447700900999",
                "--text", sendCase.text,
            ] + sendCase.arguments
        )
        defer { send.terminate() }
        let sendStatus = try await send.waitForExit(timeout: .seconds(30))
        #expect(sendStatus == 0, "\(send.transcript)")
        let smscStatus = try await smsc.waitForExit(timeout: .seconds(30))
        #expect(smscStatus == 0, "\(smsc.transcript)")

        let submits = smsc.events.filter { $0["event"]?.string == "submit_sm" }
        try #require(submits.count == sendCase.parts, "\(smsc.transcript)")
        // mogate send prints each part's status and the message_id smpp34 gave it.
        let expectedLines =
            sendCase.parts == 1
            ? ["message: ESME_ROK message_id=\(submits[0]["message_id"]?.string ?? "?")"]
            : submits.enumerated().map { index, submit in
                "part \(index + 1)/\(sendCase.parts): ESME_ROK message_id=\(submit["message_id"]?.string ?? "?")"
            }
        #expect(send.lines == expectedLines)
        for submit in submits {
            #expect(submit["source_addr"]?.string == "447700900123")
            #expect(submit["source_addr_ton"]?.int == 1)
            #expect(submit["source_addr_npi"]?.int == 1)
            #expect(submit["destination_addr"]?.string == "447700900999")
            #expect(submit["data_coding"]?.int == sendCase.dataCoding)
        }
        let texts = submits.compactMap { $0["text"]?.string }
        #expect(texts.joined() == sendCase.text, "\(smsc.transcript)")

        func tlv(_ submit: JSON, _ tag: Int) -> String? {
            submit["tlvs"]?.array?.first { $0["tag"]?.int == tag }?["value_hex"]?.string
        }
        switch sendCase.name {
        case "udh8":
            #expect(submits.allSatisfy { $0["esm_class"]?.int.map { $0 & 0x40 } == 0x40 })
            #expect(submits.compactMap { $0["udh_hex"]?.string?.prefix(6) } == ["050003", "050003"])
            #expect(submits.compactMap { $0["udh_hex"]?.string?.suffix(4) } == ["0201", "0202"])
        case "udh16":
            #expect(submits.compactMap { $0["udh_hex"]?.string?.prefix(6) } == ["060804", "060804"])
            #expect(submits.compactMap { $0["udh_hex"]?.string?.suffix(4) } == ["0201", "0202"])
        case "sar":
            #expect(submits.allSatisfy { ($0["esm_class"]?.int ?? 0) & 0x40 == 0 })
            #expect(submits.map { tlv($0, 0x020E) } == ["02", "02"], "sar_total_segments")
            #expect(submits.map { tlv($0, 0x020F) } == ["01", "02"], "sar_segment_seqnum")
            #expect(Set(submits.compactMap { tlv($0, 0x020C) }).count == 1, "one sar_msg_ref_num")
        case "payload":
            #expect(submits[0]["short_message_hex"]?.string == "", "the text travels in message_payload")
            #expect(tlv(submits[0], 0x0424) != nil)
        case "UCS-2":
            #expect(submits[0]["short_message_hex"]?.string?.contains("d83ddc4b") == true)
        default:
            break
        }
    }

    @Test("mogate serve: smpplib binds, submits GSM/UCS-2/long, is refused with a wrong password; SIGTERM unbinds it")
    func serveWithSmpplib() async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let mogate = try InteropPeers.requireMogate()
        let port = try InteropPeers.freePort()
        let serve = try await PeerProcess.launch(
            mogate,
            try await InteropPeers.serveArguments(mogate, smppPort: port) + ["--account", "smpplib:s3cret"]
        )
        defer { serve.terminate() }
        try await serve.waitForStandardError(containing: "SMPP listening", timeout: .seconds(20))

        func smpplib(_ password: String, _ scenario: String) async throws -> PeerProcess {
            try await PeerProcess.launch(
                python,
                [
                    InteropPeers.script("smpplib_client.py"), "--port", "\(port)", "--system-id", "smpplib",
                    "--password", password, "--bind", "transceiver", "--scenario", scenario,
                ]
            )
        }
        let full = try await smpplib("s3cret", SmpplibInteropTests.scenario())
        defer { full.terminate() }
        let fullStatus = try await full.waitForExit(timeout: .seconds(60))
        #expect(fullStatus == 0, "\(full.transcript)")
        let submits = full.events.filter { $0["op"]?.string == "submit" }
        #expect(submits.flatMap { $0["statuses"]?.array ?? [] }.map(\.int) == Array(repeating: 0, count: 5))
        #expect(submits.flatMap { $0["message_ids"]?.array ?? [] }.allSatisfy { $0.string?.isEmpty == false })

        let refused = try await smpplib("wrong", #"[{"op": "bind", "expect": 14}]"#)
        defer { refused.terminate() }
        let refusedStatus = try await refused.waitForExit(timeout: .seconds(30))
        #expect(refusedStatus == 0, "\(refused.transcript)")
        #expect(refused.events.first { $0["op"]?.string == "bind" }?["status"]?.int == 0x0E)

        // A session left bound when serve gets SIGTERM is unbound by mogate, and serve exits 0.
        let waiting = try await smpplib("s3cret", #"[{"op": "bind"}, {"op": "await_unbind", "seconds": 30}]"#)
        defer { waiting.terminate() }
        _ = try await waiting.firstEvent("smpplib bound", timeout: .seconds(20)) { $0["op"]?.string == "bind" }
        serve.signal(SIGTERM)
        let waitingStatus = try await waiting.waitForExit(timeout: .seconds(30))
        #expect(waitingStatus == 0, "\(waiting.transcript)")
        let unbind = waiting.events.first { $0["op"]?.string == "await_unbind" }
        #expect(unbind?["command"]?.string == "unbind")
        #expect(unbind?["peer_closed"]?.bool == true)
        let serveStatus = try await serve.waitForExit(timeout: .seconds(30))
        #expect(serveStatus == 0, "\(serve.transcript)")

        // serve logged each MO at info, without its text.
        let log = serve.standardError
        let moLines = Self.moLogLines(log)
        #expect(moLines.parts == 5, "5 submit_sm in 3 messages\n\(log)")
        #expect(moLines.lines.count == 5 || moLines.lines.count == 3, "\(log)")
        #expect(
            moLines.lines.allSatisfy { $0.contains("smpp.command=submit_sm") && $0.contains("smpp.system_id=smpplib") }
        )
        #expect(!log.contains("Hello from smpplib") && !log.contains("part000"), "no message text in the log")
    }

    @Test("mogate serve --upstream …?bind=receiver binds to Net::SMPP and takes the deliver_sm it pushes")
    func serveUpstreamToNetSMPP() async throws {
        let perl = try #require(InteropPeers.which("perl"), "MOGATE_INTEROP=1 but perl is not on PATH")
        let mogate = try InteropPeers.requireMogate()
        let smsc = try await PeerProcess.launch(
            perl,
            [
                InteropPeers.script("netsmpp_server.pl"), "--password", "up1", "--timeout", "60", "--wait-unbind",
                "--messages", ClientInteropTests.messagesJSON(includeLong: false),
            ]
        )
        defer { smsc.terminate() }
        let listening = try await smsc.firstEvent("Net::SMPP listening", timeout: .seconds(20)) {
            $0["event"]?.string == "listening"
        }
        let port = try #require(listening["port"]?.int)
        let serve = try await PeerProcess.launch(
            mogate,
            try await InteropPeers.serveArguments(mogate, smppPort: try InteropPeers.freePort())
                + ["--upstream", "smpp://upstream1:up1@127.0.0.1:\(port)?bind=receiver"]
        )
        defer { serve.terminate() }
        _ = try await smsc.firstEvent("two deliver_sm_resp", timeout: .seconds(30)) { _ in
            smsc.events.filter { $0["event"]?.string == "deliver_sm_resp" }.count >= 2
        }
        let statuses = smsc.events.filter { $0["event"]?.string == "deliver_sm_resp" }.map { $0["status"]?.int }
        #expect(statuses == [0, 0], "\(smsc.transcript)")
        let bind = smsc.events.first { $0["event"]?.string == "bind" }
        #expect(bind?["command"]?.string == "bind_receiver")
        #expect(bind?["system_id"]?.string == "upstream1")
        try await serve.waitForStandardError(containing: "MO received", or: ["MO stored"], timeout: .seconds(10))

        serve.signal(SIGTERM)
        let serveStatus = try await serve.waitForExit(timeout: .seconds(30))
        #expect(serveStatus == 0, "\(serve.transcript)")
        let smscStatus = try await smsc.waitForExit(timeout: .seconds(30))
        #expect(smscStatus == 0, "\(smsc.transcript)")
        #expect(smsc.events.contains { $0["event"]?.string == "unbind" }, "serve unbinds its upstream on SIGTERM")
        let received = Self.moLogLines(serve.standardError)
        #expect(received.lines.count == 2 && received.parts == 2, "\(serve.standardError)")
        #expect(received.lines.allSatisfy { $0.contains("smpp.command=deliver_sm") })
    }

    @Test("mogate serve --upstream retries until Net::SMPP listens, and binds again after the SMSC drops it")
    func upstreamReconnects() async throws {
        let perl = try #require(InteropPeers.which("perl"), "MOGATE_INTEROP=1 but perl is not on PATH")
        let mogate = try InteropPeers.requireMogate()
        let port = try InteropPeers.freePort()
        let serve = try await PeerProcess.launch(
            mogate,
            try await InteropPeers.serveArguments(mogate, smppPort: try InteropPeers.freePort())
                + ["--upstream", "smpp://upstream2:up2@127.0.0.1:\(port)?bind=transceiver"]
        )
        defer { serve.terminate() }
        // Nothing listens yet: the first attempts fail and back off.
        try await serve.waitForStandardError(containing: "upstream bind failed", timeout: .seconds(20))

        func smsc(_ text: String, waitForUnbind: Bool) async throws -> PeerProcess {
            let messages = #"[{"from": "447700900555", "to": "12345", "text": "\#(text)"}]"#
            return try await PeerProcess.launch(
                perl,
                [
                    InteropPeers.script("netsmpp_server.pl"), "--port", "\(port)", "--password", "up2",
                    "--timeout", "60", "--messages", messages,
                ] + (waitForUnbind ? ["--wait-unbind"] : [])
            )
        }
        // The first SMSC pushes one message and hangs up; the upstream must notice and bind again.
        let first = try await smsc("first bind", waitForUnbind: false)
        defer { first.terminate() }
        let firstStatus = try await first.waitForExit(timeout: .seconds(40))
        #expect(firstStatus == 0, "\(first.transcript)")
        #expect(first.events.first { $0["event"]?.string == "bind" }?["command"]?.string == "bind_transceiver")
        try await serve.waitForStandardError(containing: "upstream connection closed", timeout: .seconds(20))

        let second = try await smsc("second bind", waitForUnbind: true)
        defer { second.terminate() }
        _ = try await second.firstEvent("deliver_sm_resp from the rebound upstream", timeout: .seconds(40)) {
            $0["event"]?.string == "deliver_sm_resp"
        }
        serve.signal(SIGTERM)
        let serveStatus = try await serve.waitForExit(timeout: .seconds(30))
        #expect(serveStatus == 0, "\(serve.transcript)")
        let secondStatus = try await second.waitForExit(timeout: .seconds(30))
        #expect(secondStatus == 0, "\(second.transcript)")
        #expect(second.events.contains { $0["event"]?.string == "unbind" }, "serve unbinds the upstream on SIGTERM")
        for peer in [first, second] {
            let statuses = peer.events.filter { $0["event"]?.string == "deliver_sm_resp" }.map { $0["status"]?.int }
            #expect(statuses == [0], "\(peer.transcript)")
        }
        let lines = serve.standardError.components(separatedBy: "\n")
        #expect(lines.filter { $0.contains("upstream bound") }.count == 2, "\(serve.standardError)")
        let received = Self.moLogLines(serve.standardError)
        #expect(received.lines.count == 2, "\(serve.standardError)")
        #expect(received.lines.allSatisfy { $0.contains("smpp.command=deliver_sm") })
    }
}
