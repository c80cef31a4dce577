// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// One SMPP 3.4 protocol data unit: the header fields and a typed body (SMPP 3.4 §3.2).
///
/// `command_length` is not stored: it is computed when the PDU is written. `command_id` follows from the body;
/// it is kept beside it because reading it back out of the enum costs more than the rest of a header.
public struct PDU: Hashable, Sendable {
    /// `command_status`: ESME_ROK in requests; the outcome in responses.
    public var commandStatus: CommandStatus
    /// `sequence_number`: a response echoes its request's number.
    public var sequenceNumber: UInt32
    /// The operation and its fields.
    public var body: Body {
        didSet { self.commandID = self.body.commandID }
    }
    /// `command_id`, which follows from the body.
    public private(set) var commandID: CommandID

    public init(sequenceNumber: UInt32, commandStatus: CommandStatus = .ok, body: Body) {
        self.init(sequenceNumber: sequenceNumber, commandStatus: commandStatus, body: body, commandID: body.commandID)
    }

    /// A PDU whose `command_id` the caller has read from the wire, and which `body` was decoded for.
    init(sequenceNumber: UInt32, commandStatus: CommandStatus, body: Body, commandID: CommandID) {
        self.commandStatus = commandStatus
        self.sequenceNumber = sequenceNumber
        self.body = body
        self.commandID = commandID
    }
}

/// The four header fields (SMPP 3.4 §3.2), as read from the wire.
public struct PDUHeader: Hashable, Sendable {
    /// The size of the header: four 32-bit fields.
    public static let length = 16

    /// `command_length`: the whole PDU in octets, header included.
    public var commandLength: UInt32
    public var commandID: CommandID
    public var commandStatus: CommandStatus
    public var sequenceNumber: UInt32

    public init(commandLength: UInt32, commandID: CommandID, commandStatus: CommandStatus, sequenceNumber: UInt32) {
        self.commandLength = commandLength
        self.commandID = commandID
        self.commandStatus = commandStatus
        self.sequenceNumber = sequenceNumber
    }
}
