// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

@Suite("Webhook dispatcher: concurrency and waiting", .timeLimit(.minutes(1)))
struct WebhookDispatcherConcurrencyTests {
    @Test(
        "A stalled receiver holds only its own slots; the others keep delivering",
        arguments: WebhookTransportKind.allCases
    )
    func stalledDoesNotBlockOthers(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        for index in 0..<2 { await store.add(Fixtures.record(id: "slow-\(index)")) }
        for index in 0..<10 { await store.add(Fixtures.record(id: "fast-\(index)")) }
        let gate = Gate()
        try await withReceiver(
            Replies { request in
                if request.headers["idempotency-key"]?.hasPrefix("slow") == true { await gate.wait() }
                return Reply()
            }
        ) { port, log in
            // A timeout longer than the test: a retry of a stalled request would break the bound it checks.
            let configuration = Fixtures.configuration(port: port) {
                $0.maxConcurrency = 3
                $0.timeout = .seconds(120)
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                dispatcher in
                for index in 0..<10 {
                    #expect(await dispatcher.waitForDelivery(id: "fast-\(index)", timeout: .seconds(10)))
                }
                #expect(await store.row("slow-0")?.state == .pending)
                gate.open()
                for index in 0..<2 {
                    #expect(await dispatcher.waitForDelivery(id: "slow-\(index)", timeout: .seconds(10)))
                }
            }
            #expect(log.maxActive <= 3)
            #expect(log.requests.count == 12)
        }
    }

    @Test(
        "The concurrency bound holds: with every slot stalled, nothing else is sent",
        arguments: WebhookTransportKind.allCases
    )
    func concurrencyBound(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        for index in 0..<2 { await store.add(Fixtures.record(id: "slow-\(index)")) }
        await store.add(Fixtures.record(id: "fast-0"))
        let gate = Gate()
        try await withReceiver(
            Replies { request in
                if request.headers["idempotency-key"]?.hasPrefix("slow") == true { await gate.wait() }
                return Reply()
            }
        ) { port, log in
            // A timeout longer than the test: a retry of a stalled request would break the bound it checks.
            let configuration = Fixtures.configuration(port: port) {
                $0.maxConcurrency = 2
                $0.timeout = .seconds(120)
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                dispatcher in
                // Both slots fill with the stalled records (however loaded the machine), then nothing else goes out.
                let deadline = ContinuousClock.now + .seconds(10)
                while log.requests.count < 2, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(await dispatcher.waitForDelivery(id: "fast-0", timeout: .milliseconds(500)) == false)
                #expect(log.requests.count == 2)
                gate.open()
                #expect(await dispatcher.waitForDelivery(id: "fast-0", timeout: .seconds(10)))
            }
            #expect(log.maxActive == 2)
            // Each record was sent exactly once: none twice while in flight.
            #expect(log.requests.count == 3)
        }
    }

    @Test(
        "wake() sends a record appended after start at once, without waiting for the poll",
        arguments: WebhookTransportKind.allCases
    )
    func wakeDeliversPromptly(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        try await withReceiver(Replies { _ in Reply() }) { port, _ in
            // The poll interval is 30 s: only wake() can make this quick.
            try await withDispatcher(
                Fixtures.dispatcher(Fixtures.configuration(port: port), store: store, transport: transport)
            ) {
                dispatcher in
                await store.add(Fixtures.record(id: "mo-late"))
                dispatcher.wake()
                _ = await store.waitUntil("mo-late") { $0.state == .delivered }
            }
        }
    }

    @Test(
        "waitForDelivery: true when already delivered, false when dead or on timeout",
        arguments: WebhookTransportKind.allCases
    )
    func waitForDeliveryOutcomes(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-ok"))
        await store.add(Fixtures.record(id: "mo-dead"))
        await store.add(Fixtures.record(id: "mo-stuck"))
        try await withReceiver(
            Replies { request in
                switch request.headers["idempotency-key"] {
                case "mo-dead": Reply(status: 410)
                case "mo-stuck": Reply(status: 503)
                default: Reply()
                }
            }
        ) { port, _ in
            let configuration = Fixtures.configuration(port: port) {
                $0.backoff = .init(base: .seconds(60), cap: .seconds(60), jitter: .none)
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                dispatcher in
                _ = await store.waitUntil("mo-ok") { $0.state == .delivered }
                #expect(await dispatcher.waitForDelivery(id: "mo-ok", timeout: .milliseconds(1)))
                #expect(await dispatcher.waitForDelivery(id: "mo-dead", timeout: .seconds(10)) == false)
                _ = await store.waitForAttempts("mo-stuck", count: 1)
                let start = ContinuousClock.now
                #expect(await dispatcher.waitForDelivery(id: "mo-stuck", timeout: .milliseconds(300)) == false)
                #expect(ContinuousClock.now - start >= .milliseconds(290))
            }
        }
    }
}
