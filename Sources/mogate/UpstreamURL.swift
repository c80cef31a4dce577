// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SMPPCore
import SMPPFaults
import SMPPNIO

/// `smpp://SYSTEM_ID:PASSWORD@HOST:PORT?bind=receiver`: an upstream SMSC to bind to as an ESME.
///
/// `smpps://` uses TLS and verifies the server; add `tls=insecure` to skip verification (lab use). Other query
/// items: `bind` (receiver, transceiver or transmitter; receiver by default), `system_type`, and `profile` (a
/// failure profile for mogate's side of the session, as `--profile` takes it: to see how an SMSC copes with an
/// ESME that is slow, flaky or dead).
struct UpstreamURL {
    var configuration: SMPPClient.Configuration

    init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "smpp" || scheme == "smpps"
        else { throw UpstreamURLError("expected smpp://SYSTEM_ID:PASSWORD@HOST:PORT, got \(Self.redacted(text))") }
        guard let host = components.host, !host.isEmpty else { throw UpstreamURLError("the upstream URL has no host") }
        guard let systemID = components.user, !systemID.isEmpty else {
            throw UpstreamURLError("the upstream URL has no system_id (smpp://SYSTEM_ID:PASSWORD@…)")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        let bindName = query["bind"] ?? "receiver"
        guard let bindType = SMPPBindType(rawValue: bindName) else {
            throw UpstreamURLError("bind must be receiver, transceiver or transmitter, not \(bindName)")
        }
        var configuration = SMPPClient.Configuration(
            host: host,
            port: components.port ?? 2775,
            bindType: bindType,
            systemID: systemID.removingPercentEncoding ?? systemID,
            password: components.password?.removingPercentEncoding ?? ""
        )
        configuration.bind.systemType = query["system_type"] ?? ""
        if let profile = query["profile"] {
            do {
                configuration.session.faults = FaultInjector(defaultProfile: try FailureProfile.load(profile))
            } catch {
                throw UpstreamURLError("profile: \(error)")
            }
        }
        if scheme == "smpps" {
            configuration.tls = query["tls"] == "insecure" ? .insecure : .verify()
        }
        self.configuration = configuration
    }

    /// The URL with its password hidden, for messages and logs.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}

struct UpstreamURLError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
