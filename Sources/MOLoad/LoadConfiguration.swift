// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import SMPPNIO

/// Everything `mogate load` needs to run.
public struct LoadConfiguration: Sendable {
    /// Where the load comes from: binds to a server, or a listener that peers bind to.
    public enum Target: Sendable {
        /// Bind `sessions` times to an SMPP server (an SMSC-facing gateway such as `mogate serve`).
        case connect(host: String, port: Int, systemID: String, password: String, bindType: LoadBindType)
        /// Act as the SMSC: listen, wait for `sessions` binds, and push to them. Port 0 picks a free port.
        case listen(host: String, port: Int)
    }

    public var target: Target
    public var sessions: Int = 1
    /// Requests outstanding per session.
    public var window: Int = 10
    /// Messages per second over all sessions; nil sends as fast as the windows allow. A fixed rate is open-loop:
    /// latency counts from when a message was due, not from when it could be sent.
    public var rate: Double?
    /// How many messages to send; the run also ends at `duration`.
    public var count: Int?
    /// How long to send for, in seconds.
    public var duration: Double?
    public var command: LoadOperation = .deliverSM
    public var mix: MessageMix = .otp
    /// How long to wait for each response.
    public var responseTimeout: Double = 30
    /// With `.listen`: how long to wait for the binds.
    public var bindWait: Double = 60
    /// A pcap file every session writes its PDUs to.
    public var capture: SMPPCapture?

    public init(target: Target) {
        self.target = target
    }
}

public enum LoadBindType: String, CaseIterable, Sendable {
    case transmitter, transceiver
}
