// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Synchronization
import Testing

@Suite("Webhook dispatcher, over real HTTP", .timeLimit(.minutes(1)))
struct WebhookDispatcherTests {
    @Test(
        "JSON v1: the exact body, the headers, and a signature the receiver verifies",
        arguments: WebhookTransportKind.allCases
    )
    func jsonBodyHeadersAndSignature(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        let record = Fixtures.record(id: "mo-json-1")
        await store.add(record)
        try await withReceiver(Replies { _ in Reply() }) { port, log in
            let configuration = Fixtures.configuration(port: port) { $0.secret = "s3cret" }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                dispatcher in
                #expect(await dispatcher.waitForDelivery(id: record.id, timeout: .seconds(10)))
            }
            let request = try #require(log.requests.first)
            #expect(log.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/hook")
            #expect(request.body == Array(try record.jsonV1()))
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["idempotency-key"] == "mo-json-1")
            let signature = try #require(request.headers["x-mogate-signature"])
            #expect(signature.hasPrefix("t="))
            #expect(WebhookSignature.verify(header: signature, secret: "s3cret", body: request.body))
            #expect(!WebhookSignature.verify(header: signature, secret: "other", body: request.body))
        }
        let row = try #require(await store.row(record.id))
        #expect(row.state == .delivered)
        #expect(row.attempts.map(\.httpStatus) == [200])
        #expect(row.attempts.first?.error == nil)
    }

    @Test("No secret, no signature header", arguments: WebhookTransportKind.allCases)
    func noSecretNoSignature(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-unsigned"))
        try await withReceiver(Replies { _ in Reply() }) { port, log in
            try await withDispatcher(
                Fixtures.dispatcher(Fixtures.configuration(port: port), store: store, transport: transport)
            ) {
                #expect(await $0.waitForDelivery(id: "mo-unsigned", timeout: .seconds(30)))
            }
            #expect(log.requests.first?.headers["x-mogate-signature"] == nil)
        }
    }

    @Test(
        "503 for a while, then 200: delivered once, every attempt recorded, retries spaced by the backoff",
        arguments: WebhookTransportKind.allCases
    )
    func outageThenRecovery(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-outage"))
        try await withReceiver(Replies { $0.index < 3 ? Reply(status: 503) : Reply() }) { port, log in
            let configuration = Fixtures.configuration(port: port) {
                $0.backoff = .init(base: .milliseconds(50), cap: .seconds(1), jitter: .none)
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                #expect(await $0.waitForDelivery(id: "mo-outage", timeout: .seconds(30)))
            }
            let requests = log.requests
            try #require(requests.count == 4)
            #expect(Set(requests.map(\.body)).count == 1)
            #expect(Set(requests.compactMap { $0.headers["idempotency-key"] }) == ["mo-outage"])
            // Attempt n failed → wait base × 2^(n-1): 50, 100, 200 ms.
            for (index, expected) in [50, 100, 200].enumerated() {
                let gap = requests[index + 1].at - requests[index].at
                #expect(gap >= .milliseconds(expected - 2), "gap \(index + 1) was \(gap)")
            }
        }
        let row = try #require(await store.row("mo-outage"))
        #expect(row.state == .delivered)
        #expect(row.attempts.map(\.httpStatus) == [503, 503, 503, 200], "\(row.attempts)")
        #expect(row.attempts.prefix(3).allSatisfy { $0.error == "HTTP 503" })
    }

    @Test("429 with Retry-After: 1 waits a second, not the 20 ms backoff", arguments: WebhookTransportKind.allCases)
    func retryAfterHonoured(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-429"))
        try await withReceiver(
            Replies { $0.index == 0 ? Reply(status: 429, headers: [("Retry-After", "1")]) : Reply() }
        ) {
            port,
            log in
            try await withDispatcher(
                Fixtures.dispatcher(Fixtures.configuration(port: port), store: store, transport: transport)
            ) {
                #expect(await $0.waitForDelivery(id: "mo-429", timeout: .seconds(30)))
            }
            let requests = log.requests
            #expect(requests.count == 2)
            if requests.count == 2 {
                #expect(requests[1].at - requests[0].at >= .milliseconds(990))
            }
        }
        #expect(await store.row("mo-429")?.attempts.map(\.httpStatus) == [429, 200])
    }

    @Test("every scheduled retry wakes the dispatcher at its time, not only the earliest")
    func everyRetryTimeWakes() async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-soon"))
        await store.add(Fixtures.record(id: "mo-later"))
        let seen = SeenIDs()
        try await withReceiver(
            Replies { request in
                let id = request.headers["idempotency-key"] ?? ""
                guard seen.ids.withLock({ $0.insert(id).inserted }) else { return Reply() }
                // mo-soon is retried after the 20 ms backoff, mo-later after a second.
                return id == "mo-later" ? Reply(status: 429, headers: [("Retry-After", "1")]) : Reply(status: 503)
            }
        ) { port, log in
            // The poll interval is 30 s: only the retry times can wake the dispatcher in time.
            try await withDispatcher(Fixtures.dispatcher(Fixtures.configuration(port: port), store: store)) {
                dispatcher in
                #expect(await dispatcher.waitForDelivery(id: "mo-soon", timeout: .seconds(5)))
                // Looking for mo-soon must not forget that mo-later falls due after it: it goes about a second
                // in, not at the next poll, 30 s in.
                let start = ContinuousClock.now
                _ = await store.waitUntil("mo-later") { $0.state == .delivered }
                #expect(ContinuousClock.now - start < .seconds(10))
            }
            #expect(log.requests.count == 4)
        }
    }

    @Test("400 is a dead letter at once", arguments: [400, 401, 404, 422])
    func clientErrorIsDeadLetter(status: Int) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-\(status)"))
        try await withReceiver(Replies { _ in Reply(status: status) }) { port, log in
            try await withDispatcher(Fixtures.dispatcher(Fixtures.configuration(port: port), store: store)) {
                #expect(await $0.waitForDelivery(id: "mo-\(status)", timeout: .seconds(30)) == false)
            }
            #expect(log.requests.count == 1)
        }
        let row = try #require(await store.row("mo-\(status)"))
        #expect(row.state == .dead)
        #expect(row.attempts.map(\.httpStatus) == [status])
        #expect(row.lastError == "HTTP \(status)")
    }

    @Test("Connection refused is retried", arguments: WebhookTransportKind.allCases)
    func connectionRefusedRetried(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-refused"))
        // Nothing listens on port 1 of the loopback: the connection is refused. AsyncHTTPClient keeps trying to
        // connect until the request's deadline, so the timeout bounds each attempt here.
        let configuration = Fixtures.configuration(port: 1) { $0.timeout = .seconds(3) }
        let attempts = try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport))
        { _ in
            await store.waitForAttempts("mo-refused", count: 2)
        }
        #expect(attempts.allSatisfy { $0.httpStatus == nil && $0.error != nil })
        #expect(await store.row("mo-refused")?.state == .pending)
    }

    @Test("A timeout is retried", arguments: WebhookTransportKind.allCases)
    func timeoutRetried(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-slow"))
        let gate = Gate()
        try await withReceiver(
            Replies { _ in
                await gate.wait()
                return Reply()
            }
        ) { port, _ in
            let configuration = Fixtures.configuration(port: port) { $0.timeout = .milliseconds(200) }
            let attempts = try await withDispatcher(
                Fixtures.dispatcher(configuration, store: store, transport: transport)
            ) { _ in
                let attempts = await store.waitForAttempts("mo-slow", count: 2)
                gate.open()
                return attempts
            }
            #expect(attempts.allSatisfy { $0.httpStatus == nil && $0.error?.hasPrefix("timeout") == true })
            #expect(attempts.allSatisfy { $0.durationMilliseconds >= 190 })
        }
    }

    @Test("maxAttempts failures make a dead letter", arguments: WebhookTransportKind.allCases)
    func maxAttemptsDeadLetter(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-500"))
        try await withReceiver(Replies { _ in Reply(status: 500) }) { port, log in
            let configuration = Fixtures.configuration(port: port) { $0.maxAttempts = 3 }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                #expect(await $0.waitForDelivery(id: "mo-500", timeout: .seconds(30)) == false)
            }
            #expect(log.requests.count == 3)
        }
        let row = try #require(await store.row("mo-500"))
        #expect(row.state == .dead)
        #expect(row.attempts.count == 3)
        #expect(row.lastError?.contains("after 3 attempts") == true)
    }

    @Test("A record older than maxAge that fails is a dead letter", arguments: WebhookTransportKind.allCases)
    func maxAgeDeadLetter(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-old"), queuedAt: Date().addingTimeInterval(-2 * 24 * 3600))
        try await withReceiver(Replies { _ in Reply(status: 503) }) { port, _ in
            try await withDispatcher(
                Fixtures.dispatcher(Fixtures.configuration(port: port), store: store, transport: transport)
            ) {
                #expect(await $0.waitForDelivery(id: "mo-old", timeout: .seconds(30)) == false)
            }
        }
        let row = try #require(await store.row("mo-old"))
        #expect(row.state == .dead)
        #expect(row.attempts.count == 1)
        #expect(row.lastError?.contains("maximum age") == true)
    }

    @Test("DLR records go to dlrURL, MO records to url", arguments: WebhookTransportKind.allCases)
    func dlrRouting(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-route"))
        await store.add(Fixtures.record(id: "dlr-route", type: .dlr))
        try await withReceiver(Replies { _ in Reply() }) { port, log in
            let configuration = Fixtures.configuration(port: port, path: "/mo") {
                $0.dlrURL = "http://127.0.0.1:\(port)/dlr"
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                #expect(await $0.waitForDelivery(id: "mo-route", timeout: .seconds(30)))
                #expect(await $0.waitForDelivery(id: "dlr-route", timeout: .seconds(30)))
            }
            // A retry (after a timeout on a stalled machine) sends the same request again: keep the first.
            let paths = Dictionary(
                log.requests.map { ($0.headers["idempotency-key"] ?? "", $0.path) },
                uniquingKeysWith: { first, _ in first }
            )
            #expect(paths == ["mo-route": "/mo", "dlr-route": "/dlr"])
        }
    }
}
