// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of submit_multi_resp (SMPP 3.4 §4.5.2): the message id and the destinations that failed.
public struct SubmitMultiResponse: Hashable, Sendable {
    /// One entry of `unsuccess_sme` (§4.5.2.1).
    public struct UnsuccessfulSME: Hashable, Sendable {
        /// `dest_addr_ton`.
        public var destinationAddressTON: UInt8
        /// `dest_addr_npi`.
        public var destinationAddressNPI: UInt8
        /// `destination_addr`: C-Octet String, at most 21 octets with the NUL.
        public var destinationAddress: String
        /// `error_status_code`: why this destination failed.
        public var errorStatusCode: CommandStatus

        public init(
            destinationAddressTON: UInt8 = 0,
            destinationAddressNPI: UInt8 = 0,
            destinationAddress: String,
            errorStatusCode: CommandStatus
        ) {
            self.destinationAddressTON = destinationAddressTON
            self.destinationAddressNPI = destinationAddressNPI
            self.destinationAddress = destinationAddress
            self.errorStatusCode = errorStatusCode
        }
    }

    /// `message_id`: C-Octet String, at most 65 octets with the NUL.
    public var messageID: String
    /// `unsuccess_sme` (`no_unsuccess` is written from it).
    public var unsuccessful: [UnsuccessfulSME]

    public init(messageID: String, unsuccessful: [UnsuccessfulSME] = []) {
        self.messageID = messageID
        self.unsuccessful = unsuccessful
    }

    // message_id     C-Octet String  max 65
    // no_unsuccess   Integer 1
    // unsuccess_sme  no_unsuccess × (dest_addr_ton 1, dest_addr_npi 1, destination_addr max 21, error_status_code 4)
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.messageID = try buffer.readSMPPCString(maxLength: 65, field: .messageID)
        let count = try buffer.readSMPPUInt8(.numberOfUnsuccessful)
        var unsuccessful: [UnsuccessfulSME] = []
        unsuccessful.reserveCapacity(Int(count))
        for _ in 0..<count {
            let ton = try buffer.readSMPPUInt8(.destinationAddressTON)
            let npi = try buffer.readSMPPUInt8(.destinationAddressNPI)
            let address = try buffer.readSMPPCString(maxLength: 21, field: .destinationAddress)
            guard let status = buffer.readInteger(as: UInt32.self) else { throw .truncated(.errorStatusCode) }
            unsuccessful.append(
                UnsuccessfulSME(
                    destinationAddressTON: ton,
                    destinationAddressNPI: npi,
                    destinationAddress: address,
                    errorStatusCode: CommandStatus(rawValue: status)
                )
            )
        }
        self.unsuccessful = unsuccessful
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.messageID)
        buffer.writeInteger(UInt8(truncatingIfNeeded: self.unsuccessful.count))
        for sme in self.unsuccessful {
            buffer.writeMultipleIntegers(sme.destinationAddressTON, sme.destinationAddressNPI)
            buffer.writeSMPPCString(sme.destinationAddress)
            buffer.writeInteger(sme.errorStatusCode.rawValue)
        }
    }
}
