// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import MOGateway
import NIOCore
import PhoneNumbers
import SMPPCore
import SMPPNIO
import ServiceLifecycle
import Testing

/// MO over real SMPP on loopback into a real SQLite store: what is answered ESME_ROK is in the store.
@Suite struct MOIngestTests {
    static let logger = Logger(label: "test.ingest", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs a store and an SMPP server whose handler ingests into it, around `body`.
    func withGateway<T: Sendable>(
        _ storeConfiguration: SQLiteMessageStore.Configuration,
        _ body: @Sendable (SQLiteMessageStore, SMPPSession) async throws -> T
    ) async throws -> T {
        try await StoreFixtures.withStore(storeConfiguration) { store in
            let handler = MOIngestHandler(
                store: store,
                extractor: MOExtractor(defaultCountry: RegionCode("GB")!),
                logger: Self.logger
            )
            var configuration = SMPPServer.Configuration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            let (running, continuation) = AsyncStream<SMPPServer.Listening>.makeStream()
            let server = SMPPServer(
                configuration: configuration,
                requestHandler: handler,
                logger: Self.logger,
                onServerRunning: { continuation.yield($0) }
            )
            let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: Self.logger)
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var iterator = running.makeAsyncIterator()
                let listening = try #require(await iterator.next())
                let client = SMPPClient.Configuration(
                    host: "127.0.0.1",
                    port: try #require(listening.smpp?.port),
                    bindType: .transmitter,
                    systemID: "carrier1",
                    password: "pw"
                )
                let session = try await SMPPClient.connect(client, logger: Self.logger)
                let result: Result<T, any Error>
                do { result = .success(try await body(store, session)) } catch { result = .failure(error) }
                try? await session.unbind()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return try result.get()
            }
        }
    }

    static func deliver(
        _ short: [UInt8],
        esmClass: UInt8 = 0,
        dataCoding: UInt8 = 0,
        from: String = "07700900123"
    )
        -> PDU.Body
    {
        .deliverSM(
            SubmitSM(
                sourceAddressTON: 2,
                sourceAddressNPI: 1,
                sourceAddress: from,
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: "447860000000",
                esmClass: esmClass,
                dataCoding: dataCoding,
                shortMessage: ByteBuffer(bytes: short)
            )
        )
    }

    @Test("GSM 03.38 and UCS-2 MO answered ROK are in the outbox with their text and E.164 numbers")
    func wholeMessages() async throws {
        let directory = try StoreFixtures.directory()
        try await self.withGateway(StoreFixtures.configuration(directory)) { store, session throws in
            let gsm = try await session.send(Self.deliver(GSM7.encodeUnpacked("Verify 483920")!))
            let ucs2 = try await session.send(Self.deliver(UCS2.encode("Код 😀 771122"), dataCoding: 8))
            #expect(gsm.commandStatus == .ok)
            #expect(ucs2.commandStatus == .ok)
            let due = try await store.dueForDelivery(now: Date().addingTimeInterval(1), limit: 10)
            #expect(Set(due.compactMap(\.record.text)) == ["Verify 483920", "Код 😀 771122"])
            #expect(due.allSatisfy { $0.record.from == "+447700900123" && $0.record.to == "+447860000000" })
        }
    }

    @Test("three UDH parts sent out of order, one duplicated, become one message; each part is answered ROK")
    func concatenated() async throws {
        let directory = try StoreFixtures.directory()
        let text = "Your verification code is 483920. It expires in ten minutes. 😀 Do not share it with anyone at all."
        let units = UCS2.encode(text)
        let third: Int = (units.count + 2) / 3
        let size: Int = third - third % 2
        let chunks = [Array(units[0..<size]), Array(units[size..<(2 * size)]), Array(units[(2 * size)...])]
        @Sendable func part(_ index: Int) -> PDU.Body {
            Self.deliver([5, 0x00, 0x03, 0x5A, 3, UInt8(index + 1)] + chunks[index], esmClass: 0x40, dataCoding: 8)
        }
        try await self.withGateway(StoreFixtures.configuration(directory)) { store, session throws in
            for index in [2, 0, 2, 1] {
                #expect(try await session.send(part(index)).commandStatus == .ok)
            }
            let due = try await store.dueForDelivery(now: Date().addingTimeInterval(1), limit: 10)
            #expect(due.count == 1)
            let record = try #require(due.first?.record)
            #expect(record.text == text)
            #expect(record.parts == 3)
            #expect(record.concat == MORecord.Concat(ref: 0x5A, total: 3, scheme: "udh8"))
        }
    }

    @Test("a restart between the parts of a long message loses no part")
    func restartMidMessage() async throws {
        let directory = try StoreFixtures.directory()
        @Sendable func part(_ sequence: UInt8, _ text: String) -> PDU.Body {
            Self.deliver([5, 0x00, 0x03, 0x11, 2, sequence] + GSM7.encodeUnpacked(text)!, esmClass: 0x40)
        }
        try await self.withGateway(StoreFixtures.configuration(directory)) { store, session throws in
            #expect(try await session.send(part(1, "first half, ")).commandStatus == .ok)
            #expect(try await store.backlog() == 0)
        }
        try await self.withGateway(StoreFixtures.configuration(directory)) { store, session throws in
            #expect(try await session.send(part(2, "second half")).commandStatus == .ok)
            let due = try await store.dueForDelivery(now: Date().addingTimeInterval(1), limit: 10)
            #expect(due.map(\.record.text) == ["first half, second half"])
        }
    }

    @Test("a full backlog is answered ESME_RMSGQFUL and nothing more is stored")
    func backlogFull() async throws {
        let directory = try StoreFixtures.directory()
        try await self.withGateway(StoreFixtures.configuration(directory, backlogLimit: 2)) { store, session throws in
            for index in 0..<2 {
                #expect(try await session.send(Self.deliver(Array("MO \(index)".utf8))).commandStatus == .ok)
            }
            #expect(try await session.send(Self.deliver(Array("MO 2".utf8))).commandStatus == .messageQueueFull)
            #expect(try await store.backlog() == 2)
        }
    }

    @Test("the reassembly timeout forwards what arrived, marked incomplete")
    func reassemblyTimeout() async throws {
        let directory = try StoreFixtures.directory()
        try await self.withGateway(StoreFixtures.configuration(directory)) { store, session throws in
            let body = Self.deliver([5, 0x00, 0x03, 0x22, 3, 2] + GSM7.encodeUnpacked("middle")!, esmClass: 0x40)
            #expect(try await session.send(body).commandStatus == .ok)
            let timeout = ReassemblyTimeout(store: store, timeout: .milliseconds(10), logger: Self.logger)
            try await Task.sleep(for: .milliseconds(50))
            try await timeout.flush(now: Date(), timeoutSeconds: 0.01)
            let due = try await store.dueForDelivery(now: Date().addingTimeInterval(1), limit: 10)
            let record = try #require(due.first?.record)
            #expect(record.incomplete == true)
            #expect(record.receivedParts == [2])
            #expect(record.text == "middle")
        }
    }
}
