// swift-tools-version:6.1
// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

// The codec and phone-number benchmarks (ordo-one/package-benchmark) and a plain harness that speaks the peer kit's
// protocol (`../shared/bench`). Run from this directory; see ../BENCHMARKS.md.
let package = Package(
    name: "mogate-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named explicitly: a path dependency's identity is its directory name, which differs between checkouts.
        .package(name: "mogate", path: "../"),
        // Resolves to /opt/swift-packages/ordo-one/benchmark.git here. "package-benchmark" is the legacy identity
        // (the plugin warns that it will be removed); the RuntimeInterposer trait is left off on purpose: it only
        // feeds the ARC metrics, which these benchmarks do not use.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "SMPPCodecBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SMPPCore", package: "mogate"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/SMPPCodecBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PhoneNumbersBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PhoneNumbers", package: "mogate"),
            ],
            path: "Benchmarks/PhoneNumbersBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SMPPCodecHarness",
            dependencies: [
                .product(name: "SMPPCore", package: "mogate"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Harness/SMPPCodecHarness",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
