// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

extension FailureProfile {
    /// The built-in profiles, by name. Their exact settings are in `protocol-docs/failure-profiles.md`.
    public static let presetNames = ["healthy", "slow", "flaky", "throttling", "dead"]

    /// A built-in profile, or nil for a name that is not one.
    public static func preset(named name: String) -> FailureProfile? {
        var profile = FailureProfile(name: name)
        switch name {
        case "healthy":
            // Nothing injected: the same as no profile.
            break
        case "slow":
            profile.latency = .logNormal(p50: .milliseconds(250), p99: .seconds(2))
            profile.latencyCap = .seconds(5)
        case "flaky":
            profile.seed = 1
            profile.latency = .uniform(min: .milliseconds(5), max: .milliseconds(150))
            profile.errors = [
                StatusShare(status: .systemError, share: 0.01),
                StatusShare(status: .messageQueueFull, share: 0.02),
                StatusShare(status: .throttled, share: 0.03),
            ]
            profile.noResponse = 0.02
            profile.bind = BindRefusal(share: 0.2, status: .bindFailed)
            profile.disconnect = Disconnect(afterRequests: 500, unbind: false)
        case "throttling":
            profile.throughput = Throughput(rate: 10, burst: 10, mode: .reject)
        case "dead":
            // A black hole: the bind succeeds, then no message and no enquire_link is ever answered.
            profile.noResponse = 1
            profile.enquireLink.silentAfter = .zero
        default:
            return nil
        }
        return profile
    }
}
