// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
import SMPPCore
public import SMPPFaults

/// The per-session settings shared by the server and the client.
public struct SMPPSessionConfiguration: Sendable {
    /// The largest command_length accepted; longer gets `generic_nack ESME_RINVCMDLEN` and a close.
    public var maximumPDULength: Int = SMPPFrameDecoder.defaultMaximumPDULength
    /// The most requests we send that may wait for a response at once; more wait in a queue.
    public var windowSize: Int = 10
    /// The most peer requests being handled at once; beyond it the session stops reading until one is answered.
    public var inboundWindowSize: Int = 100
    /// How long a connection may stay unbound (SMSC side) before it is closed.
    public var bindTimeout: TimeAmount = .seconds(30)
    /// Inactivity after which an enquire_link is sent.
    public var enquireLinkInterval: TimeAmount = .seconds(30)
    /// How long a request we sent may wait for its response. An unanswered enquire_link closes the session.
    public var responseTimeout: TimeAmount = .seconds(10)
    /// How long an unbind may take, including answering the requests in flight, before the connection is closed.
    public var unbindTimeout: TimeAmount = .seconds(5)
    /// Accept MO in either direction (deliver_sm from a transmitter, submit_sm to a receiver); see
    /// `SMPPSessionStateMachine.acceptsMOInEitherDirection`.
    public var acceptsMOInEitherDirection: Bool = true
    /// The `system_id` we announce: in bind_resp (SMSC) or the default for outbind.
    public var localSystemID: String = "mogate"
    /// The failure profile sessions run under, unless their account names its own; shared by copies.
    public var faults = FaultInjector()
    /// A pcap file that receives every octet the session reads and writes, in clear (``SMPPCapture``).
    public var capture: SMPPCapture? = nil

    public init() {}
}

/// What a session knows about itself, handed to request handlers.
public struct SMPPSessionInfo: Hashable, Sendable, CustomStringConvertible {
    /// Unique within the process, for logs and metrics.
    public var id: UInt64
    public var role: SMPPSessionRole
    /// The peer's system_id (SMSC side) or ours (ESME side).
    public var systemID: String
    public var bindType: SMPPBindType
    /// The peer's address as `ip:port`, when known.
    public var remoteAddress: String?
    /// The bind's `address_range` (SMPP 3.4 §5.2.7): the addresses the ESME serves, as a regular expression;
    /// empty when it gave none. The SMSC routes MO to receivers by it.
    public var addressRange: String

    public init(
        id: UInt64,
        role: SMPPSessionRole,
        systemID: String,
        bindType: SMPPBindType,
        remoteAddress: String?,
        addressRange: String = ""
    ) {
        self.id = id
        self.role = role
        self.systemID = systemID
        self.bindType = bindType
        self.remoteAddress = remoteAddress
        self.addressRange = addressRange
    }

    public var description: String {
        "session \(self.id) \(self.systemID) \(self.bindType.boundStateName) \(self.remoteAddress ?? "-")"
    }
}
