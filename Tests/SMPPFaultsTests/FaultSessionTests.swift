// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPFaults
import Testing

/// The decisions alone, without a socket: determinism, shares and distributions over many draws.
@Suite struct FaultSessionTests {
    static func errorProfile(seed: UInt64) -> FailureProfile {
        var profile = FailureProfile(name: "test")
        profile.seed = seed
        profile.errors = [
            .init(status: .throttled, share: 0.10),
            .init(status: .messageQueueFull, share: 0.05),
            .init(status: .systemError, share: 0.05),
        ]
        profile.noResponse = 0.05
        return profile
    }

    static func outcomes(_ profile: FailureProfile, ordinal: UInt64 = 0, count: Int) -> [FaultSession.Outcome] {
        var session = FaultSession(profile: profile, systemID: "carrier1", ordinal: ordinal)
        return (0..<count).map { _ in session.requestReceived(.submitSM).outcome }
    }

    @Test("the same seed replays the same decisions; another seed, ordinal or system_id does not")
    func determinism() {
        let first = Self.outcomes(Self.errorProfile(seed: 42), count: 2_000)
        #expect(first == Self.outcomes(Self.errorProfile(seed: 42), count: 2_000))
        #expect(first != Self.outcomes(Self.errorProfile(seed: 43), count: 2_000))
        #expect(first != Self.outcomes(Self.errorProfile(seed: 42), ordinal: 1, count: 2_000))
        var other = FaultSession(profile: Self.errorProfile(seed: 42), systemID: "carrier2", ordinal: 0)
        #expect(first != (0..<2_000).map { _ in other.requestReceived(.submitSM).outcome })
    }

    @Test("each status comes out at about its configured share")
    func shares() {
        let count = 20_000
        let outcomes = Self.outcomes(Self.errorProfile(seed: 7), count: count)
        func share(_ outcome: FaultSession.Outcome) -> Double {
            Double(outcomes.filter { $0 == outcome }.count) / Double(count)
        }
        #expect(abs(share(.error(.throttled)) - 0.10) < 0.01)
        #expect(abs(share(.error(.messageQueueFull)) - 0.05) < 0.01)
        #expect(abs(share(.error(.systemError)) - 0.05) < 0.01)
        #expect(abs(share(.noResponse) - 0.05) < 0.01)
        #expect(abs(share(.pass) - 0.75) < 0.015)
    }

    @Test("per-command error shares replace the overall ones for that command only")
    func commandErrors() {
        var profile = FailureProfile(name: "test")
        profile.errors = [.init(status: .throttled, share: 1)]
        profile.commandErrors[.deliverSM] = [.init(status: .systemError, share: 1)]
        var session = FaultSession(profile: profile, systemID: "a", ordinal: 0)
        #expect(session.requestReceived(.submitSM).outcome == .error(.throttled))
        #expect(session.requestReceived(.deliverSM).outcome == .error(.systemError))
        #expect(session.requestReceived(.querySM).outcome == .pass)
    }

    static func samples(_ distribution: LatencyDistribution, count: Int = 20_000) -> [Double] {
        var random = FaultRandom(seed: 99)
        return (0..<count).map { _ in Double(distribution.sample(&random, cap: nil).nanoseconds) / 1e6 }.sorted()
    }

    @Test("latency samples follow their distribution: bounds, median and 99th percentile")
    func latency() {
        #expect(Self.samples(.fixed(.milliseconds(40)), count: 10).allSatisfy { $0 == 40 })

        let uniform = Self.samples(.uniform(min: .milliseconds(10), max: .milliseconds(30)))
        #expect(uniform.first! >= 10 && uniform.last! <= 30)
        #expect(abs(uniform[uniform.count / 2] - 20) < 0.5)

        for distribution in [
            LatencyDistribution.normal(p50: .milliseconds(100), p99: .milliseconds(200)),
            .logNormal(p50: .milliseconds(100), p99: .milliseconds(800)),
        ] {
            let values = Self.samples(distribution)
            let p50 = values[values.count / 2]
            let p99 = values[values.count * 99 / 100]
            let expected99: Double = if case .normal = distribution { 200 } else { 800 }
            #expect(abs(p50 - 100) < 5, "\(distribution) p50 \(p50)")
            #expect(abs(p99 - expected99) / expected99 < 0.1, "\(distribution) p99 \(p99)")
            #expect(values.first! >= 0)
        }

        let exponential = Self.samples(.exponential(mean: .milliseconds(50)))
        let mean = exponential.reduce(0, +) / Double(exponential.count)
        #expect(abs(mean - 50) < 2.5)

        var random = FaultRandom(seed: 1)
        let capped = LatencyDistribution.logNormal(p50: .seconds(1), p99: .seconds(100))
        #expect((0..<1_000).allSatisfy { _ in capped.sample(&random, cap: .seconds(2)) <= .seconds(2) })
    }

    @Test("the throughput cap rejects beyond the burst, and frees a slot per 1/rate")
    func throughputReject() {
        var profile = FailureProfile(name: "cap")
        profile.throughput = .init(rate: 10, burst: 3, mode: .reject)
        var session = FaultSession(profile: profile, systemID: "a", ordinal: 0)
        let now = NIODeadline.now()
        let burst = (0..<5).map { _ in session.requestReceived(.submitSM, now: now).outcome }
        #expect(burst == [.pass, .pass, .pass, .throttled, .throttled])
        #expect(session.requestReceived(.submitSM, now: now + .milliseconds(100)).outcome == .pass)
        #expect(session.requestReceived(.submitSM, now: now + .milliseconds(100)).outcome == .throttled)
    }

    @Test("the throughput cap in delay mode spaces responses 1/rate apart after the burst")
    func throughputDelay() {
        var profile = FailureProfile(name: "cap")
        profile.throughput = .init(rate: 10, burst: 2, mode: .delay)
        var session = FaultSession(profile: profile, systemID: "a", ordinal: 0)
        let now = NIODeadline.now()
        let delays = (0..<5).map { _ in session.requestReceived(.submitSM, now: now).delay }
        #expect(delays == [.zero, .zero, .milliseconds(100), .milliseconds(200), .milliseconds(300)])
    }

    @Test("a bind delay draws only when the profile has one: other profiles replay their decisions as before")
    func bindDelayDraws() {
        var profile = FailureProfile(name: "errors")
        profile.seed = 3
        profile.errors = [.init(status: .throttled, share: 0.3)]
        var plain = FaultSession(profile: profile, systemID: "carrier1", ordinal: 0)
        var asked = FaultSession(profile: profile, systemID: "carrier1", ordinal: 0)
        _ = plain.bindAttempted()
        _ = asked.bindAttempted()
        #expect(asked.bindResponseDelay() == .zero)
        let statuses = { (session: inout FaultSession) in
            (0..<200).map { _ in session.requestReceived(.submitSM).injectedStatus }
        }
        #expect(statuses(&plain) == statuses(&asked))

        profile.bind.delay = .uniform(min: .milliseconds(100), max: .milliseconds(300))
        var delayed = FaultSession(profile: profile, systemID: "carrier1", ordinal: 0)
        _ = delayed.bindAttempted()
        let delay = delayed.bindResponseDelay()
        #expect(delay >= .milliseconds(100) && delay <= .milliseconds(300))
    }

    @Test("bind refusals come at their share and replay per ordinal")
    func bindRefusals() {
        var profile = FailureProfile(name: "binds")
        profile.seed = 5
        profile.bind = .init(share: 0.3, status: .invalidPassword)
        let decisions = (0..<2_000).map { ordinal in
            var session = FaultSession(profile: profile, systemID: "a", ordinal: UInt64(ordinal))
            return session.bindAttempted()
        }
        let refused = decisions.filter { $0 == .invalidPassword }.count
        #expect(abs(Double(refused) / 2_000 - 0.3) < 0.03)
        #expect(decisions.allSatisfy { $0 == nil || $0 == .invalidPassword })
    }

    @Test("the injector numbers sessions per system_id, and an inert profile makes none")
    func ordinals() {
        let injector = FaultInjector(defaultProfile: Self.errorProfile(seed: 1))
        #expect(injector.session(systemID: "a")?.ordinal == 0)
        #expect(injector.session(systemID: "a")?.ordinal == 1)
        #expect(injector.session(systemID: "b")?.ordinal == 0)
        #expect(FaultInjector(defaultProfile: FailureProfile.preset(named: "healthy")).session(systemID: "a") == nil)
        #expect(FaultInjector().session(systemID: "a") == nil)
    }

    @Test("disconnect after N requests fires once, at the Nth")
    func disconnectCount() {
        var profile = FailureProfile(name: "d")
        profile.disconnect = .init(afterRequests: 3, unbind: true)
        var session = FaultSession(profile: profile, systemID: "a", ordinal: 0)
        #expect((0..<6).map { _ in session.countRequest() } == [nil, nil, .unbind, nil, nil, nil])
    }

    @Test("edge cases break the bytes as documented")
    func edgeCaseBytes() {
        let pdu = PDU(sequenceNumber: 7, body: .submitSMResponse(SubmitSMResponse(messageID: "abc")))
        func broken(_ edgeCase: FaultEdgeCase) -> ByteBuffer {
            var buffer = ByteBuffer()
            pdu.write(to: &buffer)
            edgeCase.apply(to: &buffer)
            return buffer
        }
        #expect(broken(.badCommandLength).getInteger(at: 0, as: UInt32.self) == 8)
        #expect(broken(.unknownCommandID).getInteger(at: 4, as: UInt32.self) == 0x8000_00FF)
        #expect(broken(.wrongSequenceNumber).getInteger(at: 12, as: UInt32.self) == 0x4000_0007)
        #expect(FaultEdgeCase.wrongSequenceNumber(for: 0x4000_0000) == 1)
    }
}
