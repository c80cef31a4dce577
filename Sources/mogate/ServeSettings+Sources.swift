// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Configuration
import Foundation
import SystemPackage
import Yams

extension ServeSettings {
    /// Resolves the settings: `flags` first, then `MOGATE_…` variables of `environment`, then the YAML file at
    /// `configFile` (or `MOGATE_CONFIG`), then the defaults.
    static func resolve(
        flags: [String: ConfigContent],
        configFile: String?,
        environment: [String: String]
    ) async throws -> ServeSettings {
        let secretVariables = Set(
            Self.secretKeys.union(Self.keysWithPasswords).map { SettingName(key: $0).environment }
        )
        var providers: [any ConfigProvider] = [
            InMemoryProvider(
                name: "flags",
                values: Dictionary(
                    uniqueKeysWithValues: flags.map { key, content in
                        (AbsoluteConfigKey([key]), ConfigValue(content, isSecret: Self.secretKeys.contains(key)))
                    }
                )
            ),
            EnvironmentVariablesProvider(
                environmentVariables: environment,
                secretsSpecifier: .specific(secretVariables)
            ).prefixKeys(with: "mogate"),
        ]
        if let path = configFile ?? environment["MOGATE_CONFIG"] {
            try Self.checkKeys(ofFile: path)
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
            } catch {
                throw ValidationError("config file \(path): \(error)")
            }
        }
        var settings = try ServeSettings(reader: ConfigReader(providers: providers))
        try settings.readSecretFiles()
        return settings
    }

    /// A secret kept in a file (`webhook-secret-file`, `admin-token-file`) replaces one given directly, so that
    /// everything downstream (the webhook, the built-in verifier, the admin API) sees the same value.
    mutating func readSecretFiles() throws {
        if let path = self.webhookSecretFile { self.webhookSecret = try HardeningOptions.secret(fromFile: path) }
        if let path = self.adminTokenFile { self.adminToken = try HardeningOptions.secret(fromFile: path) }
    }

    /// Refuses a config file with a key mogate does not know: a misspelt setting must not be silently ignored.
    static func checkKeys(ofFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the config file \(path): \(error.localizedDescription)")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ValidationError("config file \(path) is not valid YAML: \(error)")
        }
        guard let node else { return }
        guard let mapping = node.mapping else {
            throw ValidationError("config file \(path) must be a YAML mapping of setting names to values")
        }
        let known = Set(Self.keys)
        for key in mapping.keys.compactMap(\.string) where !known.contains(key) {
            let hint = Self.keys.first { $0.replacingOccurrences(of: "-", with: "") == Self.squash(key) }
            throw ValidationError(
                "config file \(path): unknown setting '\(key)'" + (hint.map { " (did you mean '\($0)'?)" } ?? "")
            )
        }
    }

    private static func squash(_ key: String) -> String {
        key.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// The settings as a YAML config file would hold them, secrets redacted.
    func yaml() -> String {
        var lines = ["# mogate serve: resolved settings (flags, then MOGATE_… variables, then the config file)"]
        for field in Self.fields {
            guard let content = field.render(self) else {
                lines.append("# \(field.key): (not set)")
                continue
            }
            if Self.secretKeys.contains(field.key) {
                lines.append("\(field.key): \"<redacted>\"")
                continue
            }
            var shown = content
            if case .stringArray(let values) = content, Self.keysWithPasswords.contains(field.key) {
                shown = .stringArray(values.map(Self.redactingPassword))
            }
            switch shown {
            case .string(let value): lines.append("\(field.key): \(Self.quoted(value))")
            case .int(let value): lines.append("\(field.key): \(value)")
            case .stringArray(let values) where values.isEmpty: lines.append("\(field.key): []")
            case .stringArray(let values):
                lines.append("\(field.key):")
                lines += values.map { "  - \(Self.quoted($0))" }
            default: lines.append("\(field.key): \(content)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `SYSTEM_ID:PASSWORD?LIMITS` or `smpp://SYSTEM_ID:PASSWORD@HOST…` with the password redacted.
    static func redactingPassword(_ value: String) -> String {
        var secret = value.startIndex..<(value.firstIndex(of: "?") ?? value.endIndex)
        if let scheme = value.range(of: "://") {
            guard let at = value[scheme.upperBound...].firstIndex(of: "@") else { return value }
            secret = scheme.upperBound..<at
        }
        guard let colon = value[secret].firstIndex(of: ":") else { return value }
        return value[...colon] + "<redacted>" + value[secret.upperBound...]
    }

    /// YAML's double-quoted form, which takes any text.
    private static func quoted(_ value: String) -> String {
        let escaped = value.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            default: return scalar.value < 0x20 ? String(format: "\\x%02X", scalar.value) : String(scalar)
            }
        }
        return "\"" + escaped.joined() + "\""
    }
}
