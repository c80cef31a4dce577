// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// The body of bind_transmitter, bind_receiver and bind_transceiver (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5).
///
/// Wire example (bind_transceiver, system_id "smppclient1", password "password"):
/// `00 00 00 2F 00 00 00 09 00 00 00 00 00 00 00 01  73 6D 70 70 63 6C 69 65 6E 74 31 00
///  70 61 73 73 77 6F 72 64 00  00  34  00 00  00`
public struct Bind: Hashable, Sendable {
    /// `system_id`: C-Octet String, at most 16 octets with the NUL.
    public var systemID: String
    /// `password`: C-Octet String, at most 9 octets with the NUL.
    public var password: String
    /// `system_type`: C-Octet String, at most 13 octets with the NUL.
    public var systemType: String
    /// `interface_version`: 0x34 for SMPP 3.4; 0x00–0x33 mean 3.3 or earlier.
    public var interfaceVersion: UInt8
    /// `addr_ton`.
    public var addressTON: UInt8
    /// `addr_npi`.
    public var addressNPI: UInt8
    /// `address_range`: C-Octet String (a regular expression), at most 41 octets with the NUL.
    public var addressRange: String

    public init(
        systemID: String,
        password: String,
        systemType: String = "",
        interfaceVersion: UInt8 = 0x34,
        addressTON: UInt8 = 0,
        addressNPI: UInt8 = 0,
        addressRange: String = ""
    ) {
        self.systemID = systemID
        self.password = password
        self.systemType = systemType
        self.interfaceVersion = interfaceVersion
        self.addressTON = addressTON
        self.addressNPI = addressNPI
        self.addressRange = addressRange
    }

    // system_id          C-Octet String  max 16
    // password           C-Octet String  max 9
    // system_type        C-Octet String  max 13
    // interface_version  Integer 1
    // addr_ton           Integer 1
    // addr_npi           Integer 1
    // address_range      C-Octet String  max 41
    public init(decoding buffer: inout ByteBuffer) throws(SMPPDecodingError) {
        self.systemID = try buffer.readSMPPCString(maxLength: 16, field: .systemID)
        self.password = try buffer.readSMPPCString(maxLength: 9, field: .password)
        self.systemType = try buffer.readSMPPCString(maxLength: 13, field: .systemType)
        guard let (version, ton, npi) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8).self) else {
            throw .truncated(.interfaceVersion)
        }
        self.interfaceVersion = version
        self.addressTON = ton
        self.addressNPI = npi
        self.addressRange = try buffer.readSMPPCString(maxLength: 41, field: .addressRange)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(self.systemID)
        buffer.writeSMPPCString(self.password)
        buffer.writeSMPPCString(self.systemType)
        buffer.writeMultipleIntegers(self.interfaceVersion, self.addressTON, self.addressNPI)
        buffer.writeSMPPCString(self.addressRange)
    }
}
