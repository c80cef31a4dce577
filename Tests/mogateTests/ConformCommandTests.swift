// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// `mogate conform` against `mogate serve`, both as processes over loopback.
@Suite struct ConformCommandTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    @Test("conform against serve passes every case and exits 0; against nothing it exits 1")
    func againstServe() async throws {
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            try await ServeSendTests.serve() + ["--smpp-port", "\(port)", "--account", "carrier1:secret"]
        )
        try await serve.waitForLog("SMPP listening")
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("conform-\(UUID()).json")
        let result = try await self.mogate.run([
            "conform", "--target", "127.0.0.1:\(port)", "--system-id", "carrier1", "--password", "secret",
            "--json", json.path,
        ])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        let cases = try await self.mogate.run([
            "conform", "--list", "--target", "x:1", "--system-id", "a", "--password", "b",
        ])
        let ids = cases.stdoutText.split(separator: "\n").map(String.init)
        #expect(ids.count > 20)
        #expect(result.stdoutText.contains("\(ids.count) pass, 0 warn, 0 fail"), "\(result.stdoutText)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ids)
        #expect(rows.allSatisfy { $0["verdict"] as? String == "pass" })
        #expect(try await serve.terminate() == 0)

        let nothing = try await self.mogate.run([
            "conform", "--target", "127.0.0.1:\(port)", "--system-id", "carrier1", "--password", "secret",
            "--case", "bind.transceiver",
        ])
        #expect(nothing.status == 1)
        #expect(nothing.stdoutText.contains("FAIL    bind.transceiver"), "\(nothing.stdoutText)")
    }

    @Test("conform --role esme judges serve's upstream bind: mogate as an ESME passes every case")
    func esmeRole() async throws {
        let port = try await BackgroundMogate.freePort()
        let conform = try await BackgroundMogate(
            self.mogate,
            [
                "conform", "--role", "esme", "--listen", "127.0.0.1:\(port)", "--system-id", "carrier1",
                "--password", "secret", "--bind-timeout", "30",
            ]
        )
        try await conform.waitForLog("waiting for the ESME to bind")
        let serve = try await BackgroundMogate(
            self.mogate,
            try await ServeSendTests.serve() + [
                "--smpp-port", "\(try await BackgroundMogate.freePort())",
                "--upstream", "smpp://carrier1:secret@127.0.0.1:\(port)?bind=receiver",
            ]
        )
        try await conform.waitForExit(timeout: .seconds(40))
        #expect(conform.exitCode == 0, "\(conform.output)")
        #expect(conform.output.contains("10 pass, 0 warn, 0 fail"), "\(conform.output)")
        #expect(try await serve.terminate() == 0)
    }

    @Test("conform refuses a target without a port")
    func badTarget() async throws {
        let result = try await self.mogate.run([
            "conform", "--target", "localhost", "--system-id", "a", "--password", "b",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--target takes HOST:PORT"))
        let neither = try await self.mogate.run(["conform", "--role", "esme", "--system-id", "a", "--password", "b"])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("--role esme needs one of --listen HOST:PORT or --target HOST:PORT"))
    }
}
