// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOGateway
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// The bad-input catalogue, fields: a frame that is whole but whose body is wrong is answered with the status the
/// error names (SMPP 3.4 §5.1.3) and the session goes on; text that is odd but readable is delivered as it is.
@Suite("Bad input: fields", .serialized) struct CatalogueFieldTests {
    /// Binds, sends `bytes`, checks the answer's status, then sends a good MO on the same session.
    static func expect(
        _ status: CommandStatus,
        for bytes: [UInt8],
        on gateway: Hardening.Context,
        response: CommandID = .deliverSMResponse,
        delivered text: String? = nil
    ) async throws {
        let connection = try await RawConnection.connect(port: gateway.port)
        try await connection.bind()
        try await connection.send(bytes)
        let answer = try await connection.response(2)
        #expect(answer.commandID == response)
        #expect(answer.commandStatus == status, "expected \(status), got \(answer.commandStatus)")
        #expect(answer.sequenceNumber == 7)
        if answer.commandStatus == .ok, let text { gateway.acknowledged(text) }
        try await connection.send(PDU(sequenceNumber: 8, body: Hardening.deliver("same session")))
        #expect(try await connection.response(3).commandStatus == .ok, "the session goes on")
        gateway.acknowledged("same session")
        await connection.close()
    }

    @Test("an unknown command_id: generic_nack ESME_RINVCMDID with its sequence number")
    func unknownCommandID() async throws {
        try await Hardening.withGateway { gateway in
            try await Self.expect(
                .invalidCommandID,
                for: RawPDU.pdu(0x0000_0099, [1, 2, 3], sequence: 7),
                on: gateway,
                response: .genericNack
            )
        }
    }

    @Test("sm_length 255: ESME_RINVMSGLEN, bound or not")
    func smLength255() async throws {
        try await Hardening.withGateway { gateway in
            let body = RawPDU.deliverBody([UInt8](repeating: 0x41, count: 255), smLength: 255)
            try await Self.expect(.invalidMessageLength, for: RawPDU.deliver(body), on: gateway)
            // Before authentication too: the length is checked against the frame, never trusted.
            let unbound = try await RawConnection.connect(port: gateway.port)
            try await unbound.send(RawPDU.deliver(body))
            #expect(try await unbound.response().commandStatus == .invalidMessageLength)
            await unbound.close()
        }
    }

    @Test(
        "sm_length longer than the bytes: ESME_RINVMSGLEN; shorter: the rest is a bad TLV stream, ESME_RINVOPTPARSTREAM"
    )
    func smLengthDisagrees() async throws {
        try await Hardening.withGateway { gateway in
            try await Self.expect(
                .invalidMessageLength,
                for: RawPDU.deliver(RawPDU.deliverBody(smLength: 40)),
                on: gateway
            )
            try await Self.expect(
                .invalidOptionalParameterStream,
                for: RawPDU.deliver(RawPDU.deliverBody(smLength: 2)),
                on: gateway
            )
        }
    }

    @Test("a C-string without its NUL, and one over its maximum: ESME_RINVSRCADR")
    func cStrings() async throws {
        try await Hardening.withGateway { gateway in
            // source_addr runs to the end of the PDU: the NUL never comes.
            let unterminated = RawPDU.cString("") + [1, 1] + Array("447700900123447700900123447700900123".utf8)
            try await Self.expect(.invalidSourceAddress, for: RawPDU.deliver(unterminated), on: gateway)
            let long = RawPDU.deliverBody(source: RawPDU.cString(String(repeating: "4", count: 30)))
            try await Self.expect(.invalidSourceAddress, for: RawPDU.deliver(long), on: gateway)
        }
    }

    @Test("a TLV whose length overruns the PDU: ESME_RINVOPTPARSTREAM")
    func tlvOverrun() async throws {
        try await Hardening.withGateway { gateway in
            let body = RawPDU.deliverBody(tlvs: RawPDU.tlv(0x1403, Array("short".utf8), length: 200))
            try await Self.expect(.invalidOptionalParameterStream, for: RawPDU.deliver(body), on: gateway)
        }
    }

    @Test("a duplicated TLV and an unknown TLV: accepted, the unknown one kept in the record")
    func duplicatedAndUnknownTLV() async throws {
        try await Hardening.withGateway { gateway in
            let tlvs =
                RawPDU.tlv(0x1403, [0xCA, 0xFE]) + RawPDU.tlv(0x1403, [0xBE, 0xEF]) + RawPDU.tlv(0x0204, [0, 7])
                + RawPDU.tlv(0x0204, [0, 8])
            let body = RawPDU.deliverBody(Array("vendor tlv".utf8), tlvs: tlvs)
            try await Self.expect(.ok, for: RawPDU.deliver(body), on: gateway, delivered: "vendor tlv")
            try await Hardening.eventually("the record with the vendor TLV") {
                gateway.records().contains { $0.text == "vendor tlv" }
            }
            let record = try #require(gateway.records().first { $0.text == "vendor tlv" })
            #expect(record.smpp.tlvs["0x1403"] == "cafe", "the first of a repeated TLV wins; unknown tags are kept")
        }
    }

    @Test("short_message and message_payload together: ESME_RINVOPTPARAMVAL")
    func shortMessageAndPayload() async throws {
        try await Hardening.withGateway { gateway in
            let body = RawPDU.deliverBody(Array("short".utf8), tlvs: RawPDU.tlv(0x0424, Array("payload".utf8)))
            try await Self.expect(.invalidOptionalParameterValue, for: RawPDU.deliver(body), on: gateway)
        }
    }

    @Test("a lone UTF-16 surrogate and a GSM escape at the end: accepted, delivered with U+FFFD and a space")
    func oddText() async throws {
        try await Hardening.withGateway { gateway in
            let surrogate = RawPDU.deliverBody([0xD8, 0x3D, 0x00, 0x41], dataCoding: 8)
            try await Self.expect(.ok, for: RawPDU.deliver(surrogate), on: gateway, delivered: "\u{FFFD}A")
            let escape = RawPDU.deliverBody(GSM7.encodeUnpacked("abc")! + [0x1B])
            try await Self.expect(.ok, for: RawPDU.deliver(escape), on: gateway, delivered: "abc ")
        }
    }

    @Test("packed GSM whose fill bits do not match its UDH: accepted and delivered (the text cannot be checked)")
    func packedFillBitMismatch() async throws {
        try await Hardening.withGateway(configure: Hardening.Setup { $0.defaultAlphabet = .gsm7Packed }) { gateway in
            // A 16-bit port UDH (7 octets: 6 fill bits needed), but the text packed with none.
            let udh: [UInt8] = [0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0]
            let body = RawPDU.deliverBody(udh + GSM7.encodePacked("fill bits")!, esmClass: 0x40)
            let connection = try await RawConnection.connect(port: gateway.port)
            try await connection.bind()
            try await connection.send(RawPDU.deliver(body))
            #expect(try await connection.response(2).commandStatus == .ok)
            try await Hardening.eventually("the packed MO delivered") {
                gateway.records().contains { $0.dataCoding == 0 && $0.text != "before" && $0.text != nil }
            }
            await connection.close()
        }
    }

    @Test("a UDH whose length overruns the message, and concat IEs with total 0 or seq > total: delivered whole")
    func badUDH() async throws {
        try await Hardening.withGateway { gateway in
            let cases: [[UInt8]] = [
                [0x20, 0x00, 0x03] + Array("overrun".utf8),
                [0x05, 0x00, 0x03, 0x2A, 0x00, 0x01] + Array("total 0".utf8),
                [0x05, 0x00, 0x03, 0x2A, 0x02, 0x03] + Array("seq > total".utf8),
            ]
            for userData in cases {
                let body = RawPDU.deliverBody(userData, esmClass: 0x40)
                try await Self.expect(.ok, for: RawPDU.deliver(body), on: gateway)
            }
            try await Hardening.eventually("the three single-part records") {
                gateway.records().filter { $0.parts == 1 && $0.smpp.esmClass == 0x40 }.count == 3
            }
        }
    }
}
