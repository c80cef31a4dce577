// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Foundation
import NIOCore
import SMPPCore

// Decode and encode over the shared MO corpus (`../shared/bench/corpus/gen_corpus.py`, 20,000 PDUs per file).
//
// One measured iteration = 1,000 consecutive PDUs of a corpus (`scalingFactor: .kilo`), walking the file
// cyclically, so 20 iterations are one pass and every 1,000-PDU window of deliver_sm.bin holds the exact traffic
// mix (it is shuffled in blocks of 20). The default text output divides by the scaling factor (rows marked `*` are
// per PDU, so mallocs per PDU round to whole numbers); `--scale` prints per iteration, i.e. per 1,000 PDUs:
// mallocCountTotal per PDU = that value / 1,000. The thresholds in Thresholds/<toolchain>/ are per 1,000 PDUs.
// `.instructions` needs hardware counters (perf_event). Where there are none (KVM guests such as the dev VM) it is
// left out of the output, but package-benchmark 1.38.1 then allocates 16 times per iteration itself, so
// mallocCountTotal reads 16 per 1,000 PDUs even for enquire_link. The gate therefore runs with
// `--metric mallocCountTotal` (see ../BENCHMARKS.md); SMPPCodecHarness + callgrind gives instructions per PDU.

/// PDUs per measured iteration; equals `scalingFactor`.
private let pdusPerIteration = 1_000

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .instructions, .mallocCountTotal],
        warmupIterations: 20,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000,
        thresholds: [
            // Allocations are deterministic: any extra malloc per 1,000 PDUs is a regression.
            .mallocCountTotal: .init(absolute: [.p90: 0])
        ]
    )
    let directory = Corpus.directory()
    for name in ["deliver_sm", "submit_sm", "enquire_link"] {
        let corpus = Corpus.load(directory: directory, name: name)
        decodeBenchmark(name: name, corpus: corpus, configuration: configuration)
        encodeBenchmark(name: name, corpus: corpus, configuration: configuration)
    }
}

/// Frames the next PDU of `cursor` by its command_length, restarting from `corpus` at the end of the file.
@inline(__always)
private func nextFrame(_ cursor: inout ByteBuffer, corpus: ByteBuffer) -> ByteBuffer {
    if cursor.readableBytes == 0 { cursor = corpus }
    let length = cursor.getInteger(at: cursor.readerIndex, as: UInt32.self)!
    return cursor.readSlice(length: Int(length))!
}

/// Reads what a gateway reads from a decoded PDU and the octets it lends, through `blackHole` so nothing is
/// optimised away.
@inline(__always)
private func touch(_ pdu: PDU, _ octets: SubmitSM.UnsafeOctets?) {
    blackHole(pdu.commandID)
    blackHole(pdu.sequenceNumber)
    switch pdu.body {
    case .deliverSM(let sm), .submitSM(let sm):
        // Borrowed octet views, as C decoders hand out char arrays; `sourceAddress` makes a String.
        blackHole(sm.esmClass)
        blackHole(sm.dataCoding)
        guard let octets else { fatalError("decodeEach lends a message's octets") }
        blackHole(octets.sourceAddress)
        blackHole(octets.destinationAddress)
        blackHole(octets.shortMessage)
        for tlv in octets.tlvs {
            blackHole(tlv.tag)
            blackHole(tlv.value)
        }
    default:
        break
    }
}

/// Decodes as the session's `SMPPFrameDecoder` does: `PDU.decodeEach` over the stream, 1,000 PDUs an iteration.
private func decodeBenchmark(name: String, corpus: Corpus, configuration: Benchmark.Configuration) {
    var cursor = corpus.bytes
    Benchmark("Decode \(name) corpus", configuration: configuration) { benchmark in
        var left = benchmark.scaledIterations.count
        while left > 0 {
            if cursor.readableBytes == 0 { cursor = corpus.bytes }
            let decoded = try PDU.decodeEach(
                from: &cursor,
                maximumLength: SMPPFrameDecoder.defaultMaximumPDULength,
                maximumCount: left
            ) { result, octets in
                switch result {
                case .pdu(let pdu): touch(pdu, octets)
                case .malformed(let header, let error): fatalError("corpus PDU \(header) is malformed: \(error)")
                }
            }
            left -= decoded
        }
    }
}

private func encodeBenchmark(name: String, corpus: Corpus, configuration: Benchmark.Configuration) {
    let pdus = corpus.decodedPDUs
    var index = 0
    // One reused output buffer, large enough for a whole pass, so it never grows inside the measurement.
    var output = ByteBufferAllocator().buffer(capacity: corpus.bytes.readableBytes + 65_536)
    Benchmark("Encode \(name) corpus", configuration: configuration) { benchmark in
        output.clear()
        for _ in benchmark.scaledIterations {
            pdus[index].write(to: &output)
            index += 1
            if index == pdus.count { index = 0 }
        }
        blackHole(output.readableBytes)
    }
}

/// One corpus file, framed and checked once before any measurement.
private struct Corpus {
    /// The whole file: PDUs back to back, each self-delimiting by command_length.
    var bytes: ByteBuffer
    /// Every PDU of the file, decoded before the timed loop (the input of the encode benchmarks).
    var decodedPDUs: [PDU]

    /// `MOGATE_CORPUS_DIR`, or a cached directory generated by `gen_corpus.py` next to the repository.
    static func directory() -> String {
        if let directory = ProcessInfo.processInfo.environment["MOGATE_CORPUS_DIR"], !directory.isEmpty {
            return directory
        }
        // #filePath = <repo>/Benchmarks/Benchmarks/SMPPCodecBenchmarks/SMPPCodecBenchmarks.swift
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let generator = repository.appendingPathComponent("../shared/bench/corpus/gen_corpus.py").standardized.path
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("mogate-bench-corpus-20000").path
        let files = ["deliver_sm.bin", "submit_sm.bin", "enquire_link.bin"]
        if files.allSatisfy({ FileManager.default.fileExists(atPath: cache + "/" + $0) }) { return cache }
        guard FileManager.default.fileExists(atPath: generator) else {
            fatalError(
                "No corpus: set MOGATE_CORPUS_DIR to a directory made by "
                    + "`python3 gen_corpus.py DIR --count 20000` (expected the generator at \(generator))"
            )
        }
        // Generate into a private directory, then move it into place, so concurrent runs never see half a corpus.
        let staging = cache + ".\(ProcessInfo.processInfo.processIdentifier)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator, staging, "--count", "20000"]
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fatalError("Cannot run python3 \(generator): \(error); set MOGATE_CORPUS_DIR instead")
        }
        guard process.terminationStatus == 0 else {
            fatalError("python3 \(generator) failed (\(process.terminationStatus)); set MOGATE_CORPUS_DIR instead")
        }
        if (try? FileManager.default.moveItem(atPath: staging, toPath: cache)) == nil {
            try? FileManager.default.removeItem(atPath: staging)  // Another run won the race.
        }
        return cache
    }

    static func load(directory: String, name: String) -> Corpus {
        let path = directory + "/" + name + ".bin"
        guard let data = FileManager.default.contents(atPath: path) else {
            fatalError("Cannot read \(path) (MOGATE_CORPUS_DIR=\(directory))")
        }
        let bytes = ByteBuffer(bytes: data)
        // Untimed check: every PDU decodes, and re-encoding the decoded PDUs reproduces the file byte for byte.
        var cursor = bytes
        var pdus: [PDU] = []
        var reencoded = ByteBufferAllocator().buffer(capacity: bytes.readableBytes)
        while cursor.readableBytes > 0 {
            var frame = nextFrame(&cursor, corpus: bytes)
            guard case .pdu(let pdu) = PDU.decode(from: &frame) else {
                fatalError("\(path): PDU #\(pdus.count + 1) does not decode")
            }
            pdu.write(to: &reencoded)
            pdus.append(pdu)
        }
        guard pdus.count == 20_000, pdus.count % pdusPerIteration == 0 else {
            fatalError("\(path): expected 20,000 PDUs (gen_corpus.py --count 20000), found \(pdus.count)")
        }
        guard reencoded == bytes else { fatalError("\(path): re-encoding the decoded PDUs changes the bytes") }
        return Corpus(bytes: bytes, decodedPDUs: pdus)
    }
}
