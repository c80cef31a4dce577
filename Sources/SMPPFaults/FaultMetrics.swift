// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Metrics
public import SMPPCore

/// `mogate_faults_injected_total{kind, status}`: every fault a profile injected.
public enum FaultMetrics {
    public static let label = "mogate_faults_injected_total"

    /// The kinds, as the `kind` label spells them.
    public enum Kind: String, Sendable {
        case latency
        case error
        case throttled
        case noResponse = "no_response"
        case bindRefusal = "bind_refusal"
        case disconnect
        case enquireLinkSilence = "enquire_link_silence"
        case throughputDelay = "throughput_delay"
        case badCommandLength = "bad_command_length"
        case unknownCommandID = "unknown_command_id"
        case wrongSequenceNumber = "wrong_sequence_number"

        public init(_ edgeCase: FaultEdgeCase) {
            switch edgeCase {
            case .badCommandLength: self = .badCommandLength
            case .unknownCommandID: self = .unknownCommandID
            case .wrongSequenceNumber: self = .wrongSequenceNumber
            }
        }
    }

    public static func record(_ kind: Kind, status: CommandStatus? = nil) {
        var dimensions = [("kind", kind.rawValue)]
        if let status { dimensions.append(("status", status.name ?? "\(status.rawValue)")) }
        Counter(label: Self.label, dimensions: dimensions).increment()
    }
}
