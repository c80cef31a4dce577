// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
public import Foundation
import NIOCore
public import SMPPCore
import Synchronization

/// The MT messages the emulator holds: accepted from ESMEs whose account says `submit=mt`, each waiting for the
/// final state its ``ReceiptProfile`` drew, and queryable, cancellable and replaceable until then.
///
/// In memory and bounded: it keeps the newest ``limit`` messages; a full store forgets the oldest message that
/// is already final, and refuses a new one (`ESME_RMSGQFUL`) when all are pending. A restart of mogate forgets
/// every held message and the receipts not yet generated; receipts already generated are in the ESME outbox.
public final class MTMessageStore: Sendable {
    public struct Message: Hashable, Sendable {
        public var id: String
        public var systemID: String
        public var source: MORecord.RawAddress
        public var destination: MORecord.RawAddress
        public var dataCoding: UInt8
        public var shortMessage: [UInt8]
        public var registeredDelivery: UInt8
        public var submittedAt: Date
        /// The outcome drawn at submission; `ENROUTE` never becomes final.
        public var outcome: ReceiptProfile.Outcome
        /// When the final state is reached.
        public var dueAt: Date
        /// ENROUTE until final; then the outcome's state, or DELETED once cancelled.
        public var state: MessageState
        public var finalAt: Date?
        /// An intermediate notification (registered_delivery 0x10) is still to be sent.
        public var intermediatePending: Bool

        public var isFinal: Bool { self.finalAt != nil }
    }

    /// What became due: an intermediate notification, or the final state.
    public enum Event: Hashable, Sendable {
        case intermediate(Message)
        case final(Message)
    }

    public enum Change: Hashable, Sendable {
        case done(Message)
        case alreadyFinal
        case unknown
    }

    private struct State {
        var messages: [String: Message] = [:]
        var order: Deque<String> = []
        /// Messages that may still have something due (an intermediate or the final state), so a tick does not
        /// walk every held message.
        var active: [String] = []
        var generator: SeededGenerator
        var nextID: UInt64
    }

    public let profile: ReceiptProfile
    public let limit: Int
    private let state: Mutex<State>

    /// - Parameter seed: Seeds outcomes, delays and message ids; nil seeds from the system's random source.
    public init(profile: ReceiptProfile, seed: UInt64?, limit: Int = 100_000) {
        self.profile = profile
        self.limit = max(1, limit)
        var generator = SeededGenerator(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        let firstID = UInt64.random(in: 1...(1 << 32), using: &generator)
        self.state = Mutex(State(generator: generator, nextID: firstID))
    }

    /// Holds a submitted message; nil when the store is full of pending messages.
    public func submit(_ submit: SubmitSM, systemID: String, now: Date = Date()) -> Message? {
        self.hold(Envelope(submit), systemID: systemID, now: now)
    }

    /// Holds an MT, from submit_sm or data_sm: the text is short_message, or message_payload when that is empty.
    func hold(_ envelope: Envelope, systemID: String, now: Date = Date()) -> Message? {
        let destination = envelope.destination
        return self.state.withLock { state -> Message? in
            if state.messages.count >= self.limit {
                guard let index = state.order.firstIndex(where: { state.messages[$0]?.isFinal ?? true }) else {
                    return nil
                }
                state.messages.removeValue(forKey: state.order.remove(at: index))
            }
            let (outcome, delay) = self.profile.decide(destination: destination.addr, using: &state.generator)
            // 10 hex digits, as in the spec's Appendix B example.
            let hex = String(state.nextID & 0xFF_FFFF_FFFF, radix: 16, uppercase: true)
            let id = String(repeating: "0", count: max(0, 10 - hex.count)) + hex
            state.nextID &+= 1
            let message = Message(
                id: id,
                systemID: systemID,
                source: envelope.source,
                destination: destination,
                dataCoding: envelope.dataCoding,
                shortMessage: envelope.userData,
                registeredDelivery: envelope.registeredDelivery,
                submittedAt: now,
                outcome: outcome,
                dueAt: now.addingTimeInterval(delay.webhookTimeInterval),
                state: .enroute,
                finalAt: nil,
                intermediatePending: envelope.registeredDelivery & 0x10 != 0
            )
            state.messages[id] = message
            state.order.append(id)
            if message.intermediatePending || !outcome.isPending { state.active.append(id) }
            return message
        }
    }

    /// Takes what became due by `now`: pending intermediates, and messages that reach their final state (which
    /// they do here).
    public func due(now: Date = Date()) -> [Event] {
        self.state.withLock { state in
            var events: [Event] = []
            var stillActive: [String] = []
            for id in state.active {
                guard var message = state.messages[id], !message.isFinal else { continue }
                if message.intermediatePending {
                    message.intermediatePending = false
                    events.append(.intermediate(message))
                }
                if !message.outcome.isPending, message.dueAt <= now {
                    message.state = message.outcome.state
                    message.finalAt = now
                    events.append(.final(message))
                } else if !message.outcome.isPending {
                    stillActive.append(id)
                }
                state.messages[id] = message
            }
            state.active = stillActive
            return events
        }
    }

    /// A held message of `systemID`.
    public func message(id: String, systemID: String) -> Message? {
        self.state.withLock { state in
            state.messages[id].flatMap { $0.systemID == systemID ? $0 : nil }
        }
    }

    /// cancel_sm: a pending message becomes DELETED and sends no final receipt.
    public func cancel(id: String, systemID: String, now: Date = Date()) -> Change {
        self.change(id: id, systemID: systemID) { message in
            message.state = .deleted
            message.finalAt = now
            message.intermediatePending = false
        }
    }

    /// replace_sm: a pending message takes the new text and registered_delivery.
    public func replace(id: String, systemID: String, shortMessage: [UInt8], registeredDelivery: UInt8) -> Change {
        self.change(id: id, systemID: systemID) { message in
            message.shortMessage = shortMessage
            message.registeredDelivery = registeredDelivery
        }
    }

    private func change(id: String, systemID: String, _ body: (inout Message) -> Void) -> Change {
        self.state.withLock { state in
            guard var message = state.messages[id], message.systemID == systemID else { return .unknown }
            guard !message.isFinal else { return .alreadyFinal }
            body(&message)
            state.messages[id] = message
            return .done(message)
        }
    }
}
