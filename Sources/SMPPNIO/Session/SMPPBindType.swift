// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import SMPPCore

/// The three ways an ESME binds (SMPP 3.4 §4.1): what it may send and receive once bound.
public enum SMPPBindType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case transmitter
    case receiver
    case transceiver

    /// The bind request's command_id.
    public var commandID: CommandID {
        switch self {
        case .transmitter: .bindTransmitter
        case .receiver: .bindReceiver
        case .transceiver: .bindTransceiver
        }
    }

    /// The bind response's command_id.
    public var responseCommandID: CommandID {
        CommandID(rawValue: self.commandID.rawValue | CommandID.genericNack.rawValue)
    }

    /// The bind type a bind request or response command_id names, or nil for other commands.
    public init?(commandID: CommandID) {
        switch commandID {
        case .bindTransmitter, .bindTransmitterResponse: self = .transmitter
        case .bindReceiver, .bindReceiverResponse: self = .receiver
        case .bindTransceiver, .bindTransceiverResponse: self = .transceiver
        default: return nil
        }
    }

    /// Whether the ESME may send requests: submit_sm and its family (BOUND_TX, BOUND_TRX).
    public var canTransmit: Bool { self != .receiver }
    /// Whether the ESME may receive requests: deliver_sm and alert_notification (BOUND_RX, BOUND_TRX).
    public var canReceive: Bool { self != .transmitter }

    /// The spec's state name once bound this way: `BOUND_TX`, `BOUND_RX` or `BOUND_TRX`.
    public var boundStateName: String {
        switch self {
        case .transmitter: "BOUND_TX"
        case .receiver: "BOUND_RX"
        case .transceiver: "BOUND_TRX"
        }
    }

    /// A bind body of this type.
    public func request(_ bind: Bind) -> PDU.Body {
        switch self {
        case .transmitter: .bindTransmitter(bind)
        case .receiver: .bindReceiver(bind)
        case .transceiver: .bindTransceiver(bind)
        }
    }

    /// A successful bind response body of this type.
    public func response(_ response: BindResponse) -> PDU.Body {
        switch self {
        case .transmitter: .bindTransmitterResponse(response)
        case .receiver: .bindReceiverResponse(response)
        case .transceiver: .bindTransceiverResponse(response)
        }
    }

    public var description: String { self.rawValue }
}

/// Which end of the bind a session is.
public enum SMPPSessionRole: String, Hashable, Sendable {
    /// The SMSC side: peers bind to us (`mogate serve`).
    case smsc
    /// The ESME side: we bind to a peer (`--upstream`, `mogate send`).
    case esme
}
