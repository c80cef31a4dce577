// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Logging
import Metrics
public import NIOCore
public import SMPPCore
public import SMPPNIO

/// The SMPP listener's request handler: the gateway's MO ingestion, plus the carrier emulator's answers for the
/// accounts that ask for them (``SMPPAccountEmulation/SubmitMode``).
///
/// submit_sm is MO by default (stored and forwarded as before). `submit=loopback` sends it back as deliver_sm with
/// the addresses swapped; `submit=mt` holds it and generates receipts. query_sm, cancel_sm and replace_sm work
/// against the held MT messages.
public final class EmulatorRequestHandler: SMPPRequestHandler {
    let ingest: MOIngestHandler
    let modes: [String: SMPPAccountEmulation.SubmitMode]
    let mt: MTEmulator
    let store: SQLiteMessageStore
    let delivery: ESMEDeliveryService
    let logger: Logger

    public init(
        ingest: MOIngestHandler,
        accounts: [SMPPAccount],
        mt: MTEmulator,
        store: SQLiteMessageStore,
        delivery: ESMEDeliveryService,
        logger: Logger
    ) {
        self.ingest = ingest
        self.modes = Dictionary(
            accounts.map { ($0.systemID, $0.emulation.submitMode) },
            uniquingKeysWith: { first, _ in first }
        )
        self.mt = mt
        self.store = store
        self.delivery = delivery
        self.logger = logger
    }

    public func handleRequest(
        _ request: SMPPInboundRequest,
        on eventLoop: any EventLoop
    ) -> EventLoopFuture<SMPPRequestResult> {
        let systemID = request.session.systemID
        switch request.pdu.body {
        case .submitSM, .dataSM:
            // data_sm carries MT as well as MO (SMPP 3.4 §4.7): on an mt or loopback account both are the ESME's MT.
            let mode = self.modes[systemID] ?? .mo
            guard mode != .mo, let envelope = Envelope(request.pdu) else { break }
            if mode == .mt {
                return eventLoop.makeSucceededFuture(self.acceptMT(self.mt.messages.hold(envelope, systemID: systemID)))
            }
            return eventLoop.makeFutureWithTask { await self.loopBack(envelope, systemID: systemID) }
        case .querySM(let query):
            return eventLoop.makeSucceededFuture(self.query(query, systemID: systemID))
        case .cancelSM(let cancel):
            return eventLoop.makeSucceededFuture(self.cancel(cancel, systemID: systemID))
        case .replaceSM(let replace):
            return eventLoop.makeSucceededFuture(self.replace(replace, systemID: systemID))
        default:
            break
        }
        return self.ingest.handleRequest(request, on: eventLoop)
    }

    public func handleNotification(_ request: SMPPInboundRequest) {
        self.ingest.handleNotification(request)
    }

    /// The answer to an MT just offered to the store: its id, or ESME_RMSGQFUL when the store did not take it.
    private func acceptMT(_ held: MTMessageStore.Message?) -> SMPPRequestResult {
        guard let message = held else {
            self.logger.warning("MT store full of pending messages; MT refused with ESME_RMSGQFUL")
            return .failed(.messageQueueFull)
        }
        Counter(label: "mogate_mt_accepted_total").increment()
        return .ok(messageID: message.id)
    }

    /// Queues the message back to the submitter, durably, before answering: source and destination swapped, the
    /// same data_coding, UDHI bit and TLVs. A text that came in message_payload stays there.
    private func loopBack(_ envelope: Envelope, systemID: String) async -> SMPPRequestResult {
        let message = ESMEMessage(
            kind: .loopback,
            source: envelope.destination,
            destination: envelope.source,
            esmClass: envelope.esmClass & 0x40,
            protocolID: envelope.protocolID,
            dataCoding: envelope.dataCoding,
            text: nil,
            encoding: "binary",
            body: envelope.tlvs.messagePayload == nil ? envelope.userData : [],
            tlvs: Self.hexTLVs(envelope.tlvs)
        )
        return await self.loopBack(message, systemID: systemID)
    }

    private func loopBack(_ message: ESMEMessage, systemID: String) async -> SMPPRequestResult {
        let id = MessageID.make()
        do {
            try await self.store.enqueueESME(messageID: id, systemID: systemID, message: message)
        } catch let error as MessageStoreError where error.code == .backlogFull {
            return .failed(.messageQueueFull)
        } catch {
            self.logger.error("loopback could not be queued", metadata: ["error": "\(error)"])
            return .failed(.temporaryAppError)
        }
        self.delivery.wake()
        return .ok(messageID: id)
    }

    /// TLVs as the ESME outbox keeps them: four hex digits of tag → hex value.
    private static func hexTLVs(_ list: TLVList) -> [String: String] {
        var tlvs: [String: String] = [:]
        for tlv in list {
            let tag = String(tlv.tag.rawValue, radix: 16)
            tlvs[String(repeating: "0", count: 4 - tag.count) + tag] = Array(tlv.value.readableBytesView).hexString
        }
        return tlvs
    }

    /// query_sm_resp (SMPP 3.4 §4.8.2): final_date once final, message_state, error_code; unknown id
    /// ESME_RINVMSGID.
    private func query(_ query: QuerySM, systemID: String) -> SMPPRequestResult {
        guard let message = self.mt.messages.message(id: query.messageID, systemID: systemID) else {
            return .failed(.invalidMessageID)
        }
        let response = QuerySMResponse(
            messageID: message.id,
            finalDate: message.finalAt.map(Self.absoluteTime) ?? "",
            messageState: message.state.rawValue,
            errorCode: message.isFinal && message.state != .deleted ? UInt8(min(message.outcome.error, 255)) : 0
        )
        return SMPPRequestResult(status: .ok, responseBody: .querySMResponse(response))
    }

    /// cancel_sm (§4.9): a pending message is cancelled; a final one is ESME_RCANCELFAIL.
    private func cancel(_ cancel: CancelSM, systemID: String) -> SMPPRequestResult {
        switch self.mt.messages.cancel(id: cancel.messageID, systemID: systemID) {
        case .done: return SMPPRequestResult(status: .ok, responseBody: .cancelSMResponse)
        case .alreadyFinal: return .failed(.cancelFailed)
        case .unknown: return .failed(cancel.messageID.isEmpty ? .cancelFailed : .invalidMessageID)
        }
    }

    /// replace_sm (§4.10): a pending message takes the new text and registered_delivery; a final one is
    /// ESME_RREPLACEFAIL.
    private func replace(_ replace: ReplaceSM, systemID: String) -> SMPPRequestResult {
        let change = self.mt.messages.replace(
            id: replace.messageID,
            systemID: systemID,
            shortMessage: Array(replace.shortMessage.readableBytesView),
            registeredDelivery: replace.registeredDelivery
        )
        switch change {
        case .done: return SMPPRequestResult(status: .ok, responseBody: .replaceSMResponse)
        case .alreadyFinal: return .failed(.replaceFailed)
        case .unknown: return .failed(.invalidMessageID)
        }
    }

    /// SMPP absolute time (§7.1.1) in UTC: `YYMMDDhhmmss000+`.
    static func absoluteTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let fields =
            [(parts.year ?? 0) % 100, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0]
            + [parts.second ?? 0]
        return fields.map { padded($0, width: 2) }.joined() + "000+"
    }
}
