// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Synchronization
import Testing

/// An ESME whose first deliver_sm is answered late (after the gateway's response timeout) or not at all, the
/// connection being closed instead.
final class MisbehavingESME: SMPPRequestHandler {
    enum Mode { case late, close }

    let mode: Mode
    let received = Mutex<[DeliverSM]>([])
    let channel = Mutex<(any Channel)?>(nil)

    init(mode: Mode) { self.mode = mode }

    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>
    {
        guard case .deliverSM(let deliver) = request.pdu.body else { return eventLoop.makeSucceededFuture(.ok) }
        let first = self.received.withLock { list in
            list.append(deliver)
            return list.count == 1
        }
        guard first else { return eventLoop.makeSucceededFuture(.ok) }
        switch self.mode {
        case .late:
            // Well after the gateway's 2 s response timeout (retriedAfterTimeout), even on a stalled machine.
            return eventLoop.scheduleTask(in: .seconds(6)) { SMPPRequestResult.ok }.futureResult
        case .close:
            self.channel.withLock { $0 }?.close(promise: nil)
            return eventLoop.makePromise(of: SMPPRequestResult.self).futureResult
        }
    }
}

@Suite struct ESMEFailureTests {
    @Test("a deliver_sm answered after the response timeout is sent again; the row counts both attempts")
    func retriedAfterTimeout() async throws {
        var configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw?routes=4478"]
        )
        configuration.smpp.session.responseTimeout = .seconds(2)
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            let esme = MisbehavingESME(mode: .late)
            var client = SMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                bindType: .receiver,
                systemID: "verifier",
                password: "pw"
            )
            client.session.inboundWindowSize = 10
            let session = try await SMPPClient.connect(client, requestHandler: esme, logger: EmulatorHarness.logger)
            let carrier = try await EmulatorHarness.carrier(port: port)
            let id = try #require(try await carrier.send(EmulatorHarness.mo(to: "447860000000")).messageIDForTest)
            try await EmulatorHarness.eventually("delivered on the second try") {
                try await gateway.store.esmeDeliveries(messageID: id).first?.state == .delivered
            }
            let row = try #require(try await gateway.store.esmeDeliveries(messageID: id).first)
            #expect(row.attempts == 2)
            #expect(row.lastError?.isEmpty == false)
            #expect(esme.received.withLock { $0.count } == 2)
            try await carrier.unbind()
            try await session.unbind()
        }
    }

    @Test("an ESME that drops the connection instead of answering gets the MO again when it binds again")
    func retriedAfterClose() async throws {
        let configuration = try EmulatorHarness.configuration(
            directory: try StoreFixtures.directory(),
            accounts: ["carrier:pw", "verifier:pw?routes=4478"]
        )
        try await EmulatorHarness.run(configuration) { gateway, port, _ in
            let dropping = MisbehavingESME(mode: .close)
            let client = SMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                bindType: .receiver,
                systemID: "verifier",
                password: "pw"
            )
            let first = try await SMPPClient.connect(client, requestHandler: dropping, logger: EmulatorHarness.logger)
            dropping.channel.withLock { $0 = first.channel }
            let carrier = try await EmulatorHarness.carrier(port: port)
            let id = try #require(try await carrier.send(EmulatorHarness.mo(to: "447860000000")).messageIDForTest)
            try await first.closeFuture.get()
            try await EmulatorHarness.eventually("the failed attempt recorded") {
                try await gateway.store.esmeDeliveries(messageID: id).first?.attempts == 1
            }
            let again = RecordingESME()
            let second = try await again.connect(port: port, systemID: "verifier")
            try await EmulatorHarness.eventually("delivered after the new bind") { again.deliveries.count == 1 }
            try await EmulatorHarness.eventually("marked delivered") {
                try await gateway.store.esmeDeliveries(messageID: id).first?.state == .delivered
            }
            #expect(dropping.received.withLock { $0.count } == 1)
            try await carrier.unbind()
            try await second.unbind()
        }
    }
}
