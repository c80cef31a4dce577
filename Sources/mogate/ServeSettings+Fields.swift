// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Configuration
import Foundation
import Logging
import MOGateway

extension ServeSettings {
    /// One setting: how to read it into the settings, and how to print it back.
    struct Field {
        var key: String
        var read: (inout ServeSettings, SettingsReader) throws -> Void
        var render: (ServeSettings) -> ConfigContent?
    }

    /// Every setting, in the order `--print-config` prints them.
    static var fields: [Field] {
        [
            .string("host", \.host),
            .int("smpp-port", \.smppPort, 0...65_535),
            .int("smpp-tls-port", \.smppTLSPort, 0...65_535),
            .string("tls-cert", \.tlsCert),
            .string("tls-key", \.tlsKey),
            .list("account", \.account),
            .list("upstream", \.upstream),
            .int("bind-timeout", \.bindTimeout, 1...86_400),
            .int("enquire-link-interval", \.enquireLinkInterval, 1...86_400),
            .int("http-port", \.httpPort, 0...65_535),
            .string("data-dir", \.dataDir),
            .string("webhook-url", \.webhookURL),
            .string("webhook-dlr-url", \.webhookDLRURL),
            .string("webhook-secret", \.webhookSecret),
            .choice("webhook-format", \.webhookFormat),
            .string("default-country", \.defaultCountry),
            .choice("durability", \.durability),
            .choice("ack", \.ack),
            .int("backlog-limit", \.backlogLimit, 1...Int(Int32.max)),
            .int("reassembly-timeout", \.reassemblyTimeout, 1...86_400),
            .int("retention", \.retention, 0...(3_650 * 86_400)),
            .string("admin-token", \.adminToken),
            .choice("log-level", \.logLevel),
            .choice("webhook-transport", \.webhookTransport),
            .string("webhook-ca-file", \.webhookCAFile),
            .int("webhook-pipelining", \.webhookPipelining, 1...64),
            .string("receiver", \.receiver),
            .int("otp-ttl", \.otpTTL, 1...(30 * 86_400)),
            .string("verifier-token", \.verifierToken),
            .int("callback-attempts", \.callbackAttempts, 1...1_000),
            .string("callback-backoff", \.callbackBackoff),
            .string("public-url", \.publicURL),
            .int("max-connections", \.maxConnections, 0...10_000_000),
            .int("max-connections-per-ip", \.maxConnectionsPerIP, 0...10_000_000),
            .int("max-sessions-per-account", \.maxSessionsPerAccount, 0...1_000_000),
            .int("max-failed-binds-per-minute", \.maxFailedBindsPerMinute, 0...1_000_000),
            .int("max-pdu-length", \.maxPDULength, 16...(16 << 20)),
            .int("max-outstanding", \.maxOutstanding, 1...1_000_000),
            .int("max-buffered-bytes", \.maxBufferedBytes, 1_024...(1 << 30)),
            .string("accounts-file", \.accountsFile),
            .string("webhook-secret-file", \.webhookSecretFile),
            .string("admin-token-file", \.adminTokenFile),
            .string("receipt-profile", \.receiptProfile),
            .string("receipt-delay", \.receiptDelay),
            .int("seed", \.seed, Int(Int64.min)...Int(Int64.max)),
            .int("mt-hold-limit", \.mtHoldLimit, 1...10_000_000),
            .string("receipt-intermediate", \.receiptIntermediate),
            .string("profile", \.profile),
            .string("capture", \.capture),
        ]
    }

    static var keys: [String] { Self.fields.map(\.key) }

    /// Reads every setting that `reader` has, over the defaults.
    init(reader: ConfigReader) throws {
        self.init()
        let settings = SettingsReader(reader: reader)
        for field in Self.fields {
            try field.read(&self, settings)
        }
    }
}

extension ServeSettings.Field {
    static func string(_ key: String, _ path: WritableKeyPath<ServeSettings, String>) -> Self {
        Self(
            key: key,
            read: { settings, reader in
                if let value = reader.string(key) { settings[keyPath: path] = value }
            },
            render: { .string($0[keyPath: path]) }
        )
    }

    static func string(_ key: String, _ path: WritableKeyPath<ServeSettings, String?>) -> Self {
        Self(
            key: key,
            read: { settings, reader in
                if let value = reader.string(key) { settings[keyPath: path] = value }
            },
            render: { $0[keyPath: path].map { .string($0) } }
        )
    }

    static func list(_ key: String, _ path: WritableKeyPath<ServeSettings, [String]>) -> Self {
        Self(
            key: key,
            read: { settings, reader in
                if let value = reader.strings(key) { settings[keyPath: path] = value }
            },
            render: { .stringArray($0[keyPath: path]) }
        )
    }

    static func int(
        _ key: String,
        _ path: WritableKeyPath<ServeSettings, Int>,
        _ range: ClosedRange<Int>
    ) -> Self {
        Self(
            key: key,
            read: { settings, reader in
                if let value = try reader.int(key, in: range) { settings[keyPath: path] = value }
            },
            render: { .int($0[keyPath: path]) }
        )
    }

    static func int(
        _ key: String,
        _ path: WritableKeyPath<ServeSettings, Int?>,
        _ range: ClosedRange<Int>
    ) -> Self {
        Self(
            key: key,
            read: { settings, reader in
                if let value = try reader.int(key, in: range) { settings[keyPath: path] = value }
            },
            render: { $0[keyPath: path].map { .int($0) } }
        )
    }

    static func choice<Value: RawRepresentable<String> & CaseIterable>(
        _ key: String,
        _ path: WritableKeyPath<ServeSettings, Value>
    ) -> Self {
        Self(
            key: key,
            read: { settings, reader in
                if let value = try reader.choice(key, Value.self) { settings[keyPath: path] = value }
            },
            render: { .string($0[keyPath: path].rawValue) }
        )
    }
}

/// Reads settings by name, every value as text, so that a bad value is an error that names the setting rather
/// than a value silently ignored.
struct SettingsReader: Sendable {
    let reader: ConfigReader

    func string(_ key: String) -> String? {
        self.reader.string(forKey: ConfigKey(key), isSecret: ServeSettings.secretKeys.contains(key))
    }

    /// A YAML list, a comma-separated environment variable, or a single value.
    func strings(_ key: String) -> [String]? {
        if let values = self.reader.stringArray(forKey: ConfigKey(key)) { return values }
        return self.string(key).map { $0.split(separator: ",").map(String.init) }
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = self.string(key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ValidationError(
                "\(SettingName(key: key)) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return value
    }

    func choice<Value: RawRepresentable<String> & CaseIterable>(_ key: String, _ type: Value.Type) throws -> Value? {
        guard let text = self.string(key) else { return nil }
        guard let value = Value(rawValue: text) else {
            let choices = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("\(SettingName(key: key)) takes one of \(choices), not '\(text)'")
        }
        return value
    }
}
