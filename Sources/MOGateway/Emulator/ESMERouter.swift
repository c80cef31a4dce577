// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import SMPPNIO
import Synchronization

/// Decides which ESMEs an MO goes to, by its destination address.
///
/// Two kinds of route, both matched against the destination as it arrived (`to_raw.addr`) and as E.164 digits
/// without `+`:
/// - an account's `routes=` prefixes, configured, so they hold whether the ESME is bound or not;
/// - the `address_range` a receiver or transceiver bound with (SMPP 3.4 §5.2.7), a regular expression that must
///   match somewhere in the address (as POSIX `regexec` does; anchor it with `^…$`). Learned at bind time and kept
///   while mogate runs, so an MO that arrives while that ESME is away waits for it.
///
/// Every matching system_id gets its own copy. The webhook also gets the MO unless every matching route is an
/// account with `webhook=no`; address_range routes keep the webhook.
public final class ESMERouter: Sendable {
    private struct PrefixRoute: Sendable {
        var systemID: String
        var prefixes: [String]
        var alsoWebhook: Bool
    }

    // Regex is not marked Sendable, but it is an immutable value that matching only reads.
    private struct RangeRoute: @unchecked Sendable {
        let pattern: String
        let regex: Regex<AnyRegexOutput>
    }

    private let prefixRoutes: [PrefixRoute]
    private let webhookBySystemID: [String: Bool]
    private let ranges = Mutex<[String: [RangeRoute]]>([:])
    private let logger: Logger

    public init(accounts: [SMPPAccount], logger: Logger) {
        self.prefixRoutes = accounts.filter { !$0.emulation.routes.isEmpty }.map {
            PrefixRoute(systemID: $0.systemID, prefixes: $0.emulation.routes, alsoWebhook: $0.emulation.alsoWebhook)
        }
        self.webhookBySystemID = Dictionary(
            accounts.map { ($0.systemID, $0.emulation.alsoWebhook) },
            uniquingKeysWith: { first, _ in first }
        )
        self.logger = logger
    }

    /// Learns a bound session's address_range. Only receivers and transceivers take MO.
    public func sessionBound(_ info: SMPPSessionInfo) {
        guard info.bindType != .transmitter, !info.addressRange.isEmpty else { return }
        let route: RangeRoute
        do {
            route = RangeRoute(pattern: info.addressRange, regex: try Regex(info.addressRange))
        } catch {
            self.logger.notice(
                "address_range is not a regular expression; ignored",
                metadata: ["smpp.system_id": "\(info.systemID)", "error": "\(error)"]
            )
            return
        }
        self.ranges.withLock { table in
            var routes = table[info.systemID, default: []]
            guard !routes.contains(where: { $0.pattern == info.addressRange }) else { return }
            routes.append(route)
            table[info.systemID] = routes
        }
    }

    /// The ESMEs for an MO to `rawDestination` (normalized to `e164Digits` when valid); nil when none matches.
    public func decide(rawDestination: String, e164Digits: String?) -> ESMERouteDecision? {
        // Runs in the store's write transaction for every MO: with no route at all there is nothing to build.
        guard !self.prefixRoutes.isEmpty || !self.ranges.withLock({ $0.isEmpty }) else { return nil }
        let addresses =
            [rawDestination.hasPrefix("+") ? String(rawDestination.dropFirst()) : rawDestination]
            + (e164Digits.map { [$0] } ?? [])
        var systemIDs: [String] = []
        var webhook = false
        for route in self.prefixRoutes
        where route.prefixes.contains(where: { prefix in addresses.contains { $0.hasPrefix(prefix) } }) {
            systemIDs.append(route.systemID)
            webhook = webhook || route.alsoWebhook
        }
        let matched = self.ranges.withLock { table in
            table.filter { _, routes in
                routes.contains { route in addresses.contains { (try? route.regex.firstMatch(in: $0)) != nil } }
            }.keys.sorted()
        }
        for systemID in matched where !systemIDs.contains(systemID) {
            systemIDs.append(systemID)
            webhook = webhook || (self.webhookBySystemID[systemID] ?? true)
        }
        return systemIDs.isEmpty ? nil : ESMERouteDecision(systemIDs: systemIDs, webhook: webhook)
    }

    /// ``decide(rawDestination:e164Digits:)`` for a stored record: the store's routing hook.
    public func decide(_ record: MORecord) -> ESMERouteDecision? {
        let digits = record.toValid && record.to.hasPrefix("+") ? String(record.to.dropFirst()) : nil
        return self.decide(rawDestination: record.toRaw.addr, e164Digits: digits)
    }
}
