// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPFaults
import SMPPNIO
import Testing

/// Each preset, by name, against our client: it behaves as protocol-docs/failure-profiles.md says.
@Suite struct PresetBehaviourTests {
    static func server(_ name: String) throws -> SMPPServer.Configuration {
        FaultLoopback.configuration(profile: try FailureProfile.load(name))
    }

    @Test("healthy: every message ESME_ROK and handed on, enquire_link answered")
    func healthy() async throws {
        let handler = CountingHandler()
        try await FaultLoopback.withServer(try Self.server("healthy"), handler: handler) { address in
            let session = try await FaultLoopback.connect(address)
            #expect(try await FaultLoopback.statuses(session, count: 50) == Array(repeating: .ok, count: 50))
            #expect(try await session.send(.enquireLink).commandStatus == .ok)
            try await session.unbind()
        }
        #expect(handler.handled == 50)
    }

    @Test("slow: responses take about 250 ms at the median")
    func slow() async throws {
        try await FaultLoopback.withServer(try Self.server("slow")) { address in
            let session = try await FaultLoopback.connect(address) { $0.windowSize = 30 }
            let clock = ContinuousClock()
            let times = try await withThrowingTaskGroup(of: Duration.self) { group in
                for _ in 0..<30 {
                    group.addTask { try await clock.measure { _ = try await session.send(FaultLoopback.submit()) } }
                }
                return try await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            #expect(times[15] > .milliseconds(120) && times[15] < .seconds(5), "\(times)")
            // The 5 s cap, with room for a stalled machine; FaultSessionTests checks the cap itself exactly.
            #expect(times.last! < .seconds(15), "\(times)")
            await session.close()
        }
    }

    @Test("flaky: bind refusals and error statuses exactly as its seed predicts")
    func flaky() async throws {
        let profile = try FailureProfile.load("flaky")
        let count = 100
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: profile)) { address in
            var ordinal: UInt64 = 0
            var session: SMPPSession?
            while session == nil {
                var decisions = FaultSession(profile: profile, systemID: "carrier1", ordinal: ordinal)
                let refusal = decisions.bindAttempted()
                do {
                    // Only a dropped request may time out: a slow answer on a loaded machine must not.
                    session = try await FaultLoopback.connect(address) { $0.responseTimeout = .seconds(3) }
                    #expect(refusal == nil)
                } catch let error as SMPPError {
                    #expect(error.status == .bindFailed && refusal == .bindFailed)
                    ordinal += 1
                }
            }
            var decisions = FaultSession(profile: profile, systemID: "carrier1", ordinal: ordinal)
            _ = decisions.bindAttempted()
            var seen: [FaultSession.Outcome] = []
            for _ in 0..<count {
                do {
                    let status = try await session!.send(FaultLoopback.submit()).commandStatus
                    seen.append(status == .ok ? .pass : .error(status))
                } catch {
                    seen.append(.noResponse)
                }
            }
            let expected = (0..<count).map { _ in decisions.requestReceived(.submitSM).outcome }
            #expect(seen == expected)
            #expect(Set(seen).isSuperset(of: [.pass, .error(.throttled)]))
            await session!.close()
        }
    }

    @Test("throttling: 10 per second with a burst of 10, beyond that ESME_RTHROTTLED")
    func throttling() async throws {
        try await FaultLoopback.withServer(try Self.server("throttling")) { address in
            let session = try await FaultLoopback.connect(address) { $0.windowSize = 25 }
            let statuses = try await FaultInjectionLoopbackTests.concurrently(session, count: 25)
            let ok = statuses.filter { $0 == .ok }.count
            #expect((10...12).contains(ok), "\(statuses)")
            #expect(statuses.filter { $0 == .throttled }.count == 25 - ok)
            try await session.unbind()
        }
    }

    @Test("dead: the bind succeeds, then nothing is answered and our client finds the peer dead")
    func dead() async throws {
        let handler = CountingHandler()
        try await FaultLoopback.withServer(try Self.server("dead"), handler: handler) { address in
            let session = try await FaultLoopback.connect(address) {
                // It times the bind too, so it must outlast a bind on a stalled machine.
                $0.responseTimeout = .seconds(4)
                $0.enquireLinkInterval = .milliseconds(200)
            }
            // The submit times out, or the unanswered enquire_link closes the session first:
            // while it is in flight, or (on a stalled machine) before it is sent.
            await #expect {
                try await session.send(FaultLoopback.submit())
            } throws: { error in
                [.responseTimeout, .sessionClosed, .notBound].contains((error as? SMPPError)?.code)
            }
            #expect(await eventually(timeout: .seconds(15)) { !session.channel.isActive })
        }
        #expect(handler.handled == 0)
    }
}
