// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

/// `offer(_:)`: a record ingestion just stored goes to the webhook without a read of the outbox, and only once,
/// even when an outbox read finds it too.
@Suite("Webhook dispatcher: records offered by ingestion", .timeLimit(.minutes(1)))
struct WebhookDispatcherOfferTests {
    static func offered(_ record: MORecord) -> PendingDelivery {
        PendingDelivery(id: record.id, type: record.type, attempts: 0, queuedAt: Date(), record: record)
    }

    @Test("an offered record is sent without reading the outbox", arguments: WebhookTransportKind.allCases)
    func sentWithoutRead(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        try await withReceiver(Replies { _ in Reply() }) { port, log in
            let dispatcher = Fixtures.dispatcher(Fixtures.configuration(port: port), store: store, transport: transport)
            try await withDispatcher(dispatcher) { dispatcher in
                // The look at start-up reads the (empty) outbox; the poll interval is 30 s, so no other read comes.
                try await Self.eventually { await store.dueReads == 1 }
                for index in 0..<5 {
                    let record = Fixtures.record(id: "offered-\(index)")
                    await store.add(record)
                    dispatcher.offer(Self.offered(record))
                    _ = await store.waitUntil(record.id) { $0.state == .delivered }
                }
                #expect(await store.dueReads == 1, "no outbox read for offered records")
            }
            #expect(log.requests.count == 5)
        }
    }

    @Test("a record both offered and found by an outbox read is sent once", arguments: WebhookTransportKind.allCases)
    func offeredAndRead(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        try await withReceiver(Replies { _ in Reply() }) { port, log in
            let dispatcher = Fixtures.dispatcher(Fixtures.configuration(port: port), store: store, transport: transport)
            try await withDispatcher(dispatcher) { dispatcher in
                for index in 0..<20 {
                    let record = Fixtures.record(id: "both-\(index)")
                    await store.add(record)
                    // Either may win: an outbox read (the wake) or the offer; the other must find the record in
                    // flight or done. The pause varies which one comes first.
                    let pause = Duration.microseconds(200 * (index % 5))
                    if index.isMultiple(of: 2) {
                        dispatcher.wake()
                        try await Task.sleep(for: pause)
                        dispatcher.offer(Self.offered(record))
                    } else {
                        dispatcher.offer(Self.offered(record))
                        try await Task.sleep(for: pause)
                        dispatcher.wake()
                    }
                }
                for index in 0..<20 {
                    _ = await store.waitUntil("both-\(index)") { $0.state == .delivered }
                }
                // Time for a stray second send to arrive, had one been made.
                try await Task.sleep(for: .milliseconds(300))
            }
            let ids = log.requests.compactMap { $0.headers["idempotency-key"] }
            #expect(ids.count == 20, "\(ids.sorted())")
            #expect(Set(ids).count == 20)
        }
    }

    @Test("offers beyond the ready capacity wait in the outbox; each record is still sent once")
    func beyondCapacity() async throws {
        let store = InMemoryStore()
        try await withReceiver(
            Replies { _ in
                try? await Task.sleep(for: .milliseconds(20))
                return Reply()
            }
        ) { port, log in
            let configuration = Fixtures.configuration(port: port) {
                $0.maxConcurrency = 1
                $0.readyCapacity = 3
            }
            let dispatcher = Fixtures.dispatcher(configuration, store: store, transport: .nio)
            try await withDispatcher(dispatcher) { dispatcher in
                try await Self.eventually { await store.dueReads == 1 }
                let records = (0..<12).map { Fixtures.record(id: "many-\($0)") }
                for record in records { await store.add(record) }
                // Faster than one attempt at a time can send: most do not fit and are left to the outbox.
                for record in records { dispatcher.offer(Self.offered(record)) }
                for record in records {
                    _ = await store.waitUntil(record.id) { $0.state == .delivered }
                }
                #expect(await store.dueReads > 1, "the records that did not fit were read from the outbox")
            }
            let ids = log.requests.compactMap { $0.headers["idempotency-key"] }
            #expect(ids.count == 12, "\(ids.sorted())")
            #expect(Set(ids).count == 12)
        }
    }

    static func eventually(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
