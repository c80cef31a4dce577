// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `mogate serve` with no --webhook-url: the built-in verifier on the same HTTP port is the webhook target.
@Suite(.serialized) struct ServeVerifierTests {
    private let mogate: MogateExecutable

    init() throws { self.mogate = try MogateExecutable() }

    static func http(_ method: HTTPMethod, _ url: String, json: String? = nil) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        return (Int(response.status.code), object ?? [:])
    }

    /// `serve` with the built-in verifier on a fixed HTTP port (it must name it in the webhook URL) and SMPP on
    /// port 0. A port picked free can be taken by a parallel test before serve binds it: then try other ports.
    private func serve(directory: URL) async throws -> (BackgroundMogate, http: Int, smpp: Int) {
        for attempt in 1...5 {
            let httpPort = try await BackgroundMogate.freePort()
            let serve = try await BackgroundMogate(
                self.mogate,
                [
                    "serve", "--host", "127.0.0.1", "--smpp-port", "0", "--http-port", "\(httpPort)", "--data-dir",
                    directory.path, "--receiver", "447860000001", "--otp-ttl", "60",
                ]
            )
            if try await serve.logOrExit("HTTP listening") {
                try await serve.waitForLog("SMPP listening")
                return (serve, httpPort, try #require(serve.loggedPort("SMPP listening")))
            }
            try #require(attempt < 5 && serve.output.contains("Address already in use"), "\(serve.output)")
        }
        throw CancellationError()
    }

    @Test("serve + send: a check created on serve's HTTP port completes with match true, then stays after a restart")
    func builtInVerifier() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-serve-\(UUID())")
        let (serve, httpPort, smppPort) = try await self.serve(directory: directory)
        let api = "http://127.0.0.1:\(httpPort)/mo_check/v0.1"
        let (status, created) = try await Self.http(.POST, "\(api)/checks", json: #"{"phone_number":"447700900123"}"#)
        #expect(status == 201)
        #expect(created["mo_receiver"] as? String == "+447860000001")
        #expect(created["ttl"] as? Int == 60)
        let checkID = try #require(created["check_id"] as? String)
        let text = try #require(created["mo_body"] as? String)
        let sent = try await self.mogate.run([
            "send", "--port", "\(smppPort)", "--system-id", "carrier1", "--password", "pw", "--from", "447700900123",
            "--to", "447860000001", "--text", text,
        ])
        #expect(sent.status == 0, "\(sent.stdoutText)\(sent.stderr)")
        try await serve.waitForLog("result=completed")
        let (_, read) = try await Self.http(.GET, "\(api)/checks/\(checkID)")
        #expect(read["status"] as? String == "COMPLETED")
        #expect(read["match"] as? Bool == true)
        // The admin API still answers on the same port.
        #expect(try await Self.http(.GET, "http://127.0.0.1:\(httpPort)/healthz").0 == 200)
        #expect(try await serve.terminate() == 0)

        // The check is in the store under --data-dir: a restarted serve still has it.
        let (again, againPort, _) = try await self.serve(directory: directory)
        let (_, reread) = try await Self.http(.GET, "http://127.0.0.1:\(againPort)/mo_check/v0.1/checks/\(checkID)")
        #expect(reread["status"] as? String == "COMPLETED")
        #expect(reread["match"] as? Bool == true)
        #expect(try await again.terminate() == 0)
    }

    @Test("serve refuses --http-port 0 without --webhook-url: the verifier's URL must name the port")
    func portZero() async throws {
        let result = try await self.mogate.run(["serve", "--http-port", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("the built-in verifier needs a fixed --http-port"))
    }
}
