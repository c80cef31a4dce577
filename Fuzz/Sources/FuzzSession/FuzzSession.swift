// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOEmbedded
import SMPPCore

@testable import SMPPNIO

/// The server session (SMPPSessionHandler and its state machine) driven by a fuzzed script: each step is raw bytes,
/// a well-formed PDU (binds good and bad, MO, responses with any sequence number, unbind), the request handler
/// answering held MOs, or a timer tick at a fuzzed time. Whatever the script, the session must not trap, and every
/// octet it writes must frame and decode as a well-formed PDU.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var script = Script(bytes: UnsafeBufferPointer(start: start, count: count))
    let handler = HeldHandler()
    let channel = EmbeddedChannel()
    var configuration = SMPPSessionConfiguration()
    configuration.inboundWindowSize = 4
    configuration.windowSize = 2
    let options = SMPPPipelineOptions(
        role: .smsc,
        configuration: configuration,
        requestHandler: handler,
        accounts: SMPPAccountRegistry(accounts: [SMPPAccount(systemID: "esme", password: "secret", maximumSessions: 1)]
        ),
        logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    _ = try! channel.pipeline.syncOperations.configureSMPPSession(options)
    try! channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
    let session = try! channel.pipeline.syncOperations.handler(type: SMPPSessionHandler.self)
    var clock = NIODeadline.now()
    var output = OutputChecker()

    while channel.isActive, let step = script.byte() {
        do {
            switch step % 8 {
            case 0: try channel.writeInbound(ByteBuffer(bytes: script.bytes(Int(script.byte() ?? 0) % 64)))
            case 1: try channel.writeInbound(script.pdu(.bindTransceiver(Bind(systemID: "esme", password: "secret"))))
            case 2: try channel.writeInbound(script.pdu(.bindTransmitter(Bind(systemID: "esme", password: "wrong"))))
            case 3: try channel.writeInbound(script.pdu(.submitSM(script.submitSM())))
            case 4: try channel.writeInbound(script.pdu(script.simpleBody()))
            case 5:
                clock = clock + .milliseconds(Int64(script.byte() ?? 0) * 500)
                session.timerTicked(now: clock)
            case 6: handler.answer(Int(script.byte() ?? 0))
            default:
                // Any command_id and status with a short body, framed correctly.
                var frame = ByteBuffer()
                let body = script.bytes(Int(script.byte() ?? 0) % 32)
                frame.writeInteger(UInt32(16 + body.count))
                frame.writeInteger(script.uint32())
                frame.writeInteger(script.uint32() & 0xFF)
                frame.writeInteger(script.uint32())
                frame.writeBytes(body)
                try channel.writeInbound(frame)
            }
        } catch {
            break  // the session closed the channel
        }
        while let written = try? channel.readOutbound(as: ByteBuffer.self) { output.check(written) }
    }
    handler.answer(.max)
    while let written = try? channel.readOutbound(as: ByteBuffer.self) { output.check(written) }
    _ = try? channel.close().wait()
    _ = try? channel.finish(acceptAlreadyClosed: true)
    return 0
}

/// Reads the fuzzer's bytes as a script; reads past the end give nothing.
struct Script {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func byte() -> UInt8? {
        guard self.index < self.bytes.count else { return nil }
        defer { self.index += 1 }
        return self.bytes[self.index]
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).compactMap { _ in self.byte() }
    }

    mutating func uint32() -> UInt32 {
        self.bytes(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Small sequence numbers, so that duplicates and responses to our own requests are likely.
    mutating func pdu(_ body: PDU.Body) -> ByteBuffer {
        let sequence = UInt32(self.byte() ?? 1) % 8
        let status = CommandStatus(rawValue: UInt32(self.byte() ?? 0) % 4 == 0 ? 0x0D : 0)
        return PDU(sequenceNumber: sequence, commandStatus: status, body: body).encoded()
    }

    mutating func submitSM() -> SubmitSM {
        let flags = self.byte() ?? 0
        var message = SubmitSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddress: "12345",
            esmClass: flags & 0x44,
            dataCoding: flags & 0x08,
            shortMessage: ByteBuffer(bytes: self.bytes(Int(self.byte() ?? 0) % 40))
        )
        if flags & 0x80 != 0 { message.tlvs.messagePayload = ByteBuffer(bytes: self.bytes(8)) }
        return message
    }

    mutating func simpleBody() -> PDU.Body {
        switch (self.byte() ?? 0) % 10 {
        case 0: .enquireLink
        case 1: .enquireLinkResponse
        case 2: .unbind
        case 3: .unbindResponse
        case 4: .genericNack
        case 5: .submitSMResponse(SubmitSMResponse(messageID: "1"))
        case 6: .deliverSMResponse(DeliverSMResponse(messageID: ""))
        case 7: .bindReceiver(Bind(systemID: "nobody", password: "x"))
        case 8: .outbind(Outbind(systemID: "esme", password: "secret"))
        default:
            .deliverSM(SubmitSM(sourceAddress: "1", destinationAddress: "2", shortMessage: ByteBuffer(string: "x")))
        }
    }
}

/// What the session writes must frame and decode, PDU by PDU.
struct OutputChecker {
    var pending = ByteBuffer()
    var decoder = SMPPFrameDecoder()

    mutating func check(_ written: ByteBuffer) {
        var written = written
        self.pending.writeBuffer(&written)
        while true {
            let result: PDU.DecodingResult?
            do {
                result = try self.decoder.decode(buffer: &self.pending)
            } catch {
                fatalError("the session wrote an unframeable PDU: \(error)")
            }
            guard let result else { return }
            guard case .pdu = result else { fatalError("the session wrote a malformed PDU: \(result)") }
        }
    }
}

/// Holds every request until the script answers it: OK, a failure status, or a thrown error, in turn.
final class HeldHandler: SMPPRequestHandler, @unchecked Sendable {
    // Only touched on the embedded loop, which is this thread.
    private var pending: [EventLoopPromise<SMPPRequestResult>] = []
    private var answered = 0

    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>
    {
        let promise = eventLoop.makePromise(of: SMPPRequestResult.self)
        self.pending.append(promise)
        return promise.futureResult
    }

    func answer(_ count: Int) {
        for _ in 0..<min(count, self.pending.count) {
            let promise = self.pending.removeFirst()
            self.answered += 1
            switch self.answered % 3 {
            case 0: promise.succeed(.ok(messageID: "m\(self.answered)"))
            case 1: promise.succeed(.failed(.messageQueueFull))
            default: promise.fail(SMPPError(code: .sessionClosed))
            }
        }
    }
}
