// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import SMPPConform
import SMPPNIO
import SMPPTestSupport
import ServiceLifecycle
import Testing

@Suite struct ConformanceSuiteTests {
    static let logger = Logger(label: "test.conform")

    @Test("mogate's own SMPP server passes every case, with no warning")
    func mogatePasses() async throws {
        var configuration = SMPPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.accounts = [SMPPAccount(systemID: "carrier1", password: "secret")]
        let (running, continuation) = AsyncStream<SMPPServer.Listening>.makeStream()
        let server = SMPPServer(
            configuration: configuration,
            requestHandler: SMPPAcceptingRequestHandler(),
            logger: Self.logger,
            onServerRunning: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: Self.logger)
        let results = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = running.makeAsyncIterator()
            let port = try #require(await iterator.next()?.smpp?.port)
            let results = await ConformanceSuite.runSMSC(
                target: ConformanceTarget(host: "127.0.0.1", port: port, systemID: "carrier1", password: "secret")
            )
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return results
        }
        #expect(results.map(\.id) == ConformanceSuite.smscCaseIDs)
        for result in results {
            #expect(result.verdict == .pass, "\(result.id): \(result.detail)")
        }
    }

    @Test("a server that answers everything ESME_ROK fails the cases that check refusals")
    func sloppyServerFails() async throws {
        let server = try await SloppySMSC.start()
        let results = await ConformanceSuite.runSMSC(
            target: ConformanceTarget(
                host: "127.0.0.1",
                port: server.port,
                systemID: "carrier1",
                password: "secret",
                timeout: .seconds(1)
            )
        )
        try await server.stop()
        let verdicts = Dictionary(uniqueKeysWithValues: results.map { ($0.id, $0.verdict) })
        for id in [
            "bind.bad-password", "bind.twice", "state.submit-before-bind", "state.submit-on-receiver",
            "generic-nack.unknown-command", "field.source-addr-too-long", "field.destination-addr-too-long",
            "field.sm-length-255", "field.system-id-too-long",
        ] {
            #expect(verdicts[id] == .fail, "\(id) should fail against a server that accepts everything")
        }
        for id in ["bind.transmitter", "enquire-link.bound", "window.out-of-order", "concat.udh8", "unbind"] {
            #expect(verdicts[id] == .pass, "\(id): \(results.first { $0.id == id }?.detail ?? "missing")")
        }
        // It closes on lost framing without a generic_nack: accepted, with a warning.
        #expect(verdicts["command-length.too-short"] == .warn)
        let report = ConformanceReport(results: results)
        #expect(report.verdict == .fail)
        #expect(report.table().contains("FAIL    bind.bad-password"))
        #expect(report.summary.hasSuffix("\(report.count(.fail)) fail"))
    }

    @Test("a peer that is not there fails every case with the reason, rather than hanging")
    func noPeer() async throws {
        let refusing = TestPorts.Refusing()
        let results = await ConformanceSuite.runSMSC(
            target: ConformanceTarget(host: "127.0.0.1", port: refusing.port, systemID: "a", password: "b"),
            only: ["bind.", "unbind"]
        )
        withExtendedLifetime(refusing) {}
        #expect(results.count == 6)
        #expect(results.allSatisfy { $0.verdict == .fail && $0.detail.contains("refused") }, "\(results)")
    }
}
