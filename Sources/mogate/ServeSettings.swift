// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import MOGateway

/// Everything `mogate serve` runs with, resolved from its flags, the environment and a YAML file, in that order
/// of precedence, over the embedded defaults.
///
/// One name per setting: the flag `--smpp-port` is `smpp-port:` in the YAML file and `MOGATE_SMPP_PORT` in the
/// environment. Repeatable flags are YAML lists, or comma-separated in the environment.
struct ServeSettings: Equatable {
    var host = "0.0.0.0"
    var smppPort = 2775
    var smppTLSPort: Int?
    var tlsCert: String?
    var tlsKey: String?
    var account: [String] = []
    var upstream: [String] = []
    var bindTimeout = 30
    var enquireLinkInterval = 30
    var httpPort = 8080
    var dataDir = SQLiteMessageStore.Configuration.defaultDataDirectory
    var webhookURL: String?
    var webhookDLRURL: String?
    var webhookSecret: String?
    var webhookFormat = WebhookFormat.json
    var defaultCountry = "GB"
    var durability = SQLiteMessageStore.Durability.fsync
    var ack = MOIngestHandler.AckMode.stored
    var backlogLimit: Int?
    var reassemblyTimeout = 300
    var retention = 7 * 86_400
    var adminToken: String?
    var logLevel = Logger.Level.info
    var webhookTransport = WebhookTransportKind.nio
    var webhookCAFile: String?
    var webhookPipelining = 1
    // The built-in verifier, the webhook target when there is no webhook-url (VerifierOptions).
    var receiver: String?
    var otpTTL: Int?
    var verifierToken: String?
    var callbackAttempts: Int?
    var callbackBackoff: String?
    var publicURL: String?
    // Limits (SMPPServer.Limits, SMPPSessionConfiguration; nil keeps their defaults, 0 turns a count off) and
    // secrets kept in files (HardeningOptions).
    var maxConnections: Int?
    var maxConnectionsPerIP: Int?
    var maxSessionsPerAccount: Int?
    var maxFailedBindsPerMinute: Int?
    var maxPDULength: Int?
    var maxOutstanding: Int?
    var maxBufferedBytes: Int?
    var accountsFile: String?
    var webhookSecretFile: String?
    var adminTokenFile: String?
    // The carrier emulator (EmulatorOptions).
    var receiptProfile = "DELIVRD=100"
    var receiptDelay = "100ms"
    var seed: Int?
    var mtHoldLimit = 100_000
    var receiptIntermediate = "ENROUTE"
    /// The failure profile of SMPP sessions whose account names none: a preset or a YAML file (SMPPFaults).
    var profile: String?
    /// A pcap file for every PDU of every SMPP session (`--capture`).
    var capture: String?

    /// The settings whose values are never printed or logged (`account` and `upstream` hold passwords too).
    static let secretKeys: Set<String> = ["webhook-secret", "admin-token", "verifier-token"]
    static let keysWithPasswords: Set<String> = ["account", "upstream"]
}

/// A setting's name in its three spellings, for error messages.
struct SettingName: CustomStringConvertible {
    var key: String

    var flag: String { "--\(self.key)" }
    var environment: String {
        "MOGATE_" + self.key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
    }
    var description: String { "\(self.flag) (\(self.environment), or \(self.key): in the config file)" }
}
