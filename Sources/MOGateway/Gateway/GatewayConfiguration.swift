// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import PhoneNumbers
public import SMPPCore
public import SMPPNIO

/// Everything `mogate serve` runs, with the embedded defaults: SMPP on :2775, HTTP on :8080, the store under
/// `./.mogate/`, durability `fsync`, answers after the store.
public struct GatewayConfiguration: Sendable {
    public var smpp = SMPPServer.Configuration()
    /// Upstream SMSCs to bind to as an ESME.
    public var upstreams: [SMPPClient.Configuration] = []
    public var httpHost = "0.0.0.0"
    /// The HTTP API's port; 0 picks a free one (tests).
    public var httpPort = 8080
    public var store = SQLiteMessageStore.Configuration(
        dataDirectory: SQLiteMessageStore.Configuration.defaultDataDirectory
    )
    /// Where MO are delivered; nil logs them instead (until the built-in verifier is the default target).
    public var webhook: WebhookConfiguration?
    /// The HTTP client webhooks go through.
    public var webhookTransport = WebhookTransportKind.nio
    /// The country national numbers belong to.
    public var defaultCountry = RegionCode("GB")!
    /// What data_coding 0 means for the peers.
    public var defaultAlphabet = DefaultAlphabet.gsm7Unpacked
    public var ackMode = MOIngestHandler.AckMode.stored
    /// How long the parts of a long message are waited for before what arrived is forwarded.
    public var reassemblyTimeout: Duration = .seconds(300)
    /// How long delivered records stay in the store (and in `GET /v1/messages/{id}`). Default 7 days.
    public var retention: Duration = .seconds(7 * 86_400)
    /// When set, `/v1/…` wants `Authorization: Bearer <token>`.
    public var adminToken: String?
    /// The carrier emulator: MO to bound ESMEs, loopback, MT and receipts.
    public var emulator = EmulatorConfiguration()

    public init() {}
}
