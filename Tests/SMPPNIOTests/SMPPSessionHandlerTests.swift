// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOEmbedded
import SMPPCore
import SMPPTestSupport
import Testing

@testable import SMPPNIO

/// The session handler against a scripted peer, one rule per test.
@Suite struct SMPPSessionHandlerTests {
    private let accounts = [SMPPAccount(systemID: "carrier1", password: "secret")]

    private func boundChannel(
        handler: any SMPPRequestHandler = SMPPAcceptingRequestHandler(),
        accounts: [SMPPAccount]? = nil,
        type: SMPPBindType = .transceiver
    ) async throws -> (NIOAsyncTestingChannel, OutboundPDUs) {
        let channel = try await SessionFixtures.channel(handler: handler, accounts: accounts ?? self.accounts)
        var out = OutboundPDUs(channel)
        try await channel.writeInbound(PDU(sequenceNumber: 1, body: type.request(SessionFixtures.bind())))
        let response = try await out.next()
        #expect(response.commandID == type.responseCommandID)
        #expect(response.commandStatus == .ok)
        return (channel, out)
    }

    @Test("a good bind is answered with system_id and sc_interface_version 0x34")
    func bind() async throws {
        let channel = try await SessionFixtures.channel(accounts: self.accounts)
        var out = OutboundPDUs(channel)
        try await channel.writeInbound(PDU(sequenceNumber: 7, body: .bindTransceiver(SessionFixtures.bind())))
        let response = try await out.next()
        #expect(response.sequenceNumber == 7)
        guard case .bindTransceiverResponse(let body) = response.body else {
            Issue.record("expected bind_transceiver_resp, got \(response.body)")
            return
        }
        #expect(body.systemID == "mogate")
        #expect(body.tlvs.scInterfaceVersion == 0x34)
    }

    @Test("wrong credentials get RINVSYSID or RINVPASWD as a bare header, then the connection closes")
    func refusedBind() async throws {
        for (bind, status) in [
            (SessionFixtures.bind("nobody", "secret"), CommandStatus.invalidSystemID),
            (SessionFixtures.bind("carrier1", "wrong"), CommandStatus.invalidPassword),
        ] {
            let channel = try await SessionFixtures.channel(accounts: self.accounts)
            var out = OutboundPDUs(channel)
            try await channel.writeInbound(PDU(sequenceNumber: 3, body: .bindTransmitter(bind)))
            let response = try await out.next()
            #expect(response.commandStatus == status)
            #expect(response.body == .emptyResponse(.bindTransmitterResponse))
            try await channel.closeFuture.get()
        }
    }

    @Test("submit_sm before bind gets submit_sm_resp ESME_RINVBNDSTS and the session stays open")
    func submitBeforeBind() async throws {
        let channel = try await SessionFixtures.channel()
        var out = OutboundPDUs(channel)
        try await channel.writeInbound(PDU(sequenceNumber: 5, body: .submitSM(SessionFixtures.submitSM())))
        let response = try await out.next()
        #expect(response.commandID == .submitSMResponse)
        #expect(response.commandStatus == .invalidBindStatus)
        #expect(response.sequenceNumber == 5)
        #expect(channel.isActive)
    }

    @Test("a second bind gets ESME_RALYBND")
    func secondBind() async throws {
        var (channel, out) = try await self.boundChannel()
        try await channel.writeInbound(PDU(sequenceNumber: 2, body: .bindReceiver(SessionFixtures.bind())))
        let response = try await out.next()
        #expect(response.commandID == .bindReceiverResponse)
        #expect(response.commandStatus == .alreadyBound)
    }

    @Test("an unknown command_id gets generic_nack ESME_RINVCMDID with its sequence number")
    func unknownCommand() async throws {
        var (channel, out) = try await self.boundChannel()
        try await channel.writeInbound(ByteBuffer.smppPDU(0x0000_0777, sequence: 42) { $0.writeString("junk") })
        let response = try await out.next()
        #expect(response.commandID == .genericNack)
        #expect(response.commandStatus == .invalidCommandID)
        #expect(response.sequenceNumber == 42)
        try await channel.writeInbound(PDU(sequenceNumber: 43, body: .enquireLink))
        #expect(try await out.next().commandID == .enquireLinkResponse)
    }

    @Test("a malformed body gets its own response with the codec's status, and the session goes on")
    func malformedBody() async throws {
        var (channel, out) = try await self.boundChannel()
        // submit_sm whose sm_length (255) is invalid.
        let bad = ByteBuffer.smppPDU(0x0000_0004, sequence: 9) { buffer in
            buffer.writeCString("")
            buffer.writeBytes([1, 1])
            buffer.writeCString("447700900123")
            buffer.writeBytes([1, 1])
            buffer.writeCString("447860000000")
            buffer.writeBytes([0, 0, 0])
            buffer.writeCString("")
            buffer.writeCString("")
            buffer.writeBytes([0, 0, 0, 0, 255])
        }
        try await channel.writeInbound(bad)
        let response = try await out.next()
        #expect(response.commandID == .submitSMResponse)
        #expect(response.commandStatus == .invalidMessageLength)
        #expect(response.sequenceNumber == 9)
        try await channel.writeInbound(PDU(sequenceNumber: 10, body: .enquireLink))
        #expect(try await out.next().commandID == .enquireLinkResponse)
    }

    @Test("command_length over the maximum (\"HTTP\") gets generic_nack ESME_RINVCMDLEN and a close")
    func oversizedLength() async throws {
        let channel = try await SessionFixtures.channel()
        var out = OutboundPDUs(channel)
        try await channel.writeInbound(ByteBuffer(string: "HTTP/1.1 GET /"))
        let response = try await out.next()
        #expect(response.commandID == .genericNack)
        #expect(response.commandStatus == .invalidCommandLength)
        try await channel.closeFuture.get()
    }

    @Test("command_length under 16 gets generic_nack ESME_RINVCMDLEN and a close")
    func undersizedLength() async throws {
        let channel = try await SessionFixtures.channel()
        var out = OutboundPDUs(channel)
        try await channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 8, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1]))
        #expect(try await out.next().commandStatus == .invalidCommandLength)
        try await channel.closeFuture.get()
    }

    @Test("an MO is answered only when the handler completes, with its status and message id")
    func answerAfterHandler() async throws {
        let handler = HeldRequestHandler()
        var (channel, out) = try await self.boundChannel(handler: handler)
        try await channel.writeInbound(PDU(sequenceNumber: 2, body: .submitSM(SessionFixtures.submitSM())))
        try await channel.writeInbound(PDU(sequenceNumber: 3, body: .deliverSM(SessionFixtures.submitSM())))
        #expect(handler.requests.count == 2)
        #expect(handler.requests.first?.session.systemID == "carrier1")
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
        handler.answerNext(.ok(messageID: "mo-1"))
        let first = try await out.next()
        #expect(first.sequenceNumber == 2)
        #expect(first.body == .submitSMResponse(SubmitSMResponse(messageID: "mo-1")))
        handler.answerNext(.failed(.messageQueueFull))
        let second = try await out.next()
        #expect(second.sequenceNumber == 3)
        #expect(second.commandStatus == .messageQueueFull)
        #expect(second.body == .emptyResponse(.deliverSMResponse))
    }

    @Test("answers completed together, as one store commit completes them, leave in one write")
    func answersCoalesce() async throws {
        let handler = HeldRequestHandler()
        let (channel, _) = try await self.boundChannel(handler: handler)
        for sequence in 2...11 {
            try await channel.writeInbound(
                PDU(sequenceNumber: UInt32(sequence), body: .deliverSM(SessionFixtures.submitSM()))
            )
        }
        #expect(handler.requests.count == 10)
        try await channel.eventLoop.submit {
            for index in 0..<10 { handler.answerNext(.ok(messageID: "mo-\(index)")) }
        }.get()
        var written = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        var decoder = SMPPFrameDecoder()
        var sequences: [UInt32] = []
        while case .pdu(let pdu)? = try decoder.decode(buffer: &written) { sequences.append(pdu.sequenceNumber) }
        #expect(sequences == Array(2...11), "all ten answers in the first write")
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test("a failed handler future is answered ESME_RX_T_APPN; a data_sm gets a message id of its own")
    func handlerFailure() async throws {
        let handler = HeldRequestHandler()
        var (channel, out) = try await self.boundChannel(handler: handler)
        try await channel.writeInbound(PDU(sequenceNumber: 2, body: .submitSM(SessionFixtures.submitSM())))
        handler.failNext(SMPPError(code: .sessionClosed))
        #expect(try await out.next().commandStatus == .temporaryAppError)
        let dataSM = DataSM(sourceAddress: "447700900123", destinationAddress: "447860000000")
        try await channel.writeInbound(PDU(sequenceNumber: 3, body: .dataSM(dataSM)))
        handler.answerNext(.ok)
        guard case .dataSMResponse(let body) = try await out.next().body else {
            Issue.record("expected data_sm_resp")
            return
        }
        #expect(!body.messageID.isEmpty)
    }

    @Test("messages over the account's rate get ESME_RTHROTTLED, and a long message counts its segments")
    func throttling() async throws {
        // A burst of 3 and one token per 100 s: the test does not depend on how fast the machine is.
        let limited = [SMPPAccount(systemID: "carrier1", password: "secret", messagesPerSecond: 0.01, burst: 3)]
        var (channel, out) = try await self.boundChannel(accounts: limited)
        var long = SessionFixtures.submitSM(text: "")
        long.tlvs.messagePayload = ByteBuffer(repeating: UInt8(ascii: "a"), count: 300)  // 2 segments
        try await channel.writeInbound(PDU(sequenceNumber: 2, body: .submitSM(long)))
        #expect(try await out.next().commandStatus == .ok)
        try await channel.writeInbound(PDU(sequenceNumber: 3, body: .submitSM(SessionFixtures.submitSM())))
        #expect(try await out.next().commandStatus == .ok)
        try await channel.writeInbound(PDU(sequenceNumber: 4, body: .submitSM(SessionFixtures.submitSM())))
        let refused = try await out.next()
        #expect(refused.sequenceNumber == 4)
        #expect(refused.commandStatus == .throttled)
    }

    @Test("unbind is answered after the MO in flight, then the connection closes")
    func unbindDrains() async throws {
        let handler = HeldRequestHandler()
        var (channel, out) = try await self.boundChannel(handler: handler)
        try await channel.writeInbound(PDU(sequenceNumber: 2, body: .submitSM(SessionFixtures.submitSM())))
        try await channel.writeInbound(PDU(sequenceNumber: 3, body: .unbind))
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
        handler.answerNext(.ok(messageID: "m"))
        let answered = try await out.next()
        #expect(answered.commandID == .submitSMResponse)
        #expect(answered.commandStatus == .ok)
        let unbindResponse = try await out.next()
        #expect(unbindResponse.commandID == .unbindResponse)
        #expect(unbindResponse.sequenceNumber == 3)
        try await channel.closeFuture.get()
    }

    @Test("a response nobody asked for is dropped and the session goes on")
    func unsolicitedResponse() async throws {
        var (channel, out) = try await self.boundChannel()
        try await channel.writeInbound(
            PDU(sequenceNumber: 99, body: .submitSMResponse(SubmitSMResponse(messageID: "x")))
        )
        try await channel.writeInbound(PDU(sequenceNumber: 100, commandStatus: .systemError, body: .genericNack))
        try await channel.writeInbound(PDU(sequenceNumber: 101, body: .enquireLink))
        let response = try await out.next()
        #expect(response.commandID == .enquireLinkResponse)
        #expect(response.sequenceNumber == 101)
        #expect(channel.isActive)
    }

    @Test("alert_notification reaches the handler as a notification, with no response")
    func alertNotification() async throws {
        let handler = HeldRequestHandler()
        let channel = try await SessionFixtures.channel(role: .esme, handler: handler)
        var out = OutboundPDUs(channel)
        try await channel.writeOutbound(
            SMPPSessionCommand.bind(.receiver, SessionFixtures.bind(), channel.eventLoop.makePromise())
        )
        let bind = try await out.next()
        #expect(bind.commandID == .bindReceiver)
        try await channel.writeInbound(
            PDU(sequenceNumber: bind.sequenceNumber, body: .bindReceiverResponse(BindResponse(systemID: "smsc")))
        )
        let alert = AlertNotification(sourceAddress: "447700900123", esmeAddress: "447860000000")
        try await channel.writeInbound(PDU(sequenceNumber: 5, body: .alertNotification(alert)))
        #expect(handler.notified.count == 1)
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test("an ESME binds as receiver when an SMSC outbinds to it")
    func outbindReceived() async throws {
        let channel = try await SessionFixtures.channel(role: .esme, bindOnOutbind: SessionFixtures.bind("esme", "pw"))
        var out = OutboundPDUs(channel)
        try await channel.writeInbound(
            PDU(sequenceNumber: 1, body: .outbind(Outbind(systemID: "smsc", password: "pw")))
        )
        let bind = try await out.next()
        guard case .bindReceiver(let body) = bind.body else {
            Issue.record("expected bind_receiver, got \(bind.body)")
            return
        }
        #expect(body.systemID == "esme")
    }
}
