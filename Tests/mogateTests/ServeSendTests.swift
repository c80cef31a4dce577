// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import NIOPosix
import Testing

/// `mogate serve` and `mogate send`, as processes talking SMPP over loopback.
@Suite(.serialized) struct ServeSendTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    /// `serve` with a free HTTP port and a fresh store, so tests never touch ./.mogate or :8080.
    static func serve() async throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-serve-\(UUID())")
        return ["serve", "--http-port", "\(try await BackgroundMogate.freePort())", "--data-dir", directory.path]
    }

    private func send(port: Int, password: String = "secret", _ extra: [String]) async throws -> MogateExecutable.Output
    {
        try await self.mogate.run(
            [
                "send", "--host", "127.0.0.1", "--port", "\(port)", "--system-id", "carrier1", "--password", password,
                "--from", "447700900123", "--to", "447860000000",
            ] + extra
        )
    }

    @Test("send delivers an MO to the built-in verifier, logged without its text or numbers; SIGTERM stops serve")
    func sendOne() async throws {
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            try await Self.serve() + ["--smpp-port", "\(port)", "--account", "carrier1:secret"]
        )
        try await serve.waitForLog("SMPP listening")
        let result = try await self.send(port: port, ["--text", "Verify 483920"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText == "message: ESME_ROK\n")
        try await serve.waitForLog("MO stored")
        // With no --webhook-url the MO goes to the built-in verifier, which finds no check for it.
        try await serve.waitForLog("MO checked")
        let log = serve.output
        #expect(log.contains("smpp.command=deliver_sm"))
        #expect(log.contains("result=no_check"))
        #expect(log.contains("smpp.system_id=carrier1"))
        #expect(!log.contains("483920"), "message text must not be logged at info")
        #expect(!log.contains("447700900123"), "numbers must not be logged at info")
        #expect(try await serve.terminate() == 0)
        #expect(serve.output.contains("unbinding sessions"))
    }

    @Test(
        "a long UCS-2 message goes in parts, each answered with a message id, for every split",
        arguments: ["udh8", "udh16", "sar", "payload"]
    )
    func sendParts(split: String) async throws {
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(self.mogate, try await Self.serve() + ["--smpp-port", "\(port)"])
        try await serve.waitForLog("SMPP listening")
        #expect(serve.output.contains("no SMPP accounts configured"))
        let text = String(repeating: "Код 483920 😀 ", count: 12)
        let result = try await self.send(port: port, ["--as", "submit_sm", "--text", text, "--split", split])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n")
        if split == "payload" {
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("message: ESME_ROK message_id=") == true)
        } else {
            #expect(lines.count == 3, "\(lines)")
            for (index, line) in lines.enumerated() {
                #expect(line.hasPrefix("part \(index + 1)/3: ESME_ROK message_id="), "\(line)")
            }
        }
        try await serve.waitForLog("smpp.data_coding=0x08")
        _ = try await serve.terminate()
    }

    @Test("send exits non-zero and says why when the bind is refused")
    func refusedBind() async throws {
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            try await Self.serve() + ["--smpp-port", "\(port)", "--account", "carrier1:secret"]
        )
        try await serve.waitForLog("SMPP listening")
        let result = try await self.send(port: port, password: "wrong", ["--text", "hi"])
        #expect(result.status != 0)
        #expect(result.stdoutText.contains("bind failed: ESME_RINVPASWD"))
        _ = try await serve.terminate()
    }

    @Test("send exits non-zero when a part is not answered ESME_ROK")
    func refusedPart() async throws {
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(self.mogate, try await Self.serve() + ["--smpp-port", "\(port)"])
        try await serve.waitForLog("SMPP listening")
        // A transceiver may not send deliver_sm to the SMSC under strict rules, but mogate accepts MO either way;
        // data_sm from an alphanumeric sender is answered too. A receiver bind cannot submit at all:
        let result = try await self.mogate.run([
            "send", "--port", "\(port)", "--system-id", "c", "--password", "p", "--from", "MyBank", "--to",
            "447860000000",
            "--text", "hello", "--as", "data_sm",
        ])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText.hasPrefix("message: ESME_ROK message_id="))
        _ = try await serve.terminate()
        // Nothing listens now: the connection fails and send says so.
        let failed = try await self.send(port: port, ["--text", "hi"])
        #expect(failed.status != 0)
    }

    @Test("serve --upstream binds out to another SMSC as receiver")
    func upstream() async throws {
        let smscPort = try await BackgroundMogate.freePort()
        let smsc = try await BackgroundMogate(
            self.mogate,
            try await Self.serve() + ["--smpp-port", "\(smscPort)", "--account", "esme1:pw"]
        )
        try await smsc.waitForLog("SMPP listening")
        let gatewayPort = try await BackgroundMogate.freePort()
        let gateway = try await BackgroundMogate(
            self.mogate,
            try await Self.serve() + [
                "--smpp-port", "\(gatewayPort)", "--upstream", "smpp://esme1:pw@127.0.0.1:\(smscPort)?bind=receiver",
            ]
        )
        try await gateway.waitForLog("upstream bound")
        try await smsc.waitForLog("smpp.bind=receiver")
        #expect(smsc.output.contains("smpp.system_id=esme1"))
        #expect(try await gateway.terminate() == 0)
        try await smsc.waitForLog("peer unbinds")
        _ = try await smsc.terminate()
    }

    @Test("serve --upstream …&profile=dead binds, then answers nothing: the SMSC finds its ESME dead and drops it")
    func upstreamProfile() async throws {
        let smscPort = try await BackgroundMogate.freePort()
        let smsc = try await BackgroundMogate(
            self.mogate,
            try await Self.serve() + [
                "--smpp-port", "\(smscPort)", "--account", "esme1:pw", "--enquire-link-interval", "1",
            ]
        )
        try await smsc.waitForLog("SMPP listening")
        let gateway = try await BackgroundMogate(
            self.mogate,
            try await Self.serve() + [
                "--smpp-port", "\(try await BackgroundMogate.freePort())", "--upstream",
                "smpp://esme1:pw@127.0.0.1:\(smscPort)?bind=receiver&profile=dead",
            ]
        )
        try await gateway.waitForLog("upstream bound")
        // The SMSC's enquire_link goes unanswered, so it closes the session after its response timeout.
        try await smsc.waitForLog("peer did not answer in time; closing", timeout: .seconds(60))
        _ = try await gateway.terminate()
        _ = try await smsc.terminate()

        let refused = try await self.mogate.run(
            try await Self.serve() + ["--upstream", "smpp://esme1:pw@127.0.0.1:\(smscPort)?profile=nosuch"]
        )
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--upstream: profile:"), "\(refused.stderr)")
    }

    @Test("serve exits with an error, not a half-running gateway, when its HTTP port is taken")
    func httpPortTaken() async throws {
        let taken = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { taken.close(promise: nil) }
        let httpPort = try #require(taken.localAddress?.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-serve-\(UUID())")
        let serve = try await BackgroundMogate(
            self.mogate,
            [
                "serve", "--host", "127.0.0.1", "--smpp-port", "0", "--http-port", "\(httpPort)", "--data-dir",
                directory.path,
            ]
        )
        try await serve.waitForExit()
        #expect(serve.exitCode != 0)
        #expect(serve.output.contains("Address already in use"))
    }

    @Test("serve refuses bad flags with a clear message")
    func badFlags() async throws {
        let noKey = try await self.mogate.run(["serve", "--smpp-tls-port", "3550"])
        #expect(noKey.status != 0)
        #expect(noKey.stderr.contains("--smpp-tls-port needs --tls-cert and --tls-key"))
        let badAccount = try await self.mogate.run(["serve", "--account", "nopassword"])
        #expect(badAccount.status != 0)
        #expect(badAccount.stderr.contains("SYSTEM_ID:PASSWORD"))
        let badUpstream = try await self.mogate.run(["serve", "--upstream", "http://x:y@host:1"])
        #expect(badUpstream.status != 0)
        #expect(badUpstream.stderr.contains("smpp://"))
    }
}
