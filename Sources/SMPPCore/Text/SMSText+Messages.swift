// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension SMSText.Segment {
    /// esm_class for a PDU that carries this part: UDHI (0x40) when its octets start with a UDH.
    public var esmClass: UInt8 { self.userDataHeader == nil ? 0 : 0x40 }

    /// `tlvs` with this part's sar_msg_ref_num, sar_total_segments and sar_segment_seqnum, for the SAR scheme.
    public func addingSAR(to tlvs: TLVList = TLVList()) -> TLVList {
        guard let sar = self.sar else { return tlvs }
        var tlvs = tlvs
        tlvs.sarMessageReferenceNumber = sar.reference
        tlvs.sarTotalSegments = sar.total
        tlvs.sarSegmentSequenceNumber = sar.sequence
        return tlvs
    }
}

extension SubmitSM {
    /// A submit_sm or deliver_sm carrying one part of split text: its octets in short_message, or in
    /// message_payload when they do not fit the 254 octets of sm_length; the UDHI bit; the SAR TLVs.
    public init(
        segment: SMSText.Segment,
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String,
        destinationAddressTON: UInt8 = 0,
        destinationAddressNPI: UInt8 = 0,
        destinationAddress: String,
        tlvs: TLVList = TLVList()
    ) {
        var tlvs = segment.addingSAR(to: tlvs)
        let bytes = ByteBuffer(bytes: segment.bytes)
        let usePayload = bytes.readableBytes > 254
        if usePayload { tlvs.messagePayload = bytes }
        self.init(
            sourceAddressTON: sourceAddressTON,
            sourceAddressNPI: sourceAddressNPI,
            sourceAddress: sourceAddress,
            destinationAddressTON: destinationAddressTON,
            destinationAddressNPI: destinationAddressNPI,
            destinationAddress: destinationAddress,
            esmClass: segment.esmClass,
            dataCoding: segment.dataCoding.rawValue,
            shortMessage: usePayload ? ByteBuffer() : bytes,
            tlvs: tlvs
        )
    }
}

extension DataSM {
    /// A data_sm carrying one part of split text in message_payload (data_sm has no short_message).
    public init(
        segment: SMSText.Segment,
        sourceAddressTON: UInt8 = 0,
        sourceAddressNPI: UInt8 = 0,
        sourceAddress: String,
        destinationAddressTON: UInt8 = 0,
        destinationAddressNPI: UInt8 = 0,
        destinationAddress: String,
        tlvs: TLVList = TLVList()
    ) {
        var tlvs = segment.addingSAR(to: tlvs)
        tlvs.messagePayload = ByteBuffer(bytes: segment.bytes)
        self.init(
            sourceAddressTON: sourceAddressTON,
            sourceAddressNPI: sourceAddressNPI,
            sourceAddress: sourceAddress,
            destinationAddressTON: destinationAddressTON,
            destinationAddressNPI: destinationAddressNPI,
            destinationAddress: destinationAddress,
            esmClass: segment.esmClass,
            dataCoding: segment.dataCoding.rawValue,
            tlvs: tlvs
        )
    }
}
