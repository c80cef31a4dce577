// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import MOGateway
import NIOCore

/// `mogate bench`: in-process codec throughput over a corpus file, comparable with the peer harnesses in
/// `bench/` without a benchmark framework (the package-benchmark suite in `Benchmarks/` is the CI gate), and the
/// store's cost per MO.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure codec throughput over a file of concatenated PDUs, or the store's cost per MO.",
        subcommands: [Decode.self, Encode.self, Store.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "A binary file of concatenated PDUs, e.g. deliver_sm.bin from bench/corpus/gen_corpus.py.")
        var file: String

        @Option(help: "How long to run, in seconds (whole passes over the file).")
        var seconds: Double = 3

        @Flag(help: "Print one JSON object: pdus_per_s, ns_per_pdu, mb_per_s, pdus.")
        var json = false

        func validate() throws {
            guard self.seconds.isFinite, self.seconds > 0 else {
                throw ValidationError("--seconds must be a positive number.")
            }
        }

        /// The file's octets, checked to be whole PDUs.
        func loadCorpus() throws -> ByteBuffer {
            let corpus = ByteBuffer(bytes: try readFile(self.file))
            let pass = CodecBenchmark.decodePass(corpus)
            guard pass.pdus > 0, pass.bytes == corpus.readableBytes else {
                throw DecodeInputError(
                    description: "\(self.file): framing lost at offset \(pass.bytes) (after \(pass.pdus) PDUs)"
                )
            }
            return corpus
        }

        func report(_ operation: String, _ result: CodecBenchmark.Result) {
            print(self.json ? result.json : result.summary(operation: operation, file: self.file))
        }
    }

    /// `mogate bench decode`: frame the file and decode every PDU, pass after pass.
    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Frame and decode the file's PDUs in a loop.",
            discussion: """
                Each pass frames and decodes the file's PDUs as a session does (PDU.decodeEach), touching the \
                fields a gateway reads. One untimed warm-up pass, then whole passes until --seconds elapse.
                """
        )

        @OptionGroup var options: Options

        func run() throws {
            let corpus = try self.options.loadCorpus()
            let result = CodecBenchmark.run(seconds: self.options.seconds) { CodecBenchmark.decodePass(corpus) }
            self.options.report("decode", result)
        }
    }

    /// `mogate bench encode`: re-encode the decoded PDUs, one after another into one reused buffer.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encode the file's PDUs (decoded beforehand) in a loop.",
            discussion: """
                The PDUs are decoded once before timing; malformed ones are skipped. Each pass writes every PDU \
                into one reused ByteBuffer, cleared before each PDU.
                """
        )

        @OptionGroup var options: Options

        func run() throws {
            let corpus = try self.options.loadCorpus()
            let pdus = CodecBenchmark.decodeAll(corpus)
            var buffer = ByteBufferAllocator().buffer(capacity: 1 << 16)
            let result = CodecBenchmark.run(seconds: self.options.seconds) {
                CodecBenchmark.encodePass(pdus, into: &buffer)
            }
            self.options.report("encode", result)
        }
    }

    /// `mogate bench store`: the store's work for N MO, without the network.
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append N MO to a fresh store and record each one delivered, in rounds sharing commits.",
            discussion: """
                Each round queues --batch appends together with the delivered attempts of the round before, as a \
                loaded gateway's event loop does, so one commit holds them. Prints MO/s, the process's CPU per MO, \
                commits, and bytes written per MO (WAL frames and checkpoints). It fails if any MO is left \
                undelivered.
                """
        )

        @Option(help: "How many MO.")
        var count = 20_000

        @Option(help: "Appends queued together each round.")
        var batch = 16

        @Option(help: "fsync, os or memory.")
        var durability = "fsync"

        @Option(help: "Where to make or open the store; default a new temporary directory, removed afterwards.")
        var dataDir: String?

        @Flag(help: "Print one JSON object: mo, mo_per_s, cpu_us_per_mo, commits, writes, bytes_written_per_mo.")
        var json = false

        func validate() throws {
            guard self.count > 0, self.batch > 0 else { throw ValidationError("--count and --batch must be positive.") }
            guard SQLiteMessageStore.Durability(rawValue: self.durability) != nil else {
                throw ValidationError("--durability must be fsync, os or memory.")
            }
        }

        func run() async throws {
            let temporary = self.dataDir == nil
            let directory =
                self.dataDir.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("mogate-bench-store-\(UUID())")
            defer { if temporary { try? FileManager.default.removeItem(at: directory) } }
            let durability = SQLiteMessageStore.Durability(rawValue: self.durability) ?? .fsync
            let benchmark = StoreBenchmark(
                count: self.count,
                batch: self.batch,
                durability: durability,
                directory: directory
            )
            let result = try await benchmark.run()
            print(self.json ? result.json : result.summary(batch: self.batch, durability: durability))
        }
    }
}
