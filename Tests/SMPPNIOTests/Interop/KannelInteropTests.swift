// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// Kannel (Debian `kannel`): bearerbox binds to mogate's in-process server as its SMPP SMSC, and messages sent
/// through smsbox's sendsms HTTP interface arrive at mogate as submit_sm. Driven by
/// `scripts/interop/kannel/run_kannel.sh`, which owns Kannel's processes and stops them on every path.
@Suite(
    "Interop: Kannel bearerbox → mogate server",
    .enabled(if: InteropPeers.isRequested, "needs smpplib/kannel/smpp34; set MOGATE_INTEROP=1"),
    .timeLimit(.minutes(3))
)
struct KannelInteropTests {
    /// Sessions that send enquire_link after one second without traffic.
    static var pingEverySecond: SMPPSessionConfiguration {
        var session = SMPPSessionConfiguration()
        session.enquireLinkInterval = .seconds(1)
        return session
    }

    static let systemID = "kannel"
    static let password = "k4nnel"
    static let systemType = "KANNEL"
    /// Kannel strips the `+` and sends TON 1 (international), NPI 1 (E.164).
    static let from = "+447700900123"
    static let to = "+447700900321"
    static let gsmText = "Hello from Kannel @ £5 {x} €"
    static let ucs2Text = "Привет 👋 Kannel"
    /// 319 GSM characters: Kannel splits it into three 153-septet parts with an 8-bit-reference UDH.
    static let longText = (0..<40).map { String(format: "long%03d", $0) }.joined(separator: " ")

    @Test(
        "sendsms → bearerbox → mogate: GSM, UCS-2 and a long message arrive as submit_sm",
        arguments: ["transceiver", "transmitter"]
    )
    func sendsmsArrivesAsSubmitSM(mode: String) async throws {
        let bash = try InteropPeers.requireKannel()
        let log = MessageLog()
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log) { port in
            let peer = try await PeerProcess.launch(
                bash,
                [
                    InteropPeers.script("kannel/run_kannel.sh"), "--smsc-port", "\(port)",
                    "--system-id", Self.systemID, "--password", Self.password, "--system-type", Self.systemType,
                    "--mode", mode, "--from", Self.from, "--to", Self.to, "--gsm", Self.gsmText,
                    "--ucs2", Self.ucs2Text, "--gsm", Self.longText, "--timeout", "60",
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(90))
            #expect(status == 0, "run_kannel.sh failed\n\(peer.transcript)")
            let events = peer.events
            let online = try #require(events.first { $0["event"]?.string == "online" }, "\(peer.transcript)")
            // The status page names the link SMPP:host:port/receive-port:user:system-type.
            #expect(online["smsc"]?.string?.contains(":\(Self.systemID):\(Self.systemType)") == true)
            let sendsms = events.filter { $0["event"]?.string == "sendsms" }
            #expect(sendsms.map { $0["http_status"]?.int } == [202, 202, 202], "\(peer.transcript)")
            #expect(events.last?["event"]?.string == "done")

            let messages = try await log.waitForMessages(5, timeout: .seconds(10))
            try #require(messages.count == 5, "\(messages)")
            let expectedBind: SMPPBindType = mode == "transceiver" ? .transceiver : .transmitter
            for message in messages {
                #expect(message.command == .submitSM)
                #expect(message.systemID == Self.systemID)
                #expect(message.bindType == expectedBind)
                #expect(message.sourceAddress == "447700900123")
                #expect(message.sourceTON == 1)
                #expect(message.sourceNPI == 1)
                #expect(message.destinationAddress == "447700900321")
                #expect(message.destinationTON == 1)
                #expect(message.destinationNPI == 1)
                #expect(message.esmClass & 0x03 == 0x03, "Kannel asks for store-and-forward mode")
            }
            // Kannel may have several submit_sm in flight, so find each message by its shape, not its position.
            let singles = messages.filter { !$0.hasUDH }
            try #require(singles.count == 2, "\(messages)")
            let gsm = try #require(singles.first { $0.dataCoding == 0x00 }, "\(singles)")
            #expect(gsm.text == Self.gsmText)
            let ucs2 = try #require(singles.first { $0.dataCoding == 0x08 }, "\(singles)")
            #expect(ucs2.text == Self.ucs2Text)
            #expect(ucs2.userData.hex.contains("d83ddc4b"))

            let parts = messages.filter(\.hasUDH).sorted {
                ($0.concatenation?.sequence ?? 0) < ($1.concatenation?.sequence ?? 0)
            }
            let concatenations = parts.compactMap(\.concatenation)
            #expect(parts.allSatisfy { $0.hasUDH && $0.dataCoding == 0 })
            #expect(concatenations.map(\.sequence) == [1, 2, 3])
            #expect(concatenations.allSatisfy { $0.total == 3 })
            #expect(Set(concatenations.map(\.reference)).count == 1)
            #expect(reassemble(parts) == Self.longText)
            // Kannel marks all parts but the last with more_messages_to_send = 1.
            #expect(parts.map(\.moreMessagesToSend) == [1, 1, nil])
        }
    }

    @Test("bearerbox with a wrong password is refused with ESME_RINVPASWD and never comes online")
    func wrongPasswordKeepsKannelOffline() async throws {
        let bash = try InteropPeers.requireKannel()
        let log = MessageLog()
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log) { port in
            let peer = try await PeerProcess.launch(
                bash,
                [
                    InteropPeers.script("kannel/run_kannel.sh"), "--smsc-port", "\(port)",
                    "--system-id", Self.systemID, "--password", "wrong", "--gsm", "never", "--timeout", "8",
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(40))
            #expect(status != 0, "Kannel must not get online with a wrong password\n\(peer.transcript)")
            #expect(!peer.events.contains { $0["event"]?.string == "online" })
            let error = try #require(peer.events.first { $0["event"]?.string == "error" }, "\(peer.transcript)")
            // Kannel logs the bind_resp status it got and gives the link up ("dead"); mogate must say ESME_RINVPASWD.
            #expect(error["bind_status"]?.string == "0x0000000e", "\(peer.transcript)")
            #expect(log.all.isEmpty)
        }
    }

    @Test("enquire_link both ways keeps Kannel's link up; then a message and a clean unbind")
    func enquireLinkBothWays() async throws {
        let bash = try InteropPeers.requireKannel()
        let log = MessageLog()
        // mogate probes after 1 s of silence; Kannel every 3 s. Over 4.5 idle seconds each side must have probed
        // and been answered, on one TCP connection.
        try await withMogateServer(
            accounts: [(Self.systemID, Self.password)],
            log: log,
            session: Self.pingEverySecond
        ) { port in
            let peer = try await PeerProcess.launch(
                bash,
                [
                    InteropPeers.script("kannel/run_kannel.sh"), "--smsc-port", "\(port)",
                    "--system-id", Self.systemID, "--password", Self.password, "--enquire-link-interval", "3",
                    "--linger", "4.5", "--from", Self.from, "--to", Self.to, "--gsm", "after the pings",
                    "--timeout", "60",
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(90))
            #expect(status == 0, "run_kannel.sh failed\n\(peer.transcript)")
            let pdus = try #require(peer.events.first { $0["event"]?.string == "pdus" }, "\(peer.transcript)")
            func count(_ direction: String, _ name: String) -> Int { pdus[direction]?[name]?.int ?? 0 }
            #expect(pdus["connects"]?.int == 1, "one connection, never re-established\n\(pdus)")
            #expect(count("sent", "enquire_link") >= 1, "\(pdus)")
            #expect(count("got", "enquire_link_resp") == count("sent", "enquire_link"), "\(pdus)")
            #expect(count("got", "enquire_link") >= 2, "mogate probes the idle link\n\(pdus)")
            #expect(count("sent", "enquire_link_resp") == count("got", "enquire_link"), "\(pdus)")
            #expect(count("got", "generic_nack") == 0, "\(pdus)")
            #expect(count("sent", "unbind") == 1 && count("got", "unbind_resp") == 1, "\(pdus)")
            let messages = try await log.waitForMessages(1, timeout: .seconds(10))
            #expect(messages.map(\.text) == ["after the pings"])
        }
    }

    @Test("an account limited to one message in 2 s throttles Kannel, which resends; each message arrives once")
    func throttlingMakesKannelResend() async throws {
        let bash = try InteropPeers.requireKannel()
        let log = MessageLog()
        let texts = (1...4).map { "throttled message \($0)" }
        try await withMogateServer(
            accounts: [(Self.systemID, Self.password)],
            log: log,
            limit: 0.5
        ) { port in
            let peer = try await PeerProcess.launch(
                bash,
                [
                    InteropPeers.script("kannel/run_kannel.sh"), "--smsc-port", "\(port)",
                    "--system-id", Self.systemID, "--password", Self.password, "--from", Self.from, "--to", Self.to,
                    "--timeout", "60",
                ] + texts.flatMap { ["--gsm", $0] }
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(90))
            #expect(status == 0, "run_kannel.sh failed\n\(peer.transcript)")
            let pdus = try #require(peer.events.first { $0["event"]?.string == "pdus" }, "\(peer.transcript)")
            let throttled = pdus["got_errors"]?["submit_sm_resp 0x00000058"]?.int ?? 0
            #expect(throttled >= 1, "mogate answers ESME_RTHROTTLED (0x58) over the limit\n\(pdus)")
            #expect(pdus["sent"]?["submit_sm"]?.int == texts.count + throttled, "each refusal is resent\n\(pdus)")
            #expect(pdus["connects"]?.int == 1, "throttling does not cost the bind\n\(pdus)")
            let messages = try await log.waitForMessages(texts.count, timeout: .seconds(10))
            #expect(messages.compactMap(\.text).sorted() == texts.sorted(), "each message exactly once")
        }
    }

    @Test("over TLS (use-ssl): bearerbox binds to mogate's TLS port and delivers")
    func overTLS() async throws {
        let bash = try InteropPeers.requireKannel()
        let certificate = try await SelfSignedCertificate.make()
        let log = MessageLog()
        try await withMogateServer(accounts: [(Self.systemID, Self.password)], log: log, tls: certificate) { port in
            let peer = try await PeerProcess.launch(
                bash,
                [
                    InteropPeers.script("kannel/run_kannel.sh"), "--smsc-port", "\(port)", "--tls",
                    "--system-id", Self.systemID, "--password", Self.password, "--from", Self.from, "--to", Self.to,
                    "--gsm", Self.gsmText, "--ucs2", Self.ucs2Text, "--timeout", "60",
                ]
            )
            defer { peer.terminate() }
            let status = try await peer.waitForExit(timeout: .seconds(90))
            #expect(status == 0, "run_kannel.sh failed\n\(peer.transcript)")
            let pdus = try #require(peer.events.first { $0["event"]?.string == "pdus" }, "\(peer.transcript)")
            #expect(pdus["connects"]?.int == 1)
            #expect(pdus["got"]?["submit_sm_resp"]?.int == 2)
            let messages = try await log.waitForMessages(2, timeout: .seconds(10))
            #expect(Set(messages.compactMap(\.text)) == [Self.gsmText, Self.ucs2Text])
            #expect(messages.allSatisfy { $0.bindType == .transceiver && $0.systemID == Self.systemID })
        }
    }
}
