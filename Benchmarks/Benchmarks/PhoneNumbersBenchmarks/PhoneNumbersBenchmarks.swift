// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import PhoneNumbers

// PhoneNumberNormalizer.normalize on the address shapes of issue 4, for numbers of GB, IT, RU, AR and US.
//
// One measured iteration = 1,000 addresses (`scalingFactor: .kilo`), cycling through the inputs, which are octet
// arrays built before the measurement, as an SMPP decoder hands them over. The default text output is per address;
// mallocCountTotal in Thresholds/<toolchain>/ is per 1,000 addresses and must stay 0: normalizing never allocates.

/// Addresses per measured iteration; equals `scalingFactor`.
private let addressesPerIteration = 1_000

/// One input: the octets, the TON and the normalizer of the receiving gateway's default country.
private struct Input {
    var octets: [UInt8]
    var ton: TypeOfNumber
    var normalizer: PhoneNumberNormalizer

    init(_ region: String, _ ton: UInt8, _ address: String) {
        self.octets = Array(address.utf8)
        self.ton = TypeOfNumber(rawValue: ton)
        self.normalizer = PhoneNumberNormalizer(defaultRegion: RegionCode(region)!)
    }
}

/// TON 1: digits with the calling code, as most SMSCs send MO senders.
private let international = [
    Input("GB", 1, "447700900123"), Input("IT", 1, "393123456789"), Input("RU", 1, "79123456789"),
    Input("AR", 1, "5491123456789"), Input("US", 1, "12015550123"), Input("IT", 1, "390612345678"),
]

/// TON 2: national format with trunk prefixes, Argentina's 15 → 9 transform and Italy's kept 0.
private let national = [
    Input("GB", 2, "07700900123"), Input("IT", 2, "3123456789"), Input("RU", 2, "89123456789"),
    Input("AR", 2, "0111523456789"), Input("US", 2, "12015550123"), Input("IT", 2, "0612345678"),
]

/// TON 0: `+`, IDD prefixes (00, 810, 011), national format and bare calling-code digits.
private let unknown = [
    Input("GB", 0, "+447700900123"), Input("GB", 0, "00447700900123"), Input("GB", 0, "07700900123"),
    Input("GB", 0, "447700900123"), Input("RU", 0, "81079123456789"), Input("RU", 0, "89123456789"),
    Input("US", 0, "01144 7700 900123"), Input("US", 0, "2015550123"), Input("AR", 0, "0111523456789"),
    Input("IT", 0, "+39 06 1234 5678"),
]

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .instructions, .mallocCountTotal],
        warmupIterations: 20,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000,
        thresholds: [
            // Allocations are deterministic: any malloc per 1,000 addresses is a regression.
            .mallocCountTotal: .init(absolute: [.p90: 0])
        ]
    )
    normalizeBenchmark("Normalize TON 1 international", international, configuration)
    normalizeBenchmark("Normalize TON 2 national", national, configuration)
    normalizeBenchmark("Normalize TON 0 mixed shapes", unknown, configuration)
}

private func normalizeBenchmark(_ name: String, _ inputs: [Input], _ configuration: Benchmark.Configuration) {
    // Every input must be valid, or the benchmark would time an error path.
    for input in inputs {
        precondition(input.normalizer.normalize(octets: input.octets, ton: input.ton).isValid, "\(input.octets)")
    }
    var index = 0
    Benchmark(name, configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let input = inputs[index]
            blackHole(input.normalizer.normalize(octets: input.octets, ton: input.ton))
            index += 1
            if index == inputs.count { index = 0 }
        }
    }
}
