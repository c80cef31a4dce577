// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOGateway
import SMPPNIO
import UnixSignals

/// `mogate serve`'s limits and secret sources. Every flag is optional: unset keeps the library default
/// (`SMPPServer.Limits`, `SMPPSessionConfiguration`), which README lists. 0 turns a count limit off.
struct HardeningOptions: ParsableArguments {
    @Option(name: .long, help: "Connections open at once, bound or not (default 10000; 0: no limit).")
    var maxConnections: Int?

    @Option(name: .long, help: "Connections open at once from one IP address (default 100; 0: no limit).")
    var maxConnectionsPerIP: Int?

    @Option(name: .long, help: "Sessions bound at once per account without its own limit (default: no limit).")
    var maxSessionsPerAccount: Int?

    @Option(
        name: .long,
        help: "Binds with bad credentials per IP per minute before that IP is refused (default 10; 0: no limit)."
    )
    var maxFailedBindsPerMinute: Int?

    @Option(name: .long, help: "Largest command_length accepted, in octets (default 65552).")
    var maxPDULength: Int?

    @Option(name: .long, help: "Requests per session being handled at once before reading pauses (default 100).")
    var maxOutstanding: Int?

    @Option(name: .long, help: "Bytes queued for writing per connection before reading pauses (default 262144).")
    var maxBufferedBytes: Int?

    @Option(name: .long, help: "A file of accounts, one SYSTEM_ID:PASSWORD a line (or MOGATE_ACCOUNTS_FILE).")
    var accountsFile: String?

    @Option(name: .long, help: "A file holding the webhook HMAC secret (or MOGATE_WEBHOOK_SECRET_FILE).")
    var webhookSecretFile: String?

    @Option(name: .long, help: "A file holding the admin API bearer token (or MOGATE_ADMIN_TOKEN_FILE).")
    var adminTokenFile: String?

    func validate() throws {
        let counts = [
            ("--max-connections", self.maxConnections), ("--max-connections-per-ip", self.maxConnectionsPerIP),
            ("--max-sessions-per-account", self.maxSessionsPerAccount),
            ("--max-failed-binds-per-minute", self.maxFailedBindsPerMinute),
        ]
        for (flag, value) in counts where (value ?? 0) < 0 { throw ValidationError("\(flag) must be 0 or more") }
        if let length = self.maxPDULength, length < 16 { throw ValidationError("--max-pdu-length must be 16 or more") }
        if let window = self.maxOutstanding, window < 1 { throw ValidationError("--max-outstanding must be 1 or more") }
        if let bytes = self.maxBufferedBytes, bytes < 1024 {
            throw ValidationError("--max-buffered-bytes must be 1024 or more")
        }
    }

    /// A secret file's content without the trailing newline editors add.
    static func secret(fromFile path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let secret = text.trimmingCharacters(in: .newlines)
        guard !secret.isEmpty else { throw ValidationError("\(path) is empty") }
        return secret
    }

    /// Accounts from a file of `SYSTEM_ID:PASSWORD[?LIMITS]` lines (as `--account` takes them); blank lines and `#` comments are skipped.
    static func accounts(fromFile path: String) throws -> [SMPPAccount] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var accounts: [SMPPAccount] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // The message names the line, never its content: the line holds a password.
            guard let account = try? SMPPAccount(specification: trimmed) else {
                throw ValidationError("\(path):\(number + 1): expected SYSTEM_ID:PASSWORD[?LIMITS]")
            }
            accounts.append(account)
        }
        return accounts
    }

    /// Reloads the TLS certificate and key on every SIGHUP until cancelled.
    static func reloadTLSOnHangup(_ server: SMPPServer, logger: Logger) -> Task<Void, Never> {
        Task {
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                do {
                    try server.reloadTLS()
                } catch {
                    logger.error("TLS reload failed; keeping the old certificate", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
