// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPFaults
import SMPPNIO
import Testing

/// Each knob over real loopback TCP, with our SMPPClient as the ESME.
@Suite struct FaultInjectionLoopbackTests {
    static func errorProfile(seed: UInt64) -> FailureProfile {
        var profile = FailureProfile(name: "errors")
        profile.seed = seed
        profile.errors = [.init(status: .throttled, share: 0.2), .init(status: .messageQueueFull, share: 0.1)]
        return profile
    }

    /// What the decision stream says the Nth session of carrier1 answers, as statuses.
    static func predicted(_ profile: FailureProfile, ordinal: UInt64, count: Int) -> [CommandStatus] {
        var session = FaultSession(profile: profile, systemID: "carrier1", ordinal: ordinal)
        _ = session.bindAttempted()
        return (0..<count).map { _ in session.requestReceived(.submitSM).injectedStatus ?? .ok }
    }

    @Test("error statuses: the seed replays the exact sequence, per session; injected errors are not stored")
    func errorSequence() async throws {
        let count = 300
        let profile = Self.errorProfile(seed: 11)
        let handler = CountingHandler()
        let (first, second) = try await FaultLoopback.withServer(
            FaultLoopback.configuration(profile: profile),
            handler: handler
        ) { address in
            let one = try await FaultLoopback.connect(address)
            let first = try await FaultLoopback.statuses(one, count: count)
            try await one.unbind()
            let two = try await FaultLoopback.connect(address)
            let second = try await FaultLoopback.statuses(two, count: count)
            try await two.unbind()
            return (first, second)
        }
        #expect(first == Self.predicted(profile, ordinal: 0, count: count))
        #expect(second == Self.predicted(profile, ordinal: 1, count: count))
        #expect(first != second)
        #expect(handler.handled == (first + second).filter { $0 == .ok }.count)
        let throttled = Double(first.filter { $0 == .throttled }.count) / Double(count)
        let full = Double(first.filter { $0 == .messageQueueFull }.count) / Double(count)
        #expect(abs(throttled - 0.2) < 0.07 && abs(full - 0.1) < 0.05, "\(throttled) \(full)")

        // A fresh server with the same seed replays the first session; another seed does not.
        let replay = try await FaultLoopback.withServer(FaultLoopback.configuration(profile: profile)) { address in
            let session = try await FaultLoopback.connect(address)
            let statuses = try await FaultLoopback.statuses(session, count: count)
            await session.close()
            return statuses
        }
        #expect(replay == first)
        let reseeded = try await FaultLoopback.withServer(
            FaultLoopback.configuration(profile: Self.errorProfile(seed: 12))
        ) { address in
            let session = try await FaultLoopback.connect(address)
            let statuses = try await FaultLoopback.statuses(session, count: count)
            await session.close()
            return statuses
        }
        #expect(reseeded != first)
    }

    @Test("no response: unanswered requests time out on our side, the window and the server keep going")
    func noResponse() async throws {
        var profile = FailureProfile(name: "silent")
        profile.seed = 3
        profile.noResponse = 0.3
        var configuration = FaultLoopback.configuration(profile: profile)
        // Dropped requests must not count as in flight, or the server would stop reading after 3 of them.
        configuration.session.inboundWindowSize = 3
        let handler = CountingHandler()
        let count = 30
        let expectedSilent = Self.predictedOutcomes(profile, count: count).filter { $0 == .noResponse }.count
        try await FaultLoopback.withServer(configuration, handler: handler) { address in
            let session = try await FaultLoopback.connect(address) {
                $0.windowSize = 3
                // Generous, so that only the dropped requests time out on a stalled machine; the requests run
                // concurrently, so the silent ones cost about count × 0.3 / window of these.
                $0.responseTimeout = .seconds(4)
            }
            let outcomes = await withTaskGroup(of: Result<CommandStatus, SMPPError>.self) { group in
                for index in 0..<count {
                    group.addTask {
                        do {
                            return .success(try await session.send(FaultLoopback.submit("m\(index)")).commandStatus)
                        } catch let error as SMPPError {
                            return .failure(error)
                        } catch {
                            return .failure(SMPPError(code: .sessionClosed, detail: "\(error)"))
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            var timedOut = 0
            var answered = 0
            for outcome in outcomes {
                switch outcome {
                case .success(let status):
                    #expect(status == .ok)
                    answered += 1
                case .failure(let error):
                    #expect(error.code == .responseTimeout)
                    timedOut += 1
                }
            }
            #expect(timedOut == expectedSilent && expectedSilent > 0)
            #expect(handler.handled == answered)
            // The server holds nothing in flight: it answers our unbind at once, not after its unbind timeout.
            let clock = ContinuousClock()
            let unbound = try await clock.measure { try await session.unbind() }
            #expect(unbound < .seconds(2))
        }
    }

    static func predictedOutcomes(_ profile: FailureProfile, count: Int) -> [FaultSession.Outcome] {
        var session = FaultSession(profile: profile, systemID: "carrier1", ordinal: 0)
        _ = session.bindAttempted()
        return (0..<count).map { _ in session.requestReceived(.submitSM).outcome }
    }

    @Test("latency: fixed and uniform delays bound each response time")
    func latency() async throws {
        var profile = FailureProfile(name: "latency")
        profile.latency = .fixed(.milliseconds(150))
        profile.commandLatency[.dataSM] = .uniform(min: .milliseconds(40), max: .milliseconds(80))
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: profile)) { address in
            let session = try await FaultLoopback.connect(address)
            let clock = ContinuousClock()
            for _ in 0..<4 {
                let elapsed = try await clock.measure { _ = try await session.send(FaultLoopback.submit()) }
                // The lower bound is the profile's; the upper only says the delay is not much longer.
                #expect(elapsed >= .milliseconds(150) && elapsed < .seconds(10), "\(elapsed)")
            }
            let data = PDU.Body.dataSM(DataSM(sourceAddress: "447700900001", destinationAddress: "447700900002"))
            for _ in 0..<4 {
                let elapsed = try await clock.measure { _ = try await session.send(data) }
                #expect(elapsed >= .milliseconds(40) && elapsed < .seconds(10), "\(elapsed)")
            }
            try await session.unbind()
        }
    }

    @Test("bind refusals: every bind with the configured status, or the seeded share in order")
    func bindRefusals() async throws {
        var always = FailureProfile(name: "refuse")
        always.bind = .init(share: 1, status: .invalidPassword)
        _ = try await FaultLoopback.withServer(FaultLoopback.configuration(profile: always)) { address in
            await #expect {
                try await FaultLoopback.connect(address)
            } throws: { error in
                (error as? SMPPError)?.code == .bindFailed && (error as? SMPPError)?.status == .invalidPassword
            }
        }

        var half = FailureProfile(name: "half")
        half.seed = 4
        half.bind = .init(share: 0.5, status: .alreadyBound)
        let attempts = 12
        let expected: [CommandStatus?] = (0..<attempts).map { ordinal in
            var session = FaultSession(profile: half, systemID: "carrier1", ordinal: UInt64(ordinal))
            return session.bindAttempted()
        }
        let seen = try await FaultLoopback.withServer(FaultLoopback.configuration(profile: half)) { address in
            var seen: [CommandStatus?] = []
            for _ in 0..<attempts {
                do {
                    let session = try await FaultLoopback.connect(address)
                    seen.append(nil)
                    try await session.unbind()
                } catch let error as SMPPError {
                    seen.append(error.status)
                }
            }
            return seen
        }
        #expect(seen == expected)
        #expect(expected.contains(nil) && expected.contains(.alreadyBound))
    }

    @Test("bind delay: the bind response, accepted or refused, comes after the delay; a shorter bind timeout gives up")
    func bindDelay() async throws {
        var slow = FailureProfile(name: "slow-bind")
        slow.bind = .init(delay: .fixed(.milliseconds(600)))
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: slow)) { address in
            let clock = ContinuousClock()
            let start = clock.now
            let session = try await FaultLoopback.connect(address)
            #expect(clock.now - start >= .milliseconds(550), "bound after \(clock.now - start)")
            // Only the bind is held back: the session then answers at once.
            let requestStart = clock.now
            _ = try await session.send(.enquireLink)
            #expect(clock.now - requestStart < .milliseconds(550))
            try await session.unbind()

            await #expect {
                try await FaultLoopback.connect(address) { $0.responseTimeout = .milliseconds(200) }
            } throws: { error in
                (error as? SMPPError)?.code == .responseTimeout
            }
        }

        var refused = FailureProfile(name: "slow-refusal")
        refused.bind = .init(share: 1, status: .invalidPassword, delay: .fixed(.milliseconds(400)))
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: refused)) { address in
            let clock = ContinuousClock()
            let start = clock.now
            await #expect {
                try await FaultLoopback.connect(address)
            } throws: { error in
                (error as? SMPPError)?.status == .invalidPassword
            }
            #expect(clock.now - start >= .milliseconds(350), "refused after \(clock.now - start)")
        }
    }

    @Test("disconnect after N PDUs: dropped at the Nth, or unbound after answering it")
    func disconnectAfterPDUs() async throws {
        var abrupt = FailureProfile(name: "abrupt")
        abrupt.disconnect = .init(afterRequests: 5, unbind: false)
        let handler = CountingHandler()
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: abrupt), handler: handler) { address in
            let session = try await FaultLoopback.connect(address)
            #expect(try await FaultLoopback.statuses(session, count: 4) == Array(repeating: .ok, count: 4))
            await #expect(throws: SMPPError.self) { try await session.send(FaultLoopback.submit()) }
            try await session.closeFuture.get()
        }
        #expect(handler.handled == 4)

        var graceful = FailureProfile(name: "graceful")
        graceful.disconnect = .init(afterRequests: 3, unbind: true)
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: graceful)) { address in
            let session = try await FaultLoopback.connect(address)
            #expect(try await FaultLoopback.statuses(session, count: 3) == Array(repeating: .ok, count: 3))
            // The server's unbind closes the session without our asking.
            #expect(await eventually { !session.channel.isActive })
        }
    }

    @Test("disconnect after T: the connection goes about T after the bind")
    func disconnectAfterTime() async throws {
        var profile = FailureProfile(name: "timed")
        profile.disconnect = .init(after: .milliseconds(400), unbind: false)
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: profile)) { address in
            let clock = ContinuousClock()
            let start = clock.now
            let session = try await FaultLoopback.connect(address)
            try await session.closeFuture.get()
            let elapsed = clock.now - start
            #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(10), "\(elapsed)")
        }
    }

    @Test("enquire_link silence: our client finds the peer dead and closes; without it, it stays up")
    func enquireLinkSilence() async throws {
        var silent = FailureProfile(name: "silent")
        silent.enquireLink.silentAfter = .milliseconds(200)
        for (profile, expectClosed) in [(silent, true), (FailureProfile.preset(named: "healthy")!, false)] {
            try await FaultLoopback.withServer(FaultLoopback.configuration(profile: profile)) { address in
                let session = try await FaultLoopback.connect(address) {
                    $0.enquireLinkInterval = .milliseconds(200)
                    $0.responseTimeout = .seconds(3)
                }
                // The silent peer is found dead within the response timeout; the healthy one gets as long.
                let closed = await eventually(timeout: .seconds(expectClosed ? 15 : 6)) { !session.channel.isActive }
                #expect(closed == expectClosed, "\(profile.name)")
                if !closed { try await session.unbind() }
            }
        }
    }

    @Test("throughput cap: reject answers ESME_RTHROTTLED beyond the burst; delay paces the responses")
    func throughput() async throws {
        var reject = FailureProfile(name: "reject")
        reject.throughput = .init(rate: 5, burst: 5, mode: .reject)
        let handler = CountingHandler()
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: reject), handler: handler) { address in
            let session = try await FaultLoopback.connect(address) { $0.windowSize = 20 }
            let statuses = try await Self.concurrently(session, count: 15)
            let ok = statuses.filter { $0 == .ok }.count
            #expect((5...6).contains(ok), "\(statuses)")
            #expect(statuses.filter { $0 == .throttled }.count == 15 - ok)
            #expect(handler.handled == ok)
            try await session.unbind()
        }

        var delay = FailureProfile(name: "delay")
        delay.throughput = .init(rate: 20, burst: 1, mode: .delay)
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: delay)) { address in
            let session = try await FaultLoopback.connect(address) { $0.windowSize = 20 }
            let clock = ContinuousClock()
            let start = clock.now
            let statuses = try await Self.concurrently(session, count: 10)
            let elapsed = clock.now - start
            #expect(statuses == Array(repeating: .ok, count: 10))
            // Nine gaps of 50 ms after the first.
            #expect(elapsed >= .milliseconds(440) && elapsed < .seconds(5), "\(elapsed)")
            try await session.unbind()
        }
    }

    static func concurrently(_ session: SMPPSession, count: Int) async throws -> [CommandStatus] {
        try await withThrowingTaskGroup(of: CommandStatus.self) { group in
            for index in 0..<count {
                group.addTask { try await session.send(FaultLoopback.submit("c\(index)")).commandStatus }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("an account's ?profile= applies to its sessions only")
    func perAccount() async throws {
        let accounts = [
            try SMPPAccount(specification: "carrier1:secret"),
            try SMPPAccount(specification: "carrier2:secret?profile=dead"),
        ]
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: nil, accounts: accounts)) { address in
            let healthy = try await FaultLoopback.connect(address, systemID: "carrier1")
            #expect(try await healthy.send(FaultLoopback.submit()).commandStatus == .ok)
            // The bind is answered; then nothing is. The timeout must outlast a bind on a stalled machine.
            let dead = try await FaultLoopback.connect(address, systemID: "carrier2") {
                $0.responseTimeout = .seconds(4)
            }
            await #expect(throws: SMPPError.self) { try await dead.send(FaultLoopback.submit()) }
            try await healthy.unbind()
            await dead.close()
        }
    }
}
