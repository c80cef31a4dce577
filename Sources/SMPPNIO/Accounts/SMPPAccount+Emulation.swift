// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// How the carrier emulator treats an account: where MO is routed to it, and what its submit_sm means.
public struct SMPPAccountEmulation: Hashable, Sendable {
    /// What a submit_sm from this account is.
    public enum SubmitMode: String, Hashable, Sendable, CaseIterable {
        /// A mobile-originated message handed over as submit_sm (the gateway's default): stored and forwarded.
        case mo
        /// A mobile-terminated message for the emulated network: held, answered with a message id, and followed
        /// by delivery receipts as registered_delivery asks.
        case mt
        /// Sent straight back to the account as deliver_sm with source and destination swapped (SMPPSim's loopback).
        case loopback
    }

    /// Destination prefixes (digits, compared without a leading `+`) whose MO goes to this account's receivers
    /// as deliver_sm, whether or not it is bound at the time: `routes=4478,4479`.
    public var routes: [String] = []
    /// Whether MO routed to this account still goes to the webhook as well: `webhook=yes` (default) or `no`.
    public var alsoWebhook = true
    /// `submit=mo|mt|loopback`.
    public var submitMode = SubmitMode.mo

    public init(routes: [String] = [], alsoWebhook: Bool = true, submitMode: SubmitMode = .mo) {
        self.routes = routes
        self.alsoWebhook = alsoWebhook
        self.submitMode = submitMode
    }
}

extension SMPPAccount {
    /// Applies one emulation option of an account specification (`routes`, `webhook`, `submit`).
    /// - Returns: false when `name` is not an emulation option.
    mutating func applyEmulationOption(name: String, value: String) throws(SpecificationError) -> Bool {
        switch name {
        case "routes":
            var prefixes: [String] = []
            for text in value.split(separator: ",") {
                let digits = text.hasPrefix("+") ? text.dropFirst() : text[...]
                guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else {
                    throw SpecificationError(
                        description: "account \(self.systemID): routes=\(value) is not digit prefixes"
                    )
                }
                prefixes.append(String(digits))
            }
            self.emulation.routes = prefixes
        case "webhook":
            switch value {
            case "yes", "true": self.emulation.alsoWebhook = true
            case "no", "false": self.emulation.alsoWebhook = false
            default:
                throw SpecificationError(description: "account \(self.systemID): webhook=\(value) is not yes or no")
            }
        case "submit":
            guard let mode = SMPPAccountEmulation.SubmitMode(rawValue: value) else {
                throw SpecificationError(
                    description: "account \(self.systemID): submit=\(value) is not mo, mt or loopback"
                )
            }
            self.emulation.submitMode = mode
        default:
            return false
        }
        return true
    }
}
