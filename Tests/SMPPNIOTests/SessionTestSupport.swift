// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOEmbedded
import SMPPCore
import Synchronization
import Testing

@testable import SMPPNIO

/// A request handler whose answers the test gives, one promise per request, so a test can hold an MO unanswered.
final class HeldRequestHandler: SMPPRequestHandler {
    private let pending = Mutex<[(SMPPInboundRequest, EventLoopPromise<SMPPRequestResult>)]>([])
    private let notifications = Mutex<[SMPPInboundRequest]>([])

    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>
    {
        let promise = eventLoop.makePromise(of: SMPPRequestResult.self)
        self.pending.withLock { $0.append((request, promise)) }
        return promise.futureResult
    }

    func handleNotification(_ request: SMPPInboundRequest) {
        self.notifications.withLock { $0.append(request) }
    }

    var requests: [SMPPInboundRequest] { self.pending.withLock { $0.map(\.0) } }
    var notified: [SMPPInboundRequest] { self.notifications.withLock { $0 } }

    /// Completes the oldest unanswered request.
    func answerNext(_ result: SMPPRequestResult) {
        let next = self.pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        next?.1.succeed(result)
    }

    func failNext(_ error: any Error) {
        let next = self.pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        next?.1.fail(error)
    }
}

/// Collects what a session writes, split into PDUs.
struct OutboundPDUs {
    let channel: NIOAsyncTestingChannel
    private var buffered = ByteBuffer()

    init(_ channel: NIOAsyncTestingChannel) { self.channel = channel }

    mutating func next() async throws -> PDU {
        while true {
            var decoder = SMPPFrameDecoder()
            if let result = try decoder.decode(buffer: &self.buffered) {
                guard case .pdu(let pdu) = result else { throw SMPPError(code: .malformedResponse) }
                return pdu
            }
            var more = try await self.channel.waitForOutboundWrite(as: ByteBuffer.self)
            self.buffered.writeBuffer(&more)
        }
    }
}

enum SessionFixtures {
    static let logger = Logger(label: "test.smpp", factory: { _ in SwiftLogNoOpLogHandler() })

    /// An active testing channel with a session pipeline.
    static func channel(
        role: SMPPSessionRole = .smsc,
        configuration: SMPPSessionConfiguration = SMPPSessionConfiguration(),
        handler: any SMPPRequestHandler = SMPPAcceptingRequestHandler(),
        accounts: [SMPPAccount] = [],
        bindOnOutbind: Bind? = nil
    ) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        let options = SMPPPipelineOptions(
            role: role,
            configuration: configuration,
            requestHandler: handler,
            accounts: SMPPAccountRegistry(accounts: accounts),
            bindOnOutbind: bindOnOutbind,
            logger: Self.logger
        )
        try await channel.eventLoop.submit {
            _ = try channel.pipeline.syncOperations.configureSMPPSession(options)
        }.get()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000))
        return channel
    }

    static func submitSM(text: String = "Verify 483920") -> SubmitSM {
        SubmitSM(
            sourceAddressTON: 1,
            sourceAddressNPI: 1,
            sourceAddress: "447700900123",
            destinationAddressTON: 1,
            destinationAddressNPI: 1,
            destinationAddress: "447860000000",
            shortMessage: ByteBuffer(string: text)
        )
    }

    static func bind(_ systemID: String = "carrier1", _ password: String = "secret") -> Bind {
        Bind(systemID: systemID, password: password)
    }
}

extension NIOAsyncTestingChannel {
    func writeInbound(_ pdu: PDU) async throws {
        try await self.writeInbound(pdu.encoded())
    }
}
