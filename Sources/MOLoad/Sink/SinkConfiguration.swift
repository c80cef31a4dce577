// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Everything `mogate sink` needs: where it listens, how it checks requests, and the failures it injects.
public struct SinkConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port.
    public var port: Int = 9090
    /// The format to expect; `auto` tells them apart by method and content type.
    public var format: SinkFormat = .auto
    /// When set, a POST must carry a valid `X-MOGate-Signature`, or it is answered 401 and not counted.
    public var secret: String?
    /// How far a signature's timestamp may be from the sink's clock, seconds.
    public var signatureTolerance: Double = 300
    public var failures = SinkFailures()

    public init() {}
}

/// The webhook formats the sink reads.
public enum SinkFormat: String, CaseIterable, Sendable {
    /// By the request: JSON content is `json`, a form body is `jasmin`, a GET with a query is `kannel`.
    case auto
    /// mogate's JSON v1: `id` and `text` from the body.
    case json
    /// Jasmin's form: `id` and `content`; acknowledged by the body `ACK/Jasmin`.
    case jasmin
    /// A Kannel `get-url`/`post-url`: the query (or form) fields `id` and `text` (or `content`), with `coding=2`
    /// meaning UTF-16BE bytes.
    case kannel
}

/// Failures to inject, for reliability runs. Each request draws its fate at random, with a fixed seed.
public struct SinkFailures: Sendable {
    /// The share of requests answered 503 (0…1).
    public var errorRate: Double = 0
    /// The share of requests answered only after `slowDelay` (0…1).
    public var slowRate: Double = 0
    /// How long a slow answer waits, seconds.
    public var slowDelay: Double = 1
    /// An outage: every request is answered 503 from `outageAfter` seconds after the first request, for
    /// `outageFor` seconds.
    public var outageAfter: Double?
    public var outageFor: Double = 0
    public var seed: UInt64 = 42

    public init() {}
}
