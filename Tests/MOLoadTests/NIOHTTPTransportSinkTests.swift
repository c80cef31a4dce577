// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOGateway
import Testing

@testable import MOLoad

/// The lean webhook transport against `mogate sink`, with the failures the sink injects.
@Suite struct NIOHTTPTransportSinkTests {
    private static func request(port: Int, sequence: Int, timeout: Duration = .seconds(5)) -> WebhookRequest {
        let tag = LoadTag(run: 9, sequence: UInt64(sequence), sentMicros: WallClock.nowMicros())
        return WebhookRequest(
            url: "http://127.0.0.1:\(port)/mo",
            headers: [("Content-Type", "application/json")],
            body: Array(WebhookSinkTests.json(id: "t-\(sequence)", tag: tag).utf8),
            timeout: timeout
        )
    }

    @Test("many posts over few kept-alive connections, 5xx answers passed through as responses")
    func keepAliveAndInjectedErrors() async throws {
        let sink = try await WebhookSinkTests.RunningSink { $0.failures.errorRate = 0.2 }
        let transport = NIOHTTPTransport(configuration: .init(maximumConnectionsPerHost: 4))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for sequence in 0..<200 {
                group.addTask { try await transport.post(Self.request(port: sink.port, sequence: sequence)).status }
            }
            var statuses: [Int: Int] = [:]
            for try await status in group { statuses[status, default: 0] += 1 }
            return statuses
        }
        try await transport.shutdown()
        #expect(statuses[200, default: 0] + statuses[503, default: 0] == 200, "\(statuses)")
        #expect((20...60).contains(statuses[503] ?? 0), "\(statuses)")
        let report = sink.sink.report
        #expect(report.uniqueTags == statuses[200])
        #expect(report.duplicateTags == 0)
        #expect(report.injectedErrors == statuses[503])
    }

    @Test(
        "pipelined first attempts: the sink answers each burst together, every answer reaches its request",
        .timeLimit(.minutes(1))
    )
    func pipelined() async throws {
        let sink = try await WebhookSinkTests.RunningSink { $0.failures.errorRate = 0.2 }
        // It counts each request: no release of queued requests, however loaded the machine.
        let transport = NIOHTTPTransport(
            configuration: .init(maximumConnectionsPerHost: 2, pipeliningDepth: 8, pipeliningHoldLimit: .seconds(60))
        )
        let executor = try #require(transport.preferredExecutor)
        // Started in one tick of the transport's loop, as the dispatcher starts deliveries, so they share batches.
        let tasks = await Task(executorPreference: executor) {
            (0..<200).map { sequence in
                Task(executorPreference: executor) {
                    var request = Self.request(port: sink.port, sequence: sequence)
                    request.mayPipeline = true
                    return try await transport.post(request).status
                }
            }
        }.value
        var statuses: [Int: Int] = [:]
        for task in tasks { statuses[try await task.value, default: 0] += 1 }
        try await transport.shutdown()
        #expect(statuses[200, default: 0] + statuses[503, default: 0] == 200, "\(statuses)")
        let report = sink.sink.report
        #expect(report.uniqueTags == statuses[200])
        #expect(report.duplicateTags == 0)
        #expect(report.injectedErrors == statuses[503])
    }

    @Test("a slow answer past the deadline is a timeout, and the next request gets a fresh connection")
    func timeout() async throws {
        let sink = try await WebhookSinkTests.RunningSink {
            $0.failures.slowRate = 1
            $0.failures.slowDelay = 1
        }
        let transport = NIOHTTPTransport()
        await #expect(throws: WebhookTransportError(code: .timeout)) {
            _ = try await transport.post(Self.request(port: sink.port, sequence: 0, timeout: .milliseconds(200)))
        }
        // With time enough, the same slow sink answers.
        let response = try await transport.post(Self.request(port: sink.port, sequence: 1, timeout: .seconds(5)))
        #expect(response.status == 200)
        try await transport.shutdown()
    }

    @Test("no server is a connection error; after the server is back, requests go through")
    func reconnect() async throws {
        var sink: WebhookSinkTests.RunningSink? = try await WebhookSinkTests.RunningSink()
        let port = try #require(sink?.port)
        let transport = NIOHTTPTransport()
        #expect(try await transport.post(Self.request(port: port, sequence: 0)).status == 200)
        sink?.task.cancel()
        _ = try? await sink?.task.value
        sink = nil
        await #expect(throws: WebhookTransportError(code: .connection)) {
            _ = try await transport.post(Self.request(port: port, sequence: 1))
        }
        let again = try await WebhookSinkTests.RunningSink { $0.port = port }
        #expect(try await transport.post(Self.request(port: again.port, sequence: 2)).status == 200)
        try await transport.shutdown()
    }
}
