// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import SMPPCore

/// The carrier emulator's settings: delivery to bound ESMEs and MT receipts. Routing, loopback and MT mode are
/// per account (``SMPPAccountEmulation``).
public struct EmulatorConfiguration: Sendable {
    /// Retries and polling of the ESME outbox.
    public var delivery = ESMEDeliveryService.Configuration()
    /// The outcomes and delays of MT messages (`--receipt-profile`, `--receipt-delay`).
    public var receiptProfile = ReceiptProfile.allDelivered
    /// Seeds the receipt profile and MT message ids (`--seed`); nil is random.
    public var seed: UInt64?
    /// The most MT messages held at once (`--mt-hold-limit`).
    public var mtHoldLimit = 100_000
    /// The `stat` of intermediate notifications (registered_delivery 0x10): ENROUTE, or ACCEPTD as some carriers
    /// send once the SMSC has taken the message (`--receipt-intermediate`).
    public var intermediateState = MessageState.enroute

    public init() {}
}
