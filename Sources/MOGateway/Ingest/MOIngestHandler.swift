// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Logging
import Metrics
public import NIOCore
public import SMPPCore
public import SMPPNIO

/// The gateway's SMPP request handler: stores every MO (or part) durably and only then answers it.
///
/// `ESME_ROK` means the message (or the part) is in the store. A full backlog is answered `ESME_RMSGQFUL` and any
/// other store failure `ESME_RX_T_APPN`, so that the SMSC retries; nothing is answered ROK that was not stored.
public final class MOIngestHandler: SMPPRequestHandler {
    public enum AckMode: String, Sendable, CaseIterable {
        /// Answer once the message is stored (the default).
        case stored
        /// Answer once the webhook accepted the message; `ESME_RX_T_APPN` if it does not in time.
        case webhook
    }

    let store: any MessageStore
    let extractor: MOExtractor
    let ackMode: AckMode
    let logger: Logger
    /// Called after a record joins the outbox, so delivery need not wait for a poll.
    let recordQueued: @Sendable (String) -> Void
    /// For `ack: webhook`: waits until the record with this id is delivered.
    let waitForDelivery: @Sendable (String) async -> Bool
    /// Hands a stored record straight to delivery, so that it need not be read back from the outbox.
    let deliveryReady: (@Sendable (PendingDelivery) -> Void)?
    private let fallback = SMPPAcceptingRequestHandler()
    /// `mogate_smpp_pdus_total` by command_id (high 32 bits) and status (low 32 bits).
    private let pduCounters = MetricCache<UInt64, Counter> { key in
        Counter(
            label: "mogate_smpp_pdus_total",
            dimensions: [
                ("command", "\(CommandID(rawValue: UInt32(key >> 32)))"),
                ("status", "\(CommandStatus(rawValue: UInt32(truncatingIfNeeded: key)))"),
            ]
        )
    }
    private let receivedCounters = MetricCache<MORecord.Kind, Counter> { type in
        Counter(label: "mogate_mo_received_total", dimensions: [("type", type.rawValue)])
    }

    public init(
        store: any MessageStore,
        extractor: MOExtractor,
        ackMode: AckMode = .stored,
        logger: Logger,
        recordQueued: @escaping @Sendable (String) -> Void = { _ in },
        waitForDelivery: @escaping @Sendable (String) async -> Bool = { _ in false },
        deliveryReady: (@Sendable (PendingDelivery) -> Void)? = nil
    ) {
        self.store = store
        self.extractor = extractor
        self.ackMode = ackMode
        self.logger = logger
        self.recordQueued = recordQueued
        self.waitForDelivery = waitForDelivery
        self.deliveryReady = deliveryReady
    }

    public func handleRequest(
        _ request: SMPPInboundRequest,
        on eventLoop: any EventLoop
    )
        -> EventLoopFuture<SMPPRequestResult>
    {
        guard request.carriesMessage else { return self.fallback.handleRequest(request, on: eventLoop) }
        let command = UInt64(request.pdu.commandID.rawValue) << 32
        let pdu = request.pdu
        let id = MessageID.make()
        guard
            let extracted = self.extractor.extract(pdu, systemID: request.session.systemID, id: id, receivedAt: Date())
        else {
            self.pduCounters(command | UInt64(CommandStatus.systemError.rawValue)).increment()
            return eventLoop.makeSucceededFuture(.failed(.systemError))
        }
        // A whole message answered once stored, the common case, takes no task: the store's writer completes the
        // promise after the commit, which saves two thread hops a message.
        if self.ackMode == .stored, case .whole(let record) = extracted {
            let promise = eventLoop.makePromise(of: SMPPRequestResult.self)
            self.store.append(record) { outcome in
                let result: SMPPRequestResult
                switch outcome {
                case .success(let delivery?) where self.deliveryReady != nil:
                    result = self.stored(record, pdu: pdu, queued: false)
                    self.deliveryReady?(delivery)
                case .success:
                    result = self.stored(record, pdu: pdu)
                case .failure(let error):
                    result = self.refusal(error)
                }
                self.pduCounters(command | UInt64(result.status.rawValue)).increment()
                promise.succeed(result)
            }
            return promise.futureResult
        }
        return eventLoop.makeFutureWithTask {
            let result = await self.ingest(extracted, pdu: pdu, id: id)
            self.pduCounters(command | UInt64(result.status.rawValue)).increment()
            return result
        }
    }

    /// Stores the message a PDU carries and returns the answer for it. Also the path of `POST /v1/mo`.
    public func ingest(_ pdu: PDU, systemID: String) async -> SMPPRequestResult {
        let id = MessageID.make()
        guard let extracted = self.extractor.extract(pdu, systemID: systemID, id: id, receivedAt: Date()) else {
            return .failed(.systemError)
        }
        return await self.ingest(extracted, pdu: pdu, id: id)
    }

    private func ingest(_ extracted: MOExtractor.Extracted, pdu: PDU, id: String) async -> SMPPRequestResult {
        do {
            switch extracted {
            case .whole(let record):
                try await self.store.append(record)
                _ = self.stored(record, pdu: pdu)
                return await self.acknowledge(record.id)
            case .part(let part):
                let defaultAlphabet = self.extractor.defaultAlphabet
                let outcome = try await self.store.appendPart(part) { parts in
                    MOAssembler.assemble(parts, defaultAlphabet: defaultAlphabet)
                }
                switch outcome {
                case .stored(let received):
                    self.logger.debug(
                        "MO part stored",
                        metadata: ["mo.parts_received": "\(received)", "mo.id": "\(id)"]
                    )
                case .duplicate:
                    self.logger.info("duplicate MO part dropped", metadata: self.metadata(part.record, pdu: pdu))
                case .completed(let record):
                    _ = self.stored(record, pdu: pdu)
                    return await self.acknowledge(record.id, messageID: id)
                }
                return .ok(messageID: id)
            }
        } catch {
            return self.refusal(error)
        }
    }

    /// Counts and logs a record that joined the outbox, and wakes delivery unless the caller hands the record over
    /// itself; returns the answer for `ack: stored`.
    private func stored(_ record: MORecord, pdu: PDU, queued: Bool = true) -> SMPPRequestResult {
        self.received(record)
        self.logger.info("MO stored", metadata: self.metadata(record, pdu: pdu))
        if queued { self.recordQueued(record.id) }
        return .ok(messageID: record.id)
    }

    /// The answer for a store that did not take the message: ESME_RMSGQFUL when the backlog is full, so the SMSC
    /// slows down, and ESME_RX_T_APPN otherwise, so that it retries.
    private func refusal(_ error: any Error) -> SMPPRequestResult {
        if let error = error as? MessageStoreError, error.code == .backlogFull {
            self.logger.warning("backlog full; MO refused with ESME_RMSGQFUL")
            return .failed(.messageQueueFull)
        }
        self.logger.error("store failed; MO refused with ESME_RX_T_APPN", metadata: ["error": "\(error)"])
        return .failed(.temporaryAppError)
    }

    private func received(_ record: MORecord) {
        self.receivedCounters(record.type).increment()
    }

    private func acknowledge(_ recordID: String, messageID: String? = nil) async -> SMPPRequestResult {
        guard self.ackMode == .webhook else { return .ok(messageID: messageID ?? recordID) }
        return await self.waitForDelivery(recordID)
            ? .ok(messageID: messageID ?? recordID) : .failed(.temporaryAppError)
    }

    private func metadata(_ record: MORecord, pdu: PDU) -> Logger.Metadata {
        [
            "mo.id": "\(record.id)",
            "mo.type": "\(record.type.rawValue)",
            "mo.parts": "\(record.parts)",
            "smpp.command": "\(pdu.commandID)",
            "smpp.system_id": "\(record.smpp.systemID)",
            "smpp.data_coding": "\(DataCoding(rawValue: record.dataCoding))",
        ]
    }
}
