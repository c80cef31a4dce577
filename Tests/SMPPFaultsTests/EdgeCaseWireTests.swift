// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import SMPPFaults
import SMPPNIO
import Testing

/// The protocol edge cases as the bytes a raw TCP peer receives.
@Suite struct EdgeCaseWireTests {
    /// Binds over raw TCP, sends one submit_sm (sequence 2), and returns the bytes of the frame after bind_resp.
    static func submitResponseBytes(_ edgeCase: FaultEdgeCase) async throws -> [UInt8] {
        var profile = FailureProfile(name: edgeCase.rawValue)
        profile.edgeCases = [.init(edgeCase: edgeCase, share: 1)]
        return try await FaultLoopback.withServer(FaultLoopback.configuration(profile: profile)) { address in
            let peer = try await RawBytesPeer(address)
            try await peer.send(
                PDU(sequenceNumber: 1, body: .bindTransceiver(Bind(systemID: "carrier1", password: "pw")))
            )
            let bindResponse = try await peer.waitFor(bytes: 16)
            let bindLength = Int(bindResponse.uint32(at: 0))
            _ = try await peer.waitFor(bytes: bindLength)
            #expect(bindResponse.uint32(at: 4) == CommandID.bindTransceiverResponse.rawValue)
            try await peer.send(PDU(sequenceNumber: 2, body: FaultLoopback.submit()))
            let all = try await peer.waitFor(bytes: bindLength + 16)
            await peer.close()
            return Array(all[bindLength...])
        }
    }

    @Test("bad_command_length: the response's command_length is 8")
    func badCommandLength() async throws {
        let bytes = try await Self.submitResponseBytes(.badCommandLength)
        #expect(bytes.uint32(at: 0) == 8)
        #expect(bytes.uint32(at: 4) == CommandID.submitSMResponse.rawValue)
        #expect(bytes.uint32(at: 12) == 2)
    }

    @Test("unknown_command_id: the response's command_id is 0x800000FF, its sequence number right")
    func unknownCommandID() async throws {
        let bytes = try await Self.submitResponseBytes(.unknownCommandID)
        #expect(bytes.uint32(at: 4) == 0x8000_00FF)
        #expect(bytes.uint32(at: 12) == 2)
        #expect(Int(bytes.uint32(at: 0)) == bytes.count)
    }

    @Test("wrong_sequence_number: submit_sm_resp with sequence 2 + 2^30")
    func wrongSequenceNumber() async throws {
        let bytes = try await Self.submitResponseBytes(.wrongSequenceNumber)
        #expect(bytes.uint32(at: 4) == CommandID.submitSMResponse.rawValue)
        #expect(bytes.uint32(at: 12) == 0x4000_0002)
    }

    @Test("our client copes: a bad command_length closes the session; a stray response times the request out")
    func clientSide() async throws {
        var broken = FailureProfile(name: "length")
        broken.edgeCases = [.init(edgeCase: .badCommandLength, share: 1)]
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: broken)) { address in
            let session = try await FaultLoopback.connect(address)
            await #expect(throws: SMPPError.self) { try await session.send(FaultLoopback.submit()) }
            try await session.closeFuture.get()
        }
        var stray = FailureProfile(name: "sequence")
        stray.edgeCases = [.init(edgeCase: .wrongSequenceNumber, share: 1)]
        try await FaultLoopback.withServer(FaultLoopback.configuration(profile: stray)) { address in
            let session = try await FaultLoopback.connect(address) { $0.responseTimeout = .seconds(3) }
            await #expect {
                try await session.send(FaultLoopback.submit())
            } throws: { error in
                (error as? SMPPError)?.code == .responseTimeout
            }
            #expect(session.channel.isActive)
            await session.close()
        }
    }
}
