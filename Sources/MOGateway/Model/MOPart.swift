// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// One part of a concatenated message, stored until its message is whole or the reassembly timeout passes.
public struct MOPart: Codable, Hashable, Sendable {
    /// What ties the parts of one message together: (account, source, destination, scheme, reference, total).
    public struct Key: Codable, Hashable, Sendable, CustomStringConvertible {
        public var systemID: String
        public var source: String
        public var destination: String
        /// `udh8`, `udh16` or `sar`.
        public var scheme: String
        public var reference: Int
        public var total: Int

        public init(systemID: String, source: String, destination: String, scheme: String, reference: Int, total: Int) {
            self.systemID = systemID
            self.source = source
            self.destination = destination
            self.scheme = scheme
            self.reference = reference
            self.total = total
        }

        /// One string for the store's index.
        public var description: String {
            "\(self.systemID)\u{1F}\(self.source)\u{1F}\(self.destination)\u{1F}\(self.scheme)\u{1F}\(self.reference)\u{1F}\(self.total)"
        }
    }

    public var key: Key
    /// 1-based part number.
    public var sequence: Int
    /// This part as a record of its own (addresses, envelope, data_coding), with no text: assembly takes the
    /// envelope of the first part and the user data of all.
    public var record: MORecord
    /// The part's user data with any UDH removed (unpacked; packed GSM is unpacked before it is stored).
    public var payload: [UInt8]

    public init(key: Key, sequence: Int, record: MORecord, payload: [UInt8]) {
        self.key = key
        self.sequence = sequence
        self.record = record
        self.payload = payload
    }

    /// When the part arrived.
    public var receivedAt: Date { self.record.receivedAt }
}
