// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import SMPPCore

/// A request from the peer that the session hands on: deliver_sm, submit_sm or data_sm carrying MO, and the other
/// operations (submit_multi, query_sm, cancel_sm, replace_sm, alert_notification).
public struct SMPPInboundRequest: Sendable {
    public var pdu: PDU
    public var session: SMPPSessionInfo

    public init(pdu: PDU, session: SMPPSessionInfo) {
        self.pdu = pdu
        self.session = session
    }

    /// Whether the PDU can carry a mobile-originated message: deliver_sm, submit_sm or data_sm.
    public var carriesMessage: Bool {
        switch self.pdu.commandID {
        case .deliverSM, .submitSM, .dataSM: true
        default: false
        }
    }
}

/// The answer to an inbound request: its status and, where the response has a body, what goes in it.
public struct SMPPRequestResult: Hashable, Sendable {
    public var status: CommandStatus
    /// The message_id for submit_sm_resp and data_sm_resp; the session makes one up when this is nil.
    public var messageID: String?
    /// A complete response body, for operations whose response is more than a message_id (query_sm_resp, …).
    public var responseBody: PDU.Body?

    public init(status: CommandStatus, messageID: String? = nil, responseBody: PDU.Body? = nil) {
        self.status = status
        self.messageID = messageID
        self.responseBody = responseBody
    }

    public static let ok = SMPPRequestResult(status: .ok)
    public static func ok(messageID: String?) -> SMPPRequestResult {
        SMPPRequestResult(status: .ok, messageID: messageID)
    }
    public static func failed(_ status: CommandStatus) -> SMPPRequestResult { SMPPRequestResult(status: status) }
}

/// Receives the requests a session hands on. The session answers each PDU only when the returned future completes,
/// with the status it carries: durable first, answer second. A failed future is answered `ESME_RX_T_APPN`.
public protocol SMPPRequestHandler: Sendable {
    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>

    /// alert_notification and other requests without a response. The default ignores them.
    func handleNotification(_ request: SMPPInboundRequest)
}

extension SMPPRequestHandler {
    public func handleNotification(_ request: SMPPInboundRequest) {}
}

/// A request handler written as an async closure.
public struct SMPPAsyncRequestHandler: SMPPRequestHandler {
    private let body: @Sendable (SMPPInboundRequest) async -> SMPPRequestResult

    public init(_ body: @escaping @Sendable (SMPPInboundRequest) async -> SMPPRequestResult) {
        self.body = body
    }

    public func handleRequest(
        _ request: SMPPInboundRequest,
        on eventLoop: any EventLoop
    )
        -> EventLoopFuture<SMPPRequestResult>
    {
        let body = self.body
        return eventLoop.makeFutureWithTask { await body(request) }
    }
}

/// Answers every message `ESME_ROK` and every other operation with the failure status its response has:
/// the listener on its own, before a pipeline is attached.
public struct SMPPAcceptingRequestHandler: SMPPRequestHandler {
    public init() {}

    public func handleRequest(
        _ request: SMPPInboundRequest,
        on eventLoop: any EventLoop
    )
        -> EventLoopFuture<SMPPRequestResult>
    {
        let result: SMPPRequestResult
        switch request.pdu.commandID {
        case .deliverSM, .submitSM, .dataSM: result = .ok
        case .querySM: result = .failed(.queryFailed)
        case .cancelSM: result = .failed(.cancelFailed)
        case .replaceSM: result = .failed(.replaceFailed)
        default: result = .failed(.submitFailed)
        }
        return eventLoop.makeSucceededFuture(result)
    }
}
