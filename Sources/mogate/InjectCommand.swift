// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import MOGateway
import MOInject

/// `mogate inject`: posts MO to a running gateway's `POST /v1/mo`, from a scenario file or one from flags.
struct InjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inject",
        abstract: "Inject MO into a running gateway over HTTP, from a CSV/YAML scenario or from flags.",
        discussion: """
            Each message is a POST /v1/mo. A scenario file (.csv with a header row, or .yaml) holds the body's \
            fields per message, plus 'at' (seconds from the start), or 'every' with 'repeat'. Without --rate the \
            file's times are followed; with it, messages go at that rate. Prints a summary; exits 1 unless every \
            message was stored, 2 when the file cannot be read.
            """
    )

    @Option(help: "The gateway's HTTP base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Bearer token for /v1 (default: MOGATE_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(help: "A CSV or YAML file of MO to replay.")
    var scenario: String?

    @Option(help: "Messages per second, instead of the file's times.")
    var rate: Double?

    @Option(name: .customLong("repeat"), help: "Replay the file this many times.")
    var repetitions = 1

    @Flag(help: "Print one JSON object per message and a JSON summary.")
    var json = false

    @Option(help: "Single message: the sender.") var from: String?
    @Option(help: "Single message: the recipient.") var to: String?
    @Option(help: "Single message: the text.") var text: String?
    @Option(help: "Single message: the short_message octets as hex.") var hex: String?
    @Option(help: "Single message: auto, gsm7, ucs2, latin1 or ascii.") var encoding: String?
    @Option(help: "Single message: udh8, udh16, sar, payload or none.") var split: String?
    @Option(help: "Single message: deliver_sm or data_sm.") var command: String?
    @Option(help: "Single message: the data_coding octet.") var dataCoding: Int?

    func validate() throws {
        if let rate = self.rate, !(rate > 0) { throw ValidationError("--rate must be above 0") }
        guard self.repetitions >= 1 else { throw ValidationError("--repeat must be 1 or more") }
        let single = [self.from, self.to, self.text, self.hex].contains { $0 != nil }
        if self.scenario != nil, single {
            throw ValidationError("Give --scenario, or --from/--to/--text for one message, not both.")
        }
        if self.scenario == nil, self.from == nil || self.to == nil || (self.text == nil && self.hex == nil) {
            throw ValidationError("Give --scenario FILE, or --from, --to and --text (or --hex).")
        }
    }

    func run() async throws {
        let scenario: Scenario
        if let path = self.scenario {
            do {
                scenario = try Scenario.load(path: path)
            } catch {
                FileHandle.standardError.write(Data("mogate inject: \(error)\n".utf8))
                throw ExitCode(2)
            }
        } else {
            var injection = MOInjection(from: self.from ?? "", to: self.to ?? "", text: self.text, hex: self.hex)
            injection.encoding = self.encoding
            injection.split = self.split
            injection.command = self.command
            injection.dataCoding = self.dataCoding
            scenario = Scenario(entries: [Scenario.Entry(line: 0, injection: injection)])
        }
        var replay = ScenarioReplay(url: self.url)
        replay.adminToken = self.adminToken ?? ProcessInfo.processInfo.environment["MOGATE_ADMIN_TOKEN"]
        replay.rate = self.rate
        replay.repetitions = self.repetitions
        let json = self.json
        let summary = try await replay.run(scenario) { outcome in
            guard json else { return }
            var object: [String: Any] = ["line": outcome.line, "detail": outcome.detail, "stored": outcome.isStored]
            object["status"] = outcome.status
            object["id"] = outcome.id
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                print(String(decoding: data, as: UTF8.self))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print("sent \(summary.sent), stored \(summary.stored), failed \(summary.failed)")
            for (key, count) in summary.refused.sorted(by: { $0.key < $1.key }) { print("refused \(key): \(count)") }
        }
        if !summary.isSuccess { throw ExitCode(1) }
    }
}
