// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The measuring loop behind `mogate bench`, and the decode and encode passes it times.
enum CodecBenchmark {
    /// What one pass over the corpus did.
    struct Pass {
        var pdus = 0
        var bytes = 0
        /// Folded from the fields each PDU yielded, so the work cannot be optimised away.
        var checksum: UInt64 = 0
    }

    /// Totals over the timed passes.
    struct Result {
        var passes = 0
        var pdus = 0
        var bytes = 0
        var duration = Duration.zero
        var checksum: UInt64 = 0

        var seconds: Double {
            let (whole, fraction) = self.duration.components
            return Double(whole) + Double(fraction) / 1e18
        }
        var pdusPerSecond: Double { Double(self.pdus) / self.seconds }
        var nanosecondsPerPDU: Double { self.seconds * 1e9 / Double(self.pdus) }
        var megabytesPerSecond: Double { Double(self.bytes) / self.seconds / 1e6 }

        /// `{"pdus_per_s": …, "ns_per_pdu": …, "mb_per_s": …, "pdus": …}`.
        var json: String {
            "{\"pdus_per_s\": \(Int(self.pdusPerSecond.rounded())), \"ns_per_pdu\": \(fixed(self.nanosecondsPerPDU)), "
                + "\"mb_per_s\": \(fixed(self.megabytesPerSecond)), \"pdus\": \(self.pdus)}"
        }

        func summary(operation: String, file: String) -> String {
            """
            \(operation) \(file): \(self.pdus / max(self.passes, 1)) PDUs, \
            \(self.bytes / max(self.passes, 1)) octets per pass; \(self.passes) passes in \(fixed(self.seconds)) s
              \(Int(self.pdusPerSecond.rounded())) PDUs/s  \(fixed(self.nanosecondsPerPDU)) ns/PDU  \
            \(fixed(self.megabytesPerSecond)) MB/s  (checksum \(String(self.checksum, radix: 16)))
            """
        }
    }

    /// Runs one untimed warm-up pass, which also sets how many passes to run between clock reads,
    /// then whole passes until `seconds` have elapsed.
    static func run(seconds: Double, pass: () -> Pass) -> Result {
        let clock = ContinuousClock()
        let warmUp = clock.measure { blackHole(pass().checksum) }
        // Read the clock about every 10 ms: often enough to stop on time, rarely enough not to matter.
        let passesPerCheck = max(1, Int(Duration.milliseconds(10) / max(warmUp, .nanoseconds(1))))
        let budget = Duration.seconds(seconds)
        var result = Result()
        let start = clock.now
        repeat {
            for _ in 0..<passesPerCheck {
                let outcome = pass()
                result.pdus += outcome.pdus
                result.bytes += outcome.bytes
                result.checksum &+= outcome.checksum
            }
            result.passes += passesPerCheck
            result.duration = clock.now - start
        } while result.duration < budget
        blackHole(result.checksum)
        return result
    }

    /// Frames `corpus` by command_length and decodes every PDU as the session does (`PDU.decodeEach`: one access to
    /// the bytes per pass), touching what a gateway reads. Stops at the first command_length that cannot be framed.
    static func decodePass(_ corpus: ByteBuffer) -> Pass {
        var buffer = corpus
        var pass = Pass()
        var checksum: UInt64 = 0
        let maximum = SMPPFrameDecoder.defaultMaximumPDULength
        let pdus = try? PDU.decodeEach(from: &buffer, maximumLength: maximum) { result, octets in
            switch result {
            case .pdu(let pdu):
                checksum &+= Self.touch(pdu, octets)
            case .malformed(let header, let error):
                checksum &+= UInt64(header.sequenceNumber) &+ UInt64(error.commandStatus.rawValue)
            }
        }
        pass.pdus = pdus ?? 0
        pass.checksum = checksum
        pass.bytes = corpus.readableBytes - buffer.readableBytes
        return pass
    }

    /// Decodes every well-formed PDU of `corpus`, for the encode benchmark.
    static func decodeAll(_ corpus: ByteBuffer) -> [PDU] {
        var buffer = corpus
        var pdus: [PDU] = []
        while let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self), length >= PDUHeader.length,
            var frame = buffer.readSlice(length: Int(length))
        {
            if case .pdu(let pdu) = PDU.decode(from: &frame) { pdus.append(pdu) }
        }
        return pdus
    }

    /// Writes every PDU into `buffer`, cleared before each one, as a session's outbound buffer is reused.
    static func encodePass(_ pdus: [PDU], into buffer: inout ByteBuffer) -> Pass {
        var pass = Pass()
        for pdu in pdus {
            buffer.clear()
            pdu.write(to: &buffer)
            pass.pdus += 1
            pass.bytes += buffer.readableBytes
            pass.checksum &+= UInt64(buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) ?? 0)
        }
        return pass
    }

    /// The fields an MO gateway reads from every PDU: command id, sequence, addresses, esm_class,
    /// data_coding, the short_message length and the number of TLVs.
    private static func touch(_ pdu: PDU, _ octets: SubmitSM.UnsafeOctets?) -> UInt64 {
        var sum = UInt64(pdu.commandID.rawValue) &+ UInt64(pdu.sequenceNumber)
        switch pdu.body {
        case .deliverSM(let message), .submitSM(let message):
            // The octets decodeEach lends, as the C peers read char arrays; `sourceAddress` makes a String on demand.
            sum &+= UInt64(message.esmClass) << 8 &+ UInt64(message.dataCoding) << 16
            if let octets {
                sum &+= UInt64(octets.sourceAddress.count) &+ UInt64(octets.destinationAddress.count)
                sum &+= UInt64(octets.shortMessage.count)
                for _ in octets.tlvs { sum &+= 1 }
            }
        case .dataSM(let message):
            sum &+= UInt64(message.sourceAddress.utf8.count) &+ UInt64(message.destinationAddress.utf8.count)
            sum &+= UInt64(message.esmClass) << 8 &+ UInt64(message.dataCoding) << 16
            sum &+= Self.count(message.tlvs)
        default:
            break
        }
        return sum
    }

    private static func count(_ tlvs: TLVList) -> UInt64 {
        var count: UInt64 = 0
        for _ in tlvs { count += 1 }
        return count
    }
}

/// Keeps a value alive for the optimiser without doing anything with it.
///
/// `@_optimize(none)` stops the compiler from seeing through the call and deleting the work that produced
/// `value`; the same device as swift-benchmark's `blackHole`.
@_optimize(none)
func blackHole(_ value: UInt64) {}

/// `value` with two decimals, e.g. `81.25`.
func fixed(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
}
