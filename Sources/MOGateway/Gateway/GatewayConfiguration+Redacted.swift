// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

extension GatewayConfiguration: CustomStringConvertible {
    /// Every setting, with passwords, secrets and tokens replaced by `<redacted>`: safe to log or print.
    public var description: String { RedactedDescription.describe(self) }
}

/// Describes a value through its mirror, replacing every field whose name says it holds a secret.
public enum RedactedDescription {
    /// Field names (lowercased) whose values are never shown.
    static let secretNames: Set<String> = ["password", "secret", "admintoken", "token", "apikey", "privatekey"]

    public static func describe(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty || mirror.displayStyle == .enum { return String(describing: value) }
        switch mirror.displayStyle {
        case .class:
            // Contexts and registries: their insides are no configuration, and may hold keys.
            return "\(mirror.subjectType)"
        case .optional:
            return mirror.children.first.map { Self.describe($0.value) } ?? "nil"
        case .collection, .set:
            return "[" + mirror.children.map { Self.describe($0.value) }.joined(separator: ", ") + "]"
        case .dictionary:
            return "[" + mirror.children.map { Self.describe($0.value) }.joined(separator: ", ") + "]"
        default:
            let fields = mirror.children.map { child -> String in
                let label = child.label ?? "_"
                if Self.secretNames.contains(label.lowercased()) {
                    return "\(label): " + (Self.isNil(child.value) ? "nil" : "<redacted>")
                }
                return "\(label): " + Self.describe(child.value)
            }
            return "\(mirror.subjectType)(" + fields.joined(separator: ", ") + ")"
        }
    }

    private static func isNil(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }
}
