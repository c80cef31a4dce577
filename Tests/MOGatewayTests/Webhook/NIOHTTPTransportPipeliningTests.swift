// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import MOGateway

/// HTTP/1.1 pipelining of first attempts in the `nio` transport (`--webhook-pipelining`), over real loopback TCP.
@Suite("NIO webhook transport: pipelining", .timeLimit(.minutes(1)))
struct NIOHTTPTransportPipeliningTests {
    static func request(port: Int, sequence: Int, mayPipeline: Bool = true) -> WebhookRequest {
        var request = WebhookRequest(
            url: "http://127.0.0.1:\(port)/mo",
            headers: [("Content-Type", "application/json"), ("X-Seq", "\(sequence)")],
            body: Array("{\"seq\":\(sequence)}".utf8),
            timeout: .seconds(20)
        )
        request.mayPipeline = mayPipeline
        return request
    }

    /// Posts `count` requests from tasks started in one tick of the transport's loop, as the dispatcher starts
    /// deliveries there, so that they can share batches. Returns each sequence number's response body.
    static func postTogether(
        _ transport: NIOHTTPTransport,
        port: Int,
        count: Int
    ) async throws -> [Int: (status: Int, body: String)] {
        let executor = try #require(transport.preferredExecutor)
        let tasks = try await transport.eventLoop.submit {
            (0..<count).map { sequence in
                Task(executorPreference: executor) {
                    let response = try await transport.post(Self.request(port: port, sequence: sequence))
                    return (sequence, response.status, String(decoding: response.body, as: UTF8.self))
                }
            }
        }.get()
        var results: [Int: (status: Int, body: String)] = [:]
        for task in tasks {
            let (sequence, status, body) = try await task.value
            results[sequence] = (status, body)
        }
        return results
    }

    @Test("first attempts share connections in batches, and each gets its own answer back")
    func answersMatchRequests() async throws {
        try await withReceiver(Replies { Reply(body: $0.headers["x-seq"] ?? "?") }) { port, log in
            // It counts each request: no release of queued requests, however loaded the machine.
            let transport = NIOHTTPTransport(
                configuration: .init(
                    maximumConnectionsPerHost: 2,
                    pipeliningDepth: 8,
                    pipeliningHoldLimit: .seconds(60)
                )
            )
            let results = try await Self.postTogether(transport, port: port, count: 64)
            try await transport.shutdown()
            #expect(results.count == 64)
            for (sequence, result) in results {
                #expect(result.status == 200)
                #expect(result.body == "\(sequence)", "request \(sequence) got another request's answer")
            }
            #expect(transport.largestBatch.load(ordering: .relaxed) > 1, "nothing was pipelined")
            #expect(transport.largestBatch.load(ordering: .relaxed) <= 8)
            #expect(log.requests.count == 64)
        }
    }

    @Test("with pipelining off (the default), and for retries, requests go one at a time")
    func offByDefault() async throws {
        try await withReceiver(Replies { Reply(body: $0.headers["x-seq"] ?? "?") }) { port, _ in
            let transport = NIOHTTPTransport(configuration: .init(maximumConnectionsPerHost: 2))
            let results = try await Self.postTogether(transport, port: port, count: 16)
            try await transport.shutdown()
            #expect(results.count == 16)
            #expect(results.allSatisfy { $0.value.body == "\($0.key)" })
            #expect(transport.largestBatch.load(ordering: .relaxed) == 0)
        }
        let retries = NIOHTTPTransport(configuration: .init(maximumConnectionsPerHost: 2, pipeliningDepth: 8))
        try await withReceiver(Replies { _ in Reply() }) { port, _ in
            _ = try await retries.post(Self.request(port: port, sequence: 1, mayPipeline: false))
        }
        try await retries.shutdown()
        #expect(retries.largestBatch.load(ordering: .relaxed) == 0)
    }

    @Test("a server that answers one request and closes: the requests queued behind go again, each once")
    func closeAfterFirstAnswer() async throws {
        let server = try await CloseAfterFirstServer.start()
        let transport = NIOHTTPTransport(configuration: .init(maximumConnectionsPerHost: 1, pipeliningDepth: 8))
        let results = try await Self.postTogether(transport, port: server.port, count: 8)
        try await transport.shutdown()
        try await server.channel.close()
        #expect(results.count == 8)
        for (sequence, result) in results { #expect(result.body == "\(sequence)") }
        #expect(transport.largestBatch.load(ordering: .relaxed) > 1, "nothing was pipelined")
        // Each request was read and answered once: the ones behind a closing answer were never read.
        #expect(server.answered.sorted() == (0..<8).map(String.init).sorted())
    }

    /// Starts `count` posts in one tick of the transport's loop, as `postTogether` does, without waiting for them.
    static func startTogether(
        _ transport: NIOHTTPTransport,
        port: Int,
        count: Int
    ) async throws -> [Task<(status: Int, body: String), any Error>] {
        let executor = try #require(transport.preferredExecutor)
        return try await transport.eventLoop.submit {
            (0..<count).map { sequence in
                Task(executorPreference: executor) {
                    let response = try await transport.post(Self.request(port: port, sequence: sequence))
                    return (response.status, String(decoding: response.body, as: UTF8.self))
                }
            }
        }.get()
    }

    @Test("a stalled answer holds the requests queued behind it for the hold limit, not until it comes")
    func stalledAnswerReleasesTheQueue() async throws {
        let gate = Gate()
        try await withReceiver(
            Replies { request in
                let sequence = request.headers["x-seq"] ?? "?"
                if sequence == "0" { await gate.wait() }
                return Reply(body: sequence)
            }
        ) { port, log in
            let transport = NIOHTTPTransport(
                configuration: .init(
                    maximumConnectionsPerHost: 2,
                    pipeliningDepth: 8,
                    pipeliningHoldLimit: .milliseconds(200)
                )
            )
            // One batch of eight on one connection, the stalled request first.
            let tasks = try await Self.startTogether(transport, port: port, count: 8)
            for (sequence, task) in tasks.enumerated().dropFirst() {
                let result = try await task.value
                #expect(result.status == 200)
                #expect(result.body == "\(sequence)")
            }
            #expect(transport.largestBatch.load(ordering: .relaxed) == 8)
            // Every request behind the stalled one was answered while it still waits.
            #expect(!log.requests.contains { $0.headers["x-seq"] == "0" && $0.index > 7 })
            gate.open()
            let stalled = try await tasks[0].value
            #expect(stalled.body == "0")
            try await transport.shutdown()
        }
    }

    @Test("a target that answers slowly gets its first attempts one at a time")
    func slowTargetIsNotPipelined() async throws {
        try await withReceiver(
            Replies { request in
                try? await Task.sleep(for: .milliseconds(30))
                return Reply(body: request.headers["x-seq"] ?? "?")
            }
        ) { port, _ in
            let transport = NIOHTTPTransport(
                configuration: .init(
                    maximumConnectionsPerHost: 8,
                    pipeliningDepth: 8,
                    pipeliningLatencyLimit: .milliseconds(10)
                )
            )
            // Four answers of 30 ms bring the average over the limit.
            for sequence in 0..<4 {
                _ = try await transport.post(Self.request(port: port, sequence: sequence))
            }
            let before = transport.unpipelined.load(ordering: .relaxed)
            #expect(before < 4, "the first answer alone cannot reach the limit")
            let results = try await Self.postTogether(transport, port: port, count: 8)
            try await transport.shutdown()
            #expect(results.count == 8)
            #expect(results.allSatisfy { $0.value.body == "\($0.key)" })
            #expect(transport.unpipelined.load(ordering: .relaxed) - before == 8)
            #expect(transport.largestBatch.load(ordering: .relaxed) == 1)
        }
    }

    @Test("the dispatcher with pipelining on: every record delivered once, refused first attempts retried")
    func dispatcherDeliversEachOnce() async throws {
        let store = InMemoryStore()
        for index in 0..<120 { await store.add(Fixtures.record(id: "p-\(index)")) }
        // The first attempts of ids ending in 5 are answered 503: their retries go out alone, and get 200.
        let seen = SeenIDs()
        try await withReceiver(
            Replies { request in
                let id = request.headers["idempotency-key"] ?? ""
                let first = seen.ids.withLock { $0.insert(id).inserted }
                return first && id.hasSuffix("5") ? Reply(status: 503) : Reply()
            }
        ) { port, log in
            let configuration = Fixtures.configuration(port: port) {
                $0.maxConcurrency = 8
                $0.pipelining = 8
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: .nio)) {
                dispatcher in
                for index in 0..<120 {
                    #expect(await dispatcher.waitForDelivery(id: "p-\(index)", timeout: .seconds(30)))
                }
            }
            let byID = Dictionary(grouping: log.requests, by: { $0.headers["idempotency-key"] ?? "" })
            #expect(byID.count == 120)
            for (id, requests) in byID {
                #expect(requests.count == (id.hasSuffix("5") ? 2 : 1), "\(id): \(requests.count) requests")
            }
        }
    }
}

final class SeenIDs: Sendable {
    let ids = Mutex<Set<String>>([])
}

/// Answers the first request of each connection with `Connection: close` and closes it; never reads further.
struct CloseAfterFirstServer {
    let channel: any Channel
    let port: Int
    let box: AnsweredBox

    /// The sequence numbers answered, one entry per request read.
    var answered: [String] { self.box.answered.withLock { $0 } }

    static func start() async throws -> Self {
        let box = AnsweredBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return Self(channel: channel, port: channel.localAddress!.port!, box: box)
    }

    final class AnsweredBox: Sendable {
        let answered = Mutex<[String]>([])
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let box: AnsweredBox
        var sequence = ""
        var done = false

        init(box: AnsweredBox) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head): self.sequence = head.headers.first(name: "X-Seq") ?? "?"
            case .body: break
            case .end:
                guard !self.done else { return }
                self.done = true
                self.box.answered.withLock { $0.append(self.sequence) }
                var head = HTTPResponseHead(version: .http1_1, status: .ok)
                head.headers.add(name: "Content-Length", value: "\(self.sequence.utf8.count)")
                head.headers.add(name: "Connection", value: "close")
                context.write(self.wrapOutboundOut(.head(head)), promise: nil)
                context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: self.sequence)))), promise: nil)
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in
                    loopBound.value.close(promise: nil)
                }
            }
        }
    }
}
