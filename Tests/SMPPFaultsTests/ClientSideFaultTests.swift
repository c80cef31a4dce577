// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPFaults
import SMPPNIO
import Synchronization
import Testing

/// A profile on our client (ESME) side: the deliver_sm an SMSC pushes get the profile's statuses.
@Suite struct ClientSideFaultTests {
    @Test("deliver_sm to our client: seeded error statuses, as predicted for its own system_id")
    func deliverSMStatuses() async throws {
        var profile = FailureProfile(name: "esme")
        profile.seed = 21
        profile.errors = [.init(status: .temporaryAppError, share: 0.3), .init(status: .messageQueueFull, share: 0.2)]
        let count = 100
        let injector = FaultInjector(defaultProfile: profile)
        var decisions = FaultSession(profile: profile, systemID: "carrier1", ordinal: 0)
        let expected = (0..<count).map { _ in decisions.requestReceived(.deliverSM).injectedStatus ?? .ok }

        let (sessions, continuation) = AsyncStream<SMPPSession>.makeStream()
        let handler = CountingHandler()
        let seen = try await FaultLoopback.withServer(
            FaultLoopback.configuration(profile: nil),
            onSessionBound: { continuation.yield($0) },
            { address in
                var client = SMPPClient.Configuration(
                    host: "127.0.0.1",
                    port: address.port ?? 0,
                    bindType: .receiver,
                    systemID: "carrier1",
                    password: "pw"
                )
                client.session.faults = injector
                let esme = try await SMPPClient.connect(client, requestHandler: handler, logger: FaultLoopback.logger)
                var iterator = sessions.makeAsyncIterator()
                let smsc = try #require(await iterator.next())
                var seen: [CommandStatus] = []
                for index in 0..<count {
                    let deliver = DeliverSM(
                        sourceAddress: "447700900001",
                        destinationAddress: "447700900002",
                        shortMessage: ByteBuffer(string: "d\(index)")
                    )
                    seen.append(try await smsc.send(.deliverSM(deliver)).commandStatus)
                }
                try await esme.unbind()
                return seen
            }
        )
        #expect(seen == expected)
        #expect(handler.handled == expected.filter { $0 == .ok }.count)
    }
}
