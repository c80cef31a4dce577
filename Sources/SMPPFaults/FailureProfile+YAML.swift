// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
public import SMPPCore
import Yams

extension FailureProfile {
    /// Why a profile could not be read, in words for the person who wrote it.
    public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String

        init(_ description: String) { self.description = description }
    }

    /// A preset by name, or else a YAML file by path: what `--profile` and `?profile=` take.
    public static func load(_ reference: String) throws(LoadError) -> FailureProfile {
        if let preset = Self.preset(named: reference) { return preset }
        guard reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/") else {
            throw LoadError(
                "'\(reference)' is neither a preset (\(Self.presetNames.joined(separator: ", "))) nor a .yaml file"
            )
        }
        let text: String
        do {
            text = try String(contentsOfFile: reference, encoding: .utf8)
        } catch {
            throw LoadError("cannot read profile \(reference): \(error.localizedDescription)")
        }
        return try FailureProfile(yaml: text, name: reference)
    }

    /// Parses a profile. Unknown keys are errors, so a typo cannot silently turn a fault off.
    public init(yaml: String, name: String = "profile") throws(LoadError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw LoadError("\(name): not YAML: \(error)")
        }
        guard let mapping = root?.mapping else { throw LoadError("\(name): a profile is a YAML mapping") }
        let reader = ProfileReader(context: name)
        self = try reader.profile(mapping, name: name)
    }
}

/// Walks the YAML tree; every error names the key path it is about.
private struct ProfileReader {
    var context: String

    func fail(_ path: String, _ message: String) -> FailureProfile.LoadError {
        FailureProfile.LoadError("\(self.context): \(path): \(message)")
    }

    func profile(_ mapping: Node.Mapping, name: String) throws(FailureProfile.LoadError) -> FailureProfile {
        var profile = FailureProfile(name: name)
        if let base = mapping["extends"] {
            let baseName = try self.string(base, "extends")
            guard let preset = FailureProfile.preset(named: baseName) else {
                throw self.fail("extends", "'\(baseName)' is not a preset")
            }
            profile = preset
            profile.name = name
        }
        for (keyNode, value) in mapping {
            let key = try self.string(keyNode, "key")
            switch key {
            case "extends": break
            case "seed":
                guard let text = value.scalar?.string, let seed = UInt64(text) else {
                    throw self.fail(key, "expected a whole number from 0 to 2^64-1")
                }
                profile.seed = seed
            case "latency": profile.latency = try self.latency(value, key)
            case "latency_cap": profile.latencyCap = try self.duration(value, key)
            case "command_latency":
                for (command, distribution) in try self.mapping(value, key) {
                    let id = try self.command(command, key, allowed: FaultCommandNames.latencyCommands)
                    profile.commandLatency[id] = try self.latency(distribution, "\(key).\(command.string ?? "")")
                }
            case "errors": profile.errors = try self.statusShares(value, key)
            case "command_errors":
                for (command, shares) in try self.mapping(value, key) {
                    let id = try self.command(command, key, allowed: FaultCommandNames.messageCommands)
                    profile.commandErrors[id] = try self.statusShares(shares, "\(key).\(command.string ?? "")")
                }
            case "no_response": profile.noResponse = try self.share(value, key)
            case "bind": profile.bind = try self.bindRefusal(value, key)
            case "disconnect": profile.disconnect = try self.disconnect(value, key)
            case "enquire_link": profile.enquireLink = try self.enquireLink(value, key)
            case "throughput": profile.throughput = try self.throughput(value, key)
            case "edge_cases": profile.edgeCases = try self.edgeCases(value, key)
            default:
                throw self.fail(
                    key,
                    "unknown key (seed, extends, latency, latency_cap, command_latency, errors, command_errors, "
                        + "no_response, bind, disconnect, enquire_link, throughput or edge_cases)"
                )
            }
        }
        try self.checkTotals(profile)
        return profile
    }

    private func checkTotals(_ profile: FailureProfile) throws(FailureProfile.LoadError) {
        let errorTotal = profile.errors.reduce(0) { $0 + $1.share }
        if profile.noResponse + errorTotal > 1.000_000_1 {
            throw self.fail("errors", "no_response and the error shares add up to more than 100%")
        }
        for (command, shares) in profile.commandErrors
        where profile.noResponse + shares.reduce(0, { $0 + $1.share }) > 1.000_000_1 {
            throw self.fail("command_errors.\(command)", "no_response and the error shares add up to more than 100%")
        }
        if profile.edgeCases.reduce(0, { $0 + $1.share }) > 1.000_000_1 {
            throw self.fail("edge_cases", "the shares add up to more than 100%")
        }
    }

    // MARK: Sections

    func latency(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> LatencyDistribution {
        if node.scalar != nil { return .fixed(try self.duration(node, path)) }
        let fields = try self.mapping(node, path)
        try self.onlyKeys(fields, path, ["distribution", "value", "min", "max", "p50", "p99", "mean"])
        let kind = try self.string(try self.required(fields, "distribution", path), "\(path).distribution")
        func field(_ key: String) throws(FailureProfile.LoadError) -> TimeAmount {
            try self.duration(try self.required(fields, key, path), "\(path).\(key)")
        }
        switch kind {
        case "fixed": return .fixed(try field("value"))
        case "uniform":
            let low = try field("min")
            let high = try field("max")
            guard low <= high else { throw self.fail(path, "min is above max") }
            return .uniform(min: low, max: high)
        case "normal", "lognormal":
            let p50 = try field("p50")
            let p99 = try field("p99")
            guard p50 <= p99 else { throw self.fail(path, "p50 is above p99") }
            if kind == "normal" { return .normal(p50: p50, p99: p99) }
            guard p50 > .zero else { throw self.fail(path, "a lognormal p50 must be above 0") }
            return .logNormal(p50: p50, p99: p99)
        case "exponential": return .exponential(mean: try field("mean"))
        default:
            throw self.fail("\(path).distribution", "'\(kind)' is not fixed, uniform, normal, lognormal or exponential")
        }
    }

    func statusShares(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> [FailureProfile.StatusShare] {
        var shares: [FailureProfile.StatusShare] = []
        for (key, value) in try self.mapping(node, path) {
            let name = try self.string(key, path)
            guard let status = FaultCommandNames.status(named: name) else {
                throw self.fail(path, "'\(name)' is not an SMPP status name (ESME_R…) or 0x… code")
            }
            guard status != .ok else { throw self.fail(path, "ESME_ROK is not an error") }
            shares.append(.init(status: status, share: try self.share(value, "\(path).\(name)")))
        }
        // By code, so the order of the YAML keys cannot change which draw maps to which status.
        return shares.sorted { $0.status.rawValue < $1.status.rawValue }
    }

    func bindRefusal(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> FailureProfile.BindRefusal {
        let fields = try self.mapping(node, path)
        try self.onlyKeys(fields, path, ["refuse", "status", "delay"])
        var refusal = FailureProfile.BindRefusal()
        if let share = fields["refuse"] { refusal.share = try self.share(share, "\(path).refuse") }
        if let delay = fields["delay"] { refusal.delay = try self.latency(delay, "\(path).delay") }
        if let statusNode = fields["status"] {
            let name = try self.string(statusNode, "\(path).status")
            guard let status = FaultCommandNames.status(named: name), status != .ok else {
                throw self.fail("\(path).status", "'\(name)' is not an SMPP error status")
            }
            refusal.status = status
        }
        return refusal
    }

    func disconnect(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> FailureProfile.Disconnect {
        let fields = try self.mapping(node, path)
        try self.onlyKeys(fields, path, ["after_pdus", "after", "unbind"])
        var disconnect = FailureProfile.Disconnect()
        if let count = fields["after_pdus"] {
            guard let value = count.scalar?.string, let number = Int(value), number > 0 else {
                throw self.fail("\(path).after_pdus", "expected a positive count")
            }
            disconnect.afterRequests = number
        }
        if let after = fields["after"] { disconnect.after = try self.duration(after, "\(path).after") }
        if let unbind = fields["unbind"] { disconnect.unbind = try self.bool(unbind, "\(path).unbind") }
        guard disconnect.afterRequests != nil || disconnect.after != nil else {
            throw self.fail(path, "give after_pdus, after, or both")
        }
        return disconnect
    }

    func enquireLink(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> FailureProfile.EnquireLinkSilence
    {
        let fields = try self.mapping(node, path)
        try self.onlyKeys(fields, path, ["silent", "silent_after"])
        var silence = FailureProfile.EnquireLinkSilence()
        if let silent = fields["silent"], try self.bool(silent, "\(path).silent") { silence.silentAfter = .zero }
        if let after = fields["silent_after"] { silence.silentAfter = try self.duration(after, "\(path).silent_after") }
        return silence
    }

    func throughput(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> FailureProfile.Throughput {
        let fields = try self.mapping(node, path)
        try self.onlyKeys(fields, path, ["rate", "burst", "mode"])
        guard let text = try self.required(fields, "rate", path).scalar?.string, let rate = Double(text), rate > 0,
            rate.isFinite
        else { throw self.fail("\(path).rate", "expected requests per second above 0") }
        var burst = 1
        if let node = fields["burst"] {
            guard let text = node.scalar?.string, let value = Int(text), value > 0 else {
                throw self.fail("\(path).burst", "expected a positive count")
            }
            burst = value
        }
        var mode = FailureProfile.Throughput.Mode.reject
        if let node = fields["mode"] {
            let text = try self.string(node, "\(path).mode")
            guard let value = FailureProfile.Throughput.Mode(rawValue: text) else {
                throw self.fail("\(path).mode", "'\(text)' is not reject or delay")
            }
            mode = value
        }
        return FailureProfile.Throughput(rate: rate, burst: burst, mode: mode)
    }

    func edgeCases(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> [FailureProfile.EdgeCaseShare] {
        var shares: [FailureProfile.EdgeCaseShare] = []
        for (key, value) in try self.mapping(node, path) {
            let name = try self.string(key, path)
            guard let edgeCase = FaultEdgeCase(rawValue: name) else {
                throw self.fail(
                    path,
                    "'\(name)' is not bad_command_length, unknown_command_id or wrong_sequence_number"
                )
            }
            shares.append(.init(edgeCase: edgeCase, share: try self.share(value, "\(path).\(name)")))
        }
        let order = FaultEdgeCase.allCases
        return shares.sorted { order.firstIndex(of: $0.edgeCase)! < order.firstIndex(of: $1.edgeCase)! }
    }

    // MARK: Scalars

    func mapping(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw self.fail(path, "expected a mapping") }
        return mapping
    }

    func required(_ mapping: Node.Mapping, _ key: String, _ path: String) throws(FailureProfile.LoadError) -> Node {
        guard let node = mapping[key] else { throw self.fail(path, "\(key) is missing") }
        return node
    }

    func onlyKeys(_ mapping: Node.Mapping, _ path: String, _ keys: Set<String>) throws(FailureProfile.LoadError) {
        for key in mapping.keys {
            let name = key.string ?? "?"
            if !keys.contains(name) {
                throw self.fail(path, "unknown key '\(name)' (\(keys.sorted().joined(separator: ", ")))")
            }
        }
    }

    func string(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> String {
        guard let text = node.scalar?.string else { throw self.fail(path, "expected a scalar") }
        return text
    }

    func bool(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> Bool {
        switch try self.string(node, path) {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw self.fail(path, "'\(other)' is not true or false")
        }
    }

    /// `5%`, or a fraction from 0 to 1.
    func share(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> Double {
        let text = try self.string(node, path).trimmingCharacters(in: .whitespaces)
        let value: Double?
        if text.hasSuffix("%") {
            value = Double(text.dropLast()).map { $0 / 100 }
        } else {
            value = Double(text)
        }
        guard let value, value >= 0, value <= 1 else {
            throw self.fail(path, "'\(text)' is not a share (a percentage like 5% or a fraction from 0 to 1)")
        }
        return value
    }

    /// A number with a unit: `us`, `ms`, `s` or `m` (`250ms`, `1.5s`).
    func duration(_ node: Node, _ path: String) throws(FailureProfile.LoadError) -> TimeAmount {
        let text = try self.string(node, path).trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("us", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite,
                number * scale < 86_400e9
            {
                return .nanoseconds(Int64(number * scale))
            }
        }
        throw self.fail(path, "'\(text)' is not a duration with a unit (500us, 250ms, 1.5s, 2m)")
    }

    func command(
        _ node: Node,
        _ path: String,
        allowed: [String: CommandID]
    ) throws(FailureProfile.LoadError)
        -> CommandID
    {
        let name = try self.string(node, path)
        guard let id = allowed[name] else {
            throw self.fail(path, "'\(name)' is not one of \(allowed.keys.sorted().joined(separator: ", "))")
        }
        return id
    }
}
