// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The `mogate` command line: thin subcommands over the library targets.
///
/// Each subcommand parses its arguments and calls into the libraries; the work itself is testable without
/// the CLI. Later subcommands (`serve`, `send`, …) are added to ``configuration``'s list.
@main
struct Mogate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mogate",
        abstract: "SMPP 3.4 MO gateway and carrier emulator.",
        subcommands: [
            ServeCommand.self, SendCommand.self, DecodeCommand.self, NormalizeCommand.self, BenchCommand.self,
            DeadLettersCommand.self, ConformCommand.self, VerifierCommand.self, DemoCommand.self,
            LoadCommand.self, SinkCommand.self, InjectCommand.self,
        ]
    )
}
