// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import MOGateway
import ServiceLifecycle

/// `mogate deadletters list|replay`: the store's dead letters, read and replayed on the SQLite file directly.
///
/// WAL lets this run while `mogate serve` has the same file open; a replayed record is picked up by the running
/// dispatcher on its next poll.
struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadletters",
        abstract: "List or replay the records that webhook delivery gave up on.",
        subcommands: [List.self, Replay.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(name: .long, help: "The data directory holding mogate.sqlite.")
        var dataDir = SQLiteMessageStore.Configuration.defaultDataDirectory

        /// Runs the store around `body` and closes it after. Refuses to create a store where there is none.
        func withStore<T: Sendable>(_ body: (SQLiteMessageStore) async throws -> T) async throws -> T {
            let configuration = SQLiteMessageStore.Configuration(dataDirectory: self.dataDir)
            guard FileManager.default.fileExists(atPath: configuration.path) else {
                throw DeadLettersError(description: "no store at \(configuration.path)")
            }
            var logger = Logger(label: "mogate.deadletters")
            logger.logLevel = .warning
            let store = try SQLiteMessageStore(configuration: configuration, logger: logger)
            let group = ServiceGroup(services: [store], gracefulShutdownSignals: [], logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let result: Result<T, any Error>
                do {
                    result = .success(try await body(store))
                } catch {
                    result = .failure(error)
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return try result.get()
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List dead letters, newest first.",
            discussion: """
                One line per dead letter: id, type, queued_at, attempts and last_error, separated by tabs. \
                With --json, one JSON object per line: the message's status, its attempts and the record \
                (which holds phone numbers and message text).
                """
        )

        @OptionGroup var store: StoreOptions

        @Flag(help: "Print JSON Lines.")
        var json = false

        @Option(help: "At most this many.")
        var limit: Int?

        func run() async throws {
            let limit = self.limit ?? Int.max
            let letters = try await self.store.withStore { try await $0.deadLetters(limit: limit) }
            var output = Data()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .custom { date, encoder in
                var container = encoder.singleValueContainer()
                try container.encode(MOTimestamp.string(date))
            }
            for letter in letters {
                if self.json {
                    output.append(try encoder.encode(letter))
                } else {
                    let fields = [
                        letter.id, letter.type.rawValue, MOTimestamp.string(letter.queuedAt),
                        String(letter.attempts.count), letter.lastError ?? "",
                    ]
                    // A tab or newline in an error text would break the columns.
                    output.append(contentsOf: fields.map(Self.oneField).joined(separator: "\t").utf8)
                }
                output.append(UInt8(ascii: "\n"))
            }
            StandardOutput.write([UInt8](output))
        }

        private static func oneField(_ text: String) -> String {
            String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put dead letters back in the outbox, due now.",
            discussion: """
                Prints 'replayed ID' for each one replayed, and 'not a dead letter: ID' (on standard error) for \
                an id that is unknown or not dead. Exit status 1 if any was not replayed.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The ids of the records to replay.")
        var ids: [String]

        func validate() throws {
            if self.ids.isEmpty { throw ValidationError("Give at least one id.") }
        }

        func run() async throws {
            let ids = self.ids
            let replayed = try await self.store.withStore { store in
                var replayed: [Bool] = []
                for id in ids { replayed.append(try await store.replay(id: id)) }
                return replayed
            }
            for (id, done) in zip(ids, replayed) {
                if done {
                    print("replayed \(id)")
                } else {
                    FileHandle.standardError.write(Data("not a dead letter: \(id)\n".utf8))
                }
            }
            if replayed.contains(false) { throw ExitCode(1) }
        }
    }
}

/// The store the command was pointed at does not exist.
struct DeadLettersError: Error, CustomStringConvertible {
    var description: String
}
