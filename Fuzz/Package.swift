// swift-tools-version:5.4
// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

// libFuzzer targets, one executable each. A separate package so that the sanitizer flags reach only what the
// targets need, never the main build. Build and run them with ../scripts/fuzz.sh, which passes
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`; see the Fuzzing section of ../RELIABILITY.md.
//
// Tools version 5.4 on purpose: from 5.5 SwiftPM links executables with `--defsym main=<Target>_main` (testable
// executables), a symbol `-parse-as-library` never emits, so the link fails (swift-package-manager#8731).
// libFuzzer supplies `main`.

let package = Package(
    name: "mogate-fuzz",
    dependencies: [
        // Named explicitly: a path dependency's identity is its directory name, which differs between checkouts.
        .package(name: "mogate", path: "../"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzPDUCodec",
            dependencies: [
                .product(name: "SMPPCore", package: "mogate"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzText",
            dependencies: [.product(name: "SMPPCore", package: "mogate")]
        ),
        .executableTarget(
            name: "FuzzDeliveryReceipt",
            dependencies: [
                .product(name: "SMPPCore", package: "mogate"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzMSISDN",
            dependencies: [.product(name: "PhoneNumbers", package: "mogate")]
        ),
        .executableTarget(
            name: "FuzzSession",
            dependencies: [
                .product(name: "SMPPCore", package: "mogate"),
                .product(name: "SMPPNIO", package: "mogate"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
