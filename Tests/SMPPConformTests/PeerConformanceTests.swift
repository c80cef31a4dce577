// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPConform
import SMPPTestSupport
import Testing

/// The suites against peers we did not write: PyPI's smpp34 server (`scripts/interop/smpp34_server.py`) as an
/// SMSC, and python-smpplib's receive loop as an ESME (`scripts/interop/smpplib_client.py`). Their verdicts are
/// recorded in `scripts/interop/conformance-*.json` and `protocol-docs/CONFORMANCE.md`; a change in either the
/// peer or a case shows up here.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["MOGATE_INTEROP"] == "1",
        "needs PyPI's smpp34; set MOGATE_INTEROP=1"
    )
)
struct PeerConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Recorded: Decodable {
        var peer: String
        var verdicts: [String: ConformanceVerdict]
    }

    @Test("smpp34's server gets the verdicts recorded for it")
    func smpp34() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("smpp34-conform-\(UUID()).log")
        try Data().write(to: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try await ChildProcess.start(
            "python3",
            [
                Self.root.appendingPathComponent("scripts/interop/smpp34_server.py").path, "--port", "0",
                "--sessions", "1000", "--timeout", "120",
            ],
            standardOutput: log.path,
            standardError: "/dev/null"
        )
        defer { process.stop() }
        let port = try await Self.listeningPort(log: log, process: process)
        let results = await ConformanceSuite.runSMSC(
            target: ConformanceTarget(
                host: "127.0.0.1",
                port: port,
                systemID: "carrier1",
                password: "secret",
                timeout: .seconds(2)
            )
        )
        try Self.compare(results, with: "conformance-smpp34.json")
    }

    @Test("python-smpplib's receive loop, as an ESME, gets the verdicts recorded for it")
    func smpplibESME() async throws {
        let port = try await ESMEConformanceTests.freePort()
        // smpplib connects once: start it after the listener is up, which the bind timeout leaves time for.
        async let results = ConformanceSuite.runESME(
            connection: .listen(host: "127.0.0.1", port: port),
            target: ConformanceTarget(
                host: "127.0.0.1",
                port: port,
                systemID: "carrier1",
                password: "secret",
                timeout: .seconds(3)
            ),
            bindTimeout: .seconds(30)
        )
        try await Task.sleep(for: .milliseconds(500))
        let process = try await ChildProcess.start(
            "python3",
            [
                Self.root.appendingPathComponent("scripts/interop/smpplib_client.py").path, "--host",
                "127.0.0.1", "--port", "\(port)", "--system-id", "carrier1", "--password", "secret", "--bind",
                "receiver", "--scenario", #"[{"op": "bind"}, {"op": "listen", "seconds": 20}]"#,
            ],
            standardOutput: "/dev/null"
        )
        defer { process.stop() }
        try Self.compare(await results, with: "conformance-smpplib-esme.json")
    }

    static func compare(_ results: [ConformanceResult], with file: String) throws {
        let recorded = try JSONDecoder().decode(
            Recorded.self,
            from: Data(contentsOf: Self.root.appendingPathComponent("scripts/interop/\(file)"))
        )
        #expect(Set(results.map(\.id)) == Set(recorded.verdicts.keys))
        for result in results {
            #expect(result.verdict == recorded.verdicts[result.id], "\(result.id): \(result.detail)")
        }
    }

    static func listeningPort(log: URL, process: ChildProcess) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    object["event"] as? String == "listening", let port = object["port"] as? Int
                else { continue }
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("smpp34_server.py never reported its port")
        throw CancellationError()
    }
}
