// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import SMPPFaults
import SMPPNIO
import Testing

@Suite struct FailureProfileYAMLTests {
    /// The repository's examples/failure-profile.yaml.
    static var examplePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/failure-profile.yaml").path
    }

    @Test("the annotated example loads with every section as written")
    func example() throws {
        let profile = try FailureProfile.load(Self.examplePath)
        #expect(profile.seed == 20_261_127)
        #expect(profile.latency == .logNormal(p50: .milliseconds(40), p99: .milliseconds(400)))
        #expect(profile.latencyCap == .seconds(2))
        #expect(profile.commandLatency[.enquireLink] == .fixed(.milliseconds(5)))
        #expect(profile.commandLatency[.deliverSM] == .uniform(min: .milliseconds(10), max: .milliseconds(50)))
        #expect(
            profile.errors == [
                .init(status: .systemError, share: 0.005), .init(status: .messageQueueFull, share: 0.01),
                .init(status: .throttled, share: 0.03),
            ]
        )
        #expect(profile.commandErrors[.deliverSM] == [.init(status: .temporaryAppError, share: 0.02)])
        #expect(profile.noResponse == 0.01)
        #expect(
            profile.bind
                == .init(share: 0.1, status: .bindFailed, delay: .uniform(min: .milliseconds(100), max: .seconds(1)))
        )
        #expect(profile.disconnect == .init(afterRequests: 1_000, after: .minutes(10), unbind: true))
        #expect(profile.enquireLink.silentAfter == .minutes(30))
        #expect(profile.throughput == .init(rate: 200, burst: 50, mode: .reject))
        #expect(profile.edgeCases.map(\.edgeCase) == [.badCommandLength, .unknownCommandID, .wrongSequenceNumber])
    }

    @Test("every preset loads by name, and does what the docs say")
    func presets() throws {
        for name in FailureProfile.presetNames { #expect(try FailureProfile.load(name).name == name) }
        #expect(try FailureProfile.load("healthy").isInert)
        #expect(try FailureProfile.load("slow").latency == .logNormal(p50: .milliseconds(250), p99: .seconds(2)))
        let flaky = try FailureProfile.load("flaky")
        #expect(flaky.errors.map(\.status) == [.systemError, .messageQueueFull, .throttled])
        #expect(flaky.noResponse == 0.02 && flaky.bind.share == 0.2)
        #expect(flaky.disconnect == .init(afterRequests: 500, unbind: false))
        #expect(try FailureProfile.load("throttling").throughput == .init(rate: 10, burst: 10, mode: .reject))
        let dead = try FailureProfile.load("dead")
        #expect(dead.noResponse == 1 && dead.enquireLink.silentAfter == .zero)
    }

    @Test("bind takes a delay distribution beside the refusal share")
    func bindDelay() throws {
        let fixed = try FailureProfile(yaml: "bind: {delay: 1.5s}\n")
        #expect(fixed.bind.delay == .fixed(.milliseconds(1_500)))
        #expect(fixed.bind.share == 0)
        #expect(!fixed.isInert)
        let spread = try FailureProfile(yaml: "bind: {refuse: 10%, delay: {distribution: uniform, min: 1s, max: 3s}}\n")
        #expect(spread.bind.delay == .uniform(min: .seconds(1), max: .seconds(3)))
        #expect(spread.bind.share == 0.1)
    }

    @Test("extends starts from a preset; later keys override it")
    func extends() throws {
        let profile = try FailureProfile(yaml: "extends: flaky\nno_response: 0%\nseed: 9\n")
        #expect(profile.seed == 9 && profile.noResponse == 0 && profile.bind.share == 0.2)
    }

    @Test(
        "mistakes are refused with the key path",
        arguments: [
            ("lateny: 5ms", "lateny"),
            ("errors: {ESME_RNOPE: 5%}", "ESME_RNOPE"),
            ("errors: {ESME_RTHROTTLED: 150%}", "150%"),
            ("errors: {ESME_RTHROTTLED: 60%}\nno_response: 50%", "more than 100%"),
            ("latency: 5", "with a unit"),
            ("latency: {distribution: uniform, min: 9ms, max: 1ms}", "min is above max"),
            ("latency: {distribution: gamma}", "gamma"),
            ("bind: {refuse: 5%, status: ESME_ROK}", "bind.status"),
            ("bind: {delay: 5}", "with a unit"),
            ("bind: {wait: 5s}", "bind"),
            ("disconnect: {unbind: true}", "after_pdus, after"),
            ("throughput: {rate: 0}", "throughput.rate"),
            ("throughput: {rate: 5, mode: queue}", "reject or delay"),
            ("edge_cases: {bad_crc: 1%}", "bad_crc"),
            ("command_errors: {enquire_link: {ESME_RSYSERR: 1%}}", "enquire_link"),
            ("- a list", "mapping"),
        ]
    )
    func mistakes(yaml: String, mention: String) {
        #expect {
            try FailureProfile(yaml: yaml)
        } throws: { error in
            "\(error)".contains(mention)
        }
    }

    @Test("a name that is neither a preset nor a file is refused; so is a missing file")
    func unknownReference() {
        #expect(throws: FailureProfile.LoadError.self) { try FailureProfile.load("chaotic") }
        #expect(throws: FailureProfile.LoadError.self) { try FailureProfile.load("/nonexistent/profile.yaml") }
    }

    @Test("an account specification names its profile with ?profile=")
    func accountSpecification() throws {
        let account = try SMPPAccount(specification: "carrier1:secret?rate=5&profile=dead")
        #expect(account.failureProfile == FailureProfile.preset(named: "dead"))
        #expect(account.messagesPerSecond == 5)
        #expect(throws: SMPPAccount.SpecificationError.self) {
            try SMPPAccount(specification: "carrier1:secret?profile=chaotic")
        }
    }
}
