// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import NIOCore

/// `mogate bench`: in-process codec throughput over a corpus file, comparable with the peer harnesses in
/// `bench/` without a benchmark framework. (The package-benchmark suite in `Benchmarks/` is the CI gate.)
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure codec throughput over a file of concatenated PDUs.",
        subcommands: [Decode.self, Encode.self]
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
}
