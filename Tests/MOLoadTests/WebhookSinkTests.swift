// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import Logging
import MOGateway
import NIOCore
import NIOHTTP1
import Testing

@testable import MOLoad

/// The sink over real HTTP on loopback.
@Suite struct WebhookSinkTests {
    /// A sink on a free port, stopped when the test ends.
    final class RunningSink: Sendable {
        let sink: WebhookSink
        let port: Int
        let task: Task<Void, any Error>

        init(_ configure: (inout SinkConfiguration) -> Void = { _ in }) async throws {
            var configuration = SinkConfiguration()
            configuration.port = 0
            configure(&configuration)
            let sink = WebhookSink(configuration: configuration, logger: Logger(label: "sink"))
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            self.sink = sink
            self.task = Task { try await sink.run(gracefulShutdownSignals: []) { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            self.port = await iterator.next() ?? 0
        }

        deinit { self.task.cancel() }

        var base: String { "http://127.0.0.1:\(self.port)" }

        func post(
            _ path: String = "/mo",
            body: String,
            contentType: String = "application/json",
            headers: [(String, String)] = []
        ) async throws -> (status: Int, body: String) {
            var request = HTTPClientRequest(url: self.base + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: contentType)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(string: body))
            return try await Self.execute(request)
        }

        func get(_ pathAndQuery: String) async throws -> (status: Int, body: String) {
            try await Self.execute(HTTPClientRequest(url: self.base + pathAndQuery))
        }

        func stats() async throws -> [String: Any] {
            let (status, body) = try await self.get("/stats")
            #expect(status == 200)
            return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        }

        private static func execute(_ request: HTTPClientRequest) async throws -> (status: Int, body: String) {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), String(buffer: body))
        }
    }

    static func json(id: String, tag: LoadTag) -> String {
        #"{"id":"\#(id)","type":"mo","from":"+447700900123","text":"Verify 483920 \#(tag)","encoding":"gsm7"}"#
    }

    @Test("JSON v1 with a valid signature is accepted; unsigned and forged ones get 401 and are not counted")
    func signatures() async throws {
        let sink = try await RunningSink { $0.secret = "s3cret" }
        let now = WallClock.nowMicros()
        let body = Self.json(id: "m-1", tag: LoadTag(run: 1, sequence: 0, sentMicros: now - 5_000))
        let signature = WebhookSignature.header(secret: "s3cret", timestamp: Date(), body: Array(body.utf8))
        let good = try await sink.post(body: body, headers: [(WebhookSignature.headerName, signature)])
        #expect(good.status == 200)
        let unsigned = try await sink.post(body: body)
        #expect(unsigned.status == 401)
        let forged = WebhookSignature.header(secret: "other", timestamp: Date(), body: Array(body.utf8))
        #expect(try await sink.post(body: body, headers: [(WebhookSignature.headerName, forged)]).status == 401)
        // The body changed after signing.
        let tampered = body.replacingOccurrences(of: "483920", with: "000000")
        #expect(try await sink.post(body: tampered, headers: [(WebhookSignature.headerName, signature)]).status == 401)

        let stats = try await sink.stats()
        #expect(stats["requests"] as? Int == 4)
        #expect(stats["accepted"] as? Int == 1)
        #expect(stats["bad_signatures"] as? Int == 3)
        #expect(stats["unique_ids"] as? Int == 1)
        #expect(stats["unique_tags"] as? Int == 1)
        let latency = try #require(stats["latency"] as? [String: Any])
        // Sent 5 ms before the post: the latency is at least that.
        #expect((latency["max"] as? Double ?? 0) >= 5)
    }

    @Test("a delivery acknowledged twice counts once, as a duplicate, by id and by tag")
    func duplicates() async throws {
        let sink = try await RunningSink()
        for sequence in 0..<5 {
            let tag = LoadTag(run: 2, sequence: UInt64(sequence), sentMicros: WallClock.nowMicros())
            #expect(try await sink.post(body: Self.json(id: "m-\(sequence)", tag: tag)).status == 200)
            if sequence < 2 {
                #expect(try await sink.post(body: Self.json(id: "m-\(sequence)", tag: tag)).status == 200)
            }
        }
        let report = sink.sink.report
        #expect(report.accepted == 7)
        #expect(report.uniqueIDs == 5)
        #expect(report.duplicateIDs == 2)
        #expect(report.uniqueTags == 5)
        #expect(report.duplicateTags == 2)
        #expect(report.latency.count == 5)
        #expect(report.endToEndPerSecond > 0)
    }

    @Test("jasmin forms get ACK/Jasmin; kannel GETs and UCS-2 bytes are read too")
    func formats() async throws {
        let sink = try await RunningSink()
        let tag1 = LoadTag(run: 3, sequence: 1, sentMicros: WallClock.nowMicros())
        let jasmin = try await sink.post(
            "/jasmin",
            body:
                "id=j-1&from=447700900123&to=447860000000&origin-connector=smpp&content=Verify+483920+\(tag1)&coding=0",
            contentType: "application/x-www-form-urlencoded"
        )
        #expect(jasmin.status == 200)
        #expect(jasmin.body == "ACK/Jasmin")
        let tag2 = LoadTag(run: 3, sequence: 2, sentMicros: WallClock.nowMicros())
        let kannel = try await sink.get(
            "/mo?from=%2B447700900123&to=447860000000&text=Verify%20483920%20\(tag2)&id=k-2"
        )
        #expect(kannel.status == 200)
        // UCS-2 as Kannel's %b sends it without mo-recode: UTF-16BE bytes, percent-escaped.
        let tag3 = LoadTag(run: 3, sequence: 3, sentMicros: WallClock.nowMicros())
        let utf16 = "Код ✅ \(tag3)".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let escaped = utf16.map { String(format: "%%%02X", $0) }.joined()
        #expect(try await sink.get("/mo?text=\(escaped)&coding=2&id=k-3").status == 200)
        let report = sink.sink.report
        #expect(report.uniqueTags == 3)
        #expect(report.uniqueIDs == 3)
        #expect(report.formats == ["jasmin": 1, "kannel": 2])
        #expect(report.untagged == 0)
    }

    @Test("injected failures: a 5xx rate, slow answers and an outage window")
    func failures() async throws {
        let sink = try await RunningSink {
            $0.failures.errorRate = 0.3
            $0.failures.slowRate = 0.1
            $0.failures.slowDelay = 0.2
        }
        var statuses: [Int: Int] = [:]
        for sequence in 0..<100 {
            let tag = LoadTag(run: 4, sequence: UInt64(sequence), sentMicros: WallClock.nowMicros())
            statuses[try await sink.post(body: Self.json(id: "f-\(sequence)", tag: tag)).status, default: 0] += 1
        }
        let report = sink.sink.report
        #expect((15...45).contains(statuses[503] ?? 0), "\(statuses)")
        #expect(report.injectedErrors == statuses[503])
        #expect(report.accepted == statuses[200])
        #expect(report.uniqueTags == statuses[200])
        #expect(report.slowAnswers > 0)

        let outage = try await RunningSink {
            $0.failures.outageAfter = 0.3
            $0.failures.outageFor = 1.0
        }
        var timeline: [Int] = []
        let clock = ContinuousClock()
        let start = clock.now
        var sequence = 0
        // Until the outage has come and gone, however slowly a loaded machine answers.
        while clock.now - start < .seconds(20), !(timeline.contains(503) && timeline.last == 200) {
            let tag = LoadTag(run: 5, sequence: UInt64(sequence), sentMicros: WallClock.nowMicros())
            timeline.append(try await outage.post(body: Self.json(id: "o-\(sequence)", tag: tag)).status)
            sequence += 1
            try await Task.sleep(for: .milliseconds(20))
        }
        // 200s, then 503s, then 200s again.
        let firstFailure = try #require(timeline.firstIndex(of: 503))
        let lastFailure = try #require(timeline.lastIndex(of: 503))
        #expect(timeline[..<firstFailure].allSatisfy { $0 == 200 })
        #expect(timeline[firstFailure...lastFailure].allSatisfy { $0 == 503 })
        #expect(timeline[(lastFailure + 1)...].allSatisfy { $0 == 200 })
        #expect(lastFailure + 1 < timeline.count)
        #expect(outage.sink.report.injectedOutage == timeline.filter { $0 == 503 }.count)
    }

    @Test("POST /stats/reset clears the counts")
    func reset() async throws {
        let sink = try await RunningSink()
        let tag = LoadTag(run: 6, sequence: 0, sentMicros: WallClock.nowMicros())
        #expect(try await sink.post(body: Self.json(id: "r", tag: tag)).status == 200)
        #expect(try await sink.stats()["unique_tags"] as? Int == 1)
        #expect(try await sink.post("/stats/reset", body: "").status == 204)
        #expect(try await sink.stats()["unique_tags"] as? Int == 0)
    }
}
