// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix
import SMPPCore

/// An SMSC that answers every request ESME_ROK and checks nothing: what the conformance cases must catch.
struct SloppySMSC {
    let channel: any Channel
    var port: Int { self.channel.localAddress!.port! }

    static func start() async throws -> SloppySMSC {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMPPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Handler())
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return SloppySMSC(channel: channel)
    }

    func stop() async throws { try await self.channel.close() }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = PDU.DecodingResult
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let header: PDUHeader
            switch Self.unwrapInboundIn(data) {
            case .pdu(let pdu):
                header = PDUHeader(
                    commandLength: 0,
                    commandID: pdu.commandID,
                    commandStatus: .ok,
                    sequenceNumber: pdu.sequenceNumber
                )
            case .malformed(let malformed, _):
                header = malformed
            }
            guard header.commandID.rawValue & 0x8000_0000 == 0 else { return }
            var body: [UInt8] = []
            switch header.commandID {
            case .bindReceiver, .bindTransmitter, .bindTransceiver: body = Array("sloppy".utf8) + [0]
            case .submitSM: body = [0x31, 0]
            default: break
            }
            var buffer = context.channel.allocator.buffer(capacity: 16 + body.count)
            buffer.writeInteger(UInt32(16 + body.count))
            buffer.writeInteger(header.commandID.rawValue | 0x8000_0000)
            buffer.writeInteger(UInt32(0))
            buffer.writeInteger(header.sequenceNumber)
            buffer.writeBytes(body)
            guard header.commandID == .unbind else {
                context.write(Self.wrapOutboundOut(buffer), promise: nil)
                return
            }
            context.writeAndFlush(Self.wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
        }

        func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}
