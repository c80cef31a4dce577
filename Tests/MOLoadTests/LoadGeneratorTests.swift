// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import SMPPCore
import SMPPNIO
import Synchronization
import Testing

@testable import MOLoad

@Suite struct LoadGeneratorTests {
    private static func connect(to port: Int) -> LoadConfiguration {
        LoadConfiguration(
            target: .connect(host: "127.0.0.1", port: port, systemID: "load", password: "load", bindType: .transmitter)
        )
    }

    @Test(
        "closed loop: every message reaches the server once, on every session, and the counts agree",
        arguments: LoadOperation.allCases
    )
    func closedLoop(command: LoadOperation) async throws {
        let server = try await LoadTestServer()
        defer { server.stop() }
        var configuration = Self.connect(to: server.port)
        configuration.sessions = 3
        configuration.window = 8
        configuration.count = 600
        configuration.command = command
        configuration.mix = .mixed
        let report = try await LoadGenerator(configuration: configuration, logger: Logger(label: "test")).run()
        let seen = server.seen()
        #expect(report.messages == 600)
        #expect(report.sessions == 3)
        #expect(report.pdusSent > 600, "the mix has concatenated messages")
        #expect(report.ok == report.pdusSent)
        #expect(report.allOK)
        #expect(seen.pdus == report.pdusSent)
        #expect(
            seen.commands[command == .deliverSM ? .deliverSM : command == .submitSM ? .submitSM : .dataSM] == seen.pdus
        )
        // The tag is in every message's first part: one of each, 0..<600.
        #expect(seen.tags.count == 600)
        #expect(seen.tags.values.allSatisfy { $0 == 1 })
        #expect(Set(seen.tags.keys.map(\.sequence)) == Set(0..<600))
        #expect(report.latency.count == UInt64(report.pdusSent))
        #expect(
            report.latency.p50 > 0 && report.latency.p50 <= report.latency.p99
                && report.latency.p99 <= report.latency.max
        )
        #expect(report.perSecond.reduce(0, +) == report.ok)
    }

    @Test("a fixed rate is kept, and latency counts from when each message was due")
    func openLoop() async throws {
        let server = try await LoadTestServer()
        defer { server.stop() }
        var configuration = Self.connect(to: server.port)
        configuration.sessions = 2
        configuration.window = 1
        configuration.rate = 200
        configuration.count = 200
        let report = try await LoadGenerator(configuration: configuration, logger: Logger(label: "test")).run()
        #expect(report.messages == 200)
        #expect(report.ok == 200)
        // 200 messages at 200/s take at least a second, not the few ms a closed loop would. (No upper bound: a
        // busy machine may be late, and lateness shows in the latency.)
        #expect(report.elapsed > 0.95, "elapsed \(report.elapsed)")
        #expect(report.latency.count == 200)
        #expect(report.rate == 200)
    }

    @Test("a target that falls behind a fixed rate shows in the corrected latency, not only in service time")
    func coordinatedOmission() async throws {
        // Each response takes 20 ms, so window 1 serves 50/s while 200/s are due: the queue grows.
        var configuration = SMPPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = SMPPServer(
            configuration: configuration,
            requestHandler: SMPPAsyncRequestHandler { _ in
                try? await Task.sleep(for: .milliseconds(20))
                return .ok
            },
            logger: Logger(label: "slow"),
            onServerRunning: { continuation.yield($0.smpp?.port ?? 0) }
        )
        let task = Task { try await server.run() }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var load = Self.connect(to: port)
        load.window = 1
        load.rate = 200
        load.count = 40
        let report = try await LoadGenerator(configuration: load, logger: Logger(label: "test")).run()
        #expect(report.ok == 40)
        // The 40th message was due at 195 ms and answered after at least 40 × 20 ms: 605 ms late or more.
        #expect(report.latency.max >= 600, "corrected max \(report.latency.max) ms")
        // The median message waited behind about 20 others (≥ 15 ms each beyond its own due time): the corrected
        // latency shows that wait, the service time does not.
        #expect(report.latency.p50 > report.serviceTime.p50 + 150, "\(report.latency.p50) vs \(report.serviceTime.p50)")
    }

    @Test("statuses other than ESME_ROK are counted by name")
    func statuses() async throws {
        let server = try await LoadTestServer { $0 % 10 == 0 ? .throttled : .ok }
        defer { server.stop() }
        var configuration = Self.connect(to: server.port)
        configuration.window = 1
        configuration.count = 100
        let report = try await LoadGenerator(configuration: configuration, logger: Logger(label: "test")).run()
        #expect(report.statuses["ESME_RTHROTTLED"] == 10)
        #expect(report.statuses["ESME_ROK"] == 90)
        #expect(!report.allOK)
        #expect(report.table.contains("status ESME_RTHROTTLED  10"))
    }

    @Test("--listen: acts as the SMSC and pushes deliver_sm to the receivers that bind")
    func listen() async throws {
        var configuration = LoadConfiguration(target: .listen(host: "127.0.0.1", port: 0))
        configuration.sessions = 2
        configuration.window = 5
        configuration.count = 300
        configuration.bindWait = 20
        let received = Mutex<[LoadTagKey: Int]>([:])
        let handler = SMPPAsyncRequestHandler { request in
            if let tag = LoadTestServer.tag(in: request.pdu) { received.withLock { $0[tag, default: 0] += 1 } }
            return .ok
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let load = Task {
            try await LoadGenerator(configuration: configuration, logger: Logger(label: "test")).run(onListening: {
                continuation.yield($0)
            })
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var sessions: [SMPPSession] = []
        for _ in 0..<2 {
            let client = SMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                bindType: .receiver,
                systemID: "esme",
                password: "x"
            )
            sessions.append(
                try await SMPPClient.connect(client, requestHandler: handler, logger: Logger(label: "esme"))
            )
        }
        let report = try await load.value
        #expect(report.messages == 300)
        #expect(report.ok == 300)
        #expect(received.withLock { $0.count } == 300)
        #expect(received.withLock { $0.values.allSatisfy { $0 == 1 } })
        for session in sessions { await session.close() }
    }

    @Test("--listen gives up when too few peers bind in time")
    func listenTimeout() async throws {
        var configuration = LoadConfiguration(target: .listen(host: "127.0.0.1", port: 0))
        configuration.bindWait = 0.3
        await #expect(throws: LoadError.self) {
            _ = try await LoadGenerator(configuration: configuration, logger: Logger(label: "test")).run()
        }
    }
}
