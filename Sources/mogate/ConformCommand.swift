// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import SMPPConform

/// `mogate conform`: SMPP 3.4 conformance cases against a peer, with a verdict and a spec reference per case.
struct ConformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Run SMPP 3.4 conformance cases against an SMPP peer and print a pass/warn/fail table.",
        discussion: """
            --role smsc (the default) tests a server that ESMEs bind to: each case connects on its own, binds with \
            --system-id and --password, and checks one behaviour. --role esme tests a client: mogate plays its \
            SMSC, listening on --listen HOST:PORT for it to bind (or outbinding to --target), checks its \
            credentials, and runs the cases on that one session. PASS is what SMPP 3.4 prescribes, WARN a \
            reaction peers commonly accept (another error status, a close), FAIL anything else. Exits 1 when a \
            case fails.
            """
    )

    enum Role: String, ExpressibleByArgument, CaseIterable {
        case smsc
        case esme
    }

    @Option(name: .long, help: "The peer: HOST:PORT (an SMSC, or an ESME's outbind listener).")
    var target: String?

    @Option(name: .long, help: "--role esme: wait on HOST:PORT for the ESME to bind.")
    var listen: String?

    @Option(name: .long, help: "--role esme: seconds to wait for the ESME to bind.")
    var bindTimeout: Double = 60

    @Option(name: .long, help: "system_id to bind with (--role esme: the one the ESME must bind with).")
    var systemID: String = ""

    @Option(name: .long, help: "Password to bind with (--role esme: the one the ESME must bind with).")
    var password: String = ""

    @Option(name: .long, help: "system_type to bind with.")
    var systemType = ""

    @Option(name: .long, help: "The peer's role: smsc (a server) or esme (a client).")
    var role: Role = .smsc

    @Option(name: .long, help: "Seconds to wait for each answer.")
    var timeout: Double = 5

    @Option(name: .customLong("case"), help: "Run only the cases whose id starts with this. Repeatable.")
    var cases: [String] = []

    @Option(name: .long, help: "Also write the results as JSON to this file.")
    var json: String?

    @Flag(name: .long, help: "List the case ids and exit.")
    var list = false

    func validate() throws {
        if self.list { return }
        for (flag, value) in [("--target", self.target), ("--listen", self.listen)] {
            if let value, Self.parse(target: value) == nil { throw ValidationError("\(flag) takes HOST:PORT") }
        }
        switch self.role {
        case .smsc where self.target == nil: throw ValidationError("--role smsc needs --target HOST:PORT")
        case .esme where (self.target == nil) == (self.listen == nil):
            throw ValidationError("--role esme needs one of --listen HOST:PORT or --target HOST:PORT (outbind)")
        default: break
        }
        guard self.timeout > 0, self.bindTimeout > 0 else { throw ValidationError("timeouts must be above 0") }
    }

    func run() async throws {
        if self.list {
            let ids = self.role == .smsc ? ConformanceSuite.smscCaseIDs : ConformanceSuite.esmeCaseIDs
            print(ids.joined(separator: "\n"))
            return
        }
        let (host, port) = Self.parse(target: self.target ?? self.listen!)!
        let target = ConformanceTarget(
            host: host,
            port: port,
            systemID: self.systemID,
            password: self.password,
            systemType: self.systemType,
            timeout: .milliseconds(Int64(self.timeout * 1_000))
        )
        let progress: @Sendable (ConformanceResult) -> Void = { result in
            FileHandle.standardError.write(Data("\(result.verdict.rawValue.uppercased()) \(result.id)\n".utf8))
        }
        let results: [ConformanceResult]
        switch self.role {
        case .smsc:
            results = await ConformanceSuite.runSMSC(target: target, only: self.cases, progress: progress)
        case .esme:
            FileHandle.standardError.write(Data("waiting for the ESME to bind\n".utf8))
            results = await ConformanceSuite.runESME(
                connection: self.listen != nil ? .listen(host: host, port: port) : .outbind(host: host, port: port),
                target: target,
                bindTimeout: .milliseconds(Int64(self.bindTimeout * 1_000)),
                progress: progress
            )
        }
        let report = ConformanceReport(results: results)
        print(report.table(), terminator: "")
        if let path = self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(results).write(to: URL(fileURLWithPath: path))
        }
        if results.isEmpty { throw ValidationError("no case id starts with \(self.cases.joined(separator: ", "))") }
        if report.verdict == .fail { throw ExitCode(1) }
    }

    /// `HOST:PORT`, with `[v6]:PORT` for IPv6.
    static func parse(target: String) -> (String, Int)? {
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
            (1...65_535).contains(port)
        else { return nil }
        var host = String(target[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}
