// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import MOGateway
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

/// A request as the test receiver saw it.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    /// Header names lowercased.
    var headers: [String: String]
    var body: [UInt8]
    var at: ContinuousClock.Instant
    /// 0 for the first request the receiver got, and so on.
    var index: Int
}

/// What the receiver answers.
struct Reply: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var body: String = ""
}

/// How the receiver answers each request.
struct Replies: Sendable {
    let reply: @Sendable (ReceivedRequest) async -> Reply

    init(_ reply: @escaping @Sendable (ReceivedRequest) async -> Reply) { self.reply = reply }
}

/// The requests a receiver got, and how many are being answered at once.
final class ReceiverLog: Sendable {
    private struct State {
        var requests: [ReceivedRequest] = []
        var active = 0
        var maxActive = 0
    }

    private let state = Mutex(State())

    var requests: [ReceivedRequest] { self.state.withLock { $0.requests } }
    var maxActive: Int { self.state.withLock { $0.maxActive } }

    fileprivate func begin(_ make: (Int) -> ReceivedRequest) -> ReceivedRequest {
        self.state.withLock { state in
            let request = make(state.requests.count)
            state.requests.append(request)
            state.active += 1
            state.maxActive = max(state.maxActive, state.active)
            return request
        }
    }

    fileprivate func end() { self.state.withLock { $0.active -= 1 } }
}

/// A gate requests wait at until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = self.state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = self.state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Runs a Hummingbird webhook receiver on 127.0.0.1, port 0, for the duration of `body`, which gets its port.
/// With `tls`, it serves HTTPS.
func withReceiver<T: Sendable>(
    _ replies: Replies,
    tls: TLSConfiguration? = nil,
    _ body: @escaping @Sendable (Int, ReceiverLog) async throws -> T
) async throws -> T {
    let log = ReceiverLog()
    let router = Router()
    let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        let received = log.begin { index in
            ReceivedRequest(
                method: request.method.rawValue,
                path: request.uri.path,
                query: request.uri.query ?? "",
                headers: headers,
                body: Array(buffer.readableBytesView),
                at: .now,
                index: index
            )
        }
        defer { log.end() }
        let answer = await replies.reply(received)
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            fields[HTTPField.Name(name)!] = value
        }
        return Response(
            status: .init(code: answer.status),
            headers: fields,
            body: .init(byteBuffer: ByteBuffer(string: answer.body))
        )
    }
    router.post("**", use: handler)
    router.get("**", use: handler)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router,
        server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress!.port!) },
        logger: Logger(label: "test.receiver")
    )
    let server = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "test.receiver"))
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await server.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let result = try await body(port, log)
        // Gracefully, so that the listener closes before the server stops taking connections: cancelled at once,
        // it could still accept one, and NIO traps on a connection that becomes active in a server going away
        // ("Deinited NIOAsyncWriter without calling finish()"). Replies that sleep on purpose are cut after 2 s.
        await server.triggerGracefulShutdown()
        group.addTask {
            try? await Task.sleep(for: .seconds(2))
            return nil
        }
        _ = try? await group.next()
        group.cancelAll()
        return result
    }
}

/// Runs `dispatcher` in a ServiceGroup for the duration of `body`, then shuts it down gracefully.
func withDispatcher<T: Sendable>(
    _ dispatcher: WebhookDispatcher,
    _ body: @escaping @Sendable (WebhookDispatcher) async throws -> T
) async throws -> T {
    let group = ServiceGroup(services: [dispatcher], logger: Logger(label: "test.dispatcher"))
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        let result = try await body(dispatcher)
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

enum Fixtures {
    static let receivedAt = Date(timeIntervalSince1970: 1_795_712_400.123)  // 2026-11-26T17:00:00.123Z

    static func record(
        id: String,
        type: MORecord.Kind = .mo,
        text: String? = "Verify 483920",
        encoding: String = "gsm7",
        dataCoding: UInt8 = 0,
        bodyHex: String = "56657269667920343833393230"
    ) -> MORecord {
        var record = MORecord(
            id: id,
            type: type,
            from: "+447700900123",
            fromRaw: .init(addr: "07700900123", ton: 2, npi: 1),
            fromValid: true,
            to: "+447860000000",
            toRaw: .init(addr: "447860000000", ton: 1, npi: 1),
            toValid: true,
            text: text,
            encoding: encoding,
            dataCoding: dataCoding,
            bodyHex: bodyHex,
            receivedAt: Self.receivedAt,
            smpp: .init(command: "deliver_sm", systemID: "carrier1", sequenceNumbers: [7])
        )
        if type == .dlr {
            var receipt = MORecord.Receipt(messageID: "abc123")
            receipt.stat = "DELIVRD"
            receipt.err = "000"
            record.receipt = receipt
        }
        return record
    }

    static func configuration(
        port: Int,
        path: String = "/hook",
        _ adjust: (inout WebhookConfiguration) -> Void = { _ in }
    )
        -> WebhookConfiguration
    {
        var configuration = WebhookConfiguration(
            url: "http://127.0.0.1:\(port)\(path)",
            // Long: a timeout means a retry, and a second request would break the tests that count them.
            timeout: .seconds(30),
            backoff: .init(base: .milliseconds(20), cap: .seconds(1), jitter: .none),
            pollInterval: .seconds(30)
        )
        adjust(&configuration)
        return configuration
    }

    static func dispatcher(
        _ configuration: WebhookConfiguration,
        store: InMemoryStore,
        transport kind: WebhookTransportKind = .asyncHTTPClient
    ) -> WebhookDispatcher {
        let transport: any WebhookTransport =
            switch kind {
            case .asyncHTTPClient:
                AsyncHTTPClientTransport(
                    configuration: .init(
                        maximumConnectionsPerHost: configuration.maxConcurrency,
                        // Generous: loopback connects in microseconds, but a loaded CI machine can stall one.
                        connectTimeout: .seconds(10)
                    )
                )
            case .nio:
                NIOHTTPTransport(
                    configuration: .init(
                        maximumConnectionsPerHost: configuration.maxConcurrency,
                        // Generous: loopback connects in microseconds, but a loaded CI machine can stall one.
                        connectTimeout: .seconds(10),
                        pipeliningDepth: configuration.pipelining,
                        // These tests count each request: on a loaded machine no answer may come for the default
                        // 500 ms, and a released request goes twice. The release has its own test.
                        pipeliningHoldLimit: .seconds(60)
                    )
                )
            }
        return WebhookDispatcher(
            configuration: configuration,
            store: store,
            transport: transport,
            logger: Logger(label: "test.webhook")
        )
    }
}
