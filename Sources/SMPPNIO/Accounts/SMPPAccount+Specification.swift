// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import SMPPFaults

extension SMPPAccount {
    /// Why an account specification was refused, in words for the person who wrote it.
    public struct SpecificationError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `SYSTEM_ID:PASSWORD`, optionally followed by `?` and `&`-separated limits:
    /// `bind=receiver,transceiver`, `from=10.0.0.0/8,2001:db8::/32`, `sessions=4`, `rate=100` (messages per
    /// second), `burst=200` and `profile=flaky` (a failure profile: a preset name or a YAML file); and the emulator's
    /// `routes=4478,4479`, `webhook=yes|no` and `submit=mo|mt|loopback` (``SMPPAccountEmulation``). The first `?`
    /// starts the limits, so a password cannot contain one.
    public init(specification: String) throws(SpecificationError) {
        let parts = specification.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let account = SMPPAccount(credentials: String(parts[0])) else {
            throw SpecificationError(
                description:
                    "'\(Self.redacted(parts[0]))' is not SYSTEM_ID:PASSWORD (system_id up to 15 characters, password up to 8)"
            )
        }
        self = account
        guard parts.count == 2 else { return }
        for option in parts[1].split(separator: "&") {
            let pair = option.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else {
                throw SpecificationError(description: "account \(self.systemID): '\(option)' is not NAME=VALUE")
            }
            try self.apply(name: String(pair[0]), value: String(pair[1]))
        }
    }

    private mutating func apply(name: String, value: String) throws(SpecificationError) {
        let values = value.split(separator: ",").map(String.init)
        switch name {
        case "bind":
            var types = Set<SMPPBindType>()
            for text in values {
                guard let type = SMPPBindType(rawValue: text) else {
                    throw self.invalid(name, value, "transmitter, receiver or transceiver")
                }
                types.insert(type)
            }
            self.allowedBindTypes = types
        case "from":
            var networks: [IPNetwork] = []
            for text in values {
                guard let network = IPNetwork(text) else { throw self.invalid(name, text, "an address or CIDR") }
                networks.append(network)
            }
            self.allowedNetworks = networks
        case "sessions":
            guard let count = Int(value), count > 0 else { throw self.invalid(name, value, "a positive count") }
            self.maximumSessions = count
        case "rate":
            guard let rate = Double(value), rate > 0, rate.isFinite else {
                throw self.invalid(name, value, "messages per second above 0")
            }
            self.messagesPerSecond = rate
        case "burst":
            guard let burst = Int(value), burst > 0 else { throw self.invalid(name, value, "a positive count") }
            self.burst = burst
        case "profile":
            do { self.failureProfile = try FailureProfile.load(value) } catch {
                throw SpecificationError(description: "account \(self.systemID): profile=\(value): \(error)")
            }
        default:
            guard try self.applyEmulationOption(name: name, value: value) else {
                throw SpecificationError(
                    description:
                        "account \(self.systemID): unknown limit '\(name)' (bind, from, sessions, rate, burst, profile, routes, webhook or submit)"
                )
            }
        }
    }

    private func invalid(_ name: String, _ value: String, _ expected: String) -> SpecificationError {
        SpecificationError(description: "account \(self.systemID): \(name)=\(value) is not \(expected)")
    }

    private static func redacted(_ credentials: Substring) -> String {
        guard let colon = credentials.firstIndex(of: ":") else { return String(credentials) }
        return credentials[...colon] + "<redacted>"
    }
}
