// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `mogate serve`'s carrier-emulator flags: MT outcomes and receipts. Routing, loopback and MT mode are account
/// options (`--account 'ID:PW?routes=4478&submit=mt'`).
struct EmulatorOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "MT outcomes: last-digit, or weights such as DELIVRD=90,UNDELIV=5,EXPIRED=3,REJECTD=2. Default DELIVRD=100."
    )
    var receiptProfile: String?

    @Option(
        name: .long,
        help: "Delay from submit_sm to the final state: 2s, 250ms or 100ms-3s (uniform). Default 100ms."
    )
    var receiptDelay: String?

    @Option(name: .long, help: "Seed for the receipt profile and MT message ids: the same seed repeats a run.")
    var seed: Int?

    @Option(name: .long, help: "MT messages held at once for query_sm/cancel_sm/replace_sm. Default 100000.")
    var mtHoldLimit: Int?

    @Option(
        name: .long,
        help: "The stat of intermediate notifications (registered_delivery 0x10): ENROUTE (default) or ACCEPTD."
    )
    var receiptIntermediate: String?
}
