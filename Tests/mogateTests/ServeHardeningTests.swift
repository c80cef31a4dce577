// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// `mogate serve`'s secret files and limit flags, as processes over loopback.
@Suite(.serialized) struct ServeHardeningTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    private func send(port: Int, systemID: String, password: String) async throws -> MogateExecutable.Output {
        try await self.mogate.run([
            "send", "--host", "127.0.0.1", "--port", "\(port)", "--system-id", systemID, "--password", password,
            "--from", "447700900123", "--to", "447860000000", "--text", "hi",
        ])
    }

    @Test("--accounts-file: its accounts bind, others do not, and the passwords never reach the log")
    func accountsFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-accounts-\(UUID())")
        try "# carriers\nfiled1:pw1xyz\n\nfiled2:pw2xyz\n".write(to: file, atomically: true, encoding: .utf8)
        let port = try await BackgroundMogate.freePort()
        let serve = try await BackgroundMogate(
            self.mogate,
            try await ServeSendTests.serve() + [
                "--smpp-port", "\(port)", "--accounts-file", file.path, "--max-failed-binds-per-minute", "0",
                "--max-connections-per-ip", "20",
            ]
        )
        try await serve.waitForLog("SMPP listening")
        await #expect(try self.send(port: port, systemID: "filed2", password: "pw2xyz").status == 0)
        let refused = try await self.send(port: port, systemID: "filed1", password: "wrong")
        #expect(refused.stdoutText.contains("ESME_RINVPASWD"))
        #expect(!serve.output.contains("no SMPP accounts configured"))
        #expect(!serve.output.contains("pw1xyz") && !serve.output.contains("pw2xyz"))
        _ = try await serve.terminate()
    }

    @Test("a malformed accounts file stops serve with the line number, not the line")
    func badAccountsFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-accounts-\(UUID())")
        try "ok1:pw\nno-colon-secretpw\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try await self.mogate.run([
            "serve", "--smpp-port", "0", "--http-port", "0", "--accounts-file", file.path,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains(":2: expected SYSTEM_ID:PASSWORD"), "\(result.stderr)")
        #expect(!result.stderr.contains("secretpw"))
    }

    @Test("negative limits are refused at parse time")
    func negativeLimit() async throws {
        let result = try await self.mogate.run(["serve", "--max-connections=-1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--max-connections must be 0 or more"), "\(result.stderr)")
    }
}
