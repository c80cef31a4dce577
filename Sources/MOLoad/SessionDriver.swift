// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import DequeModule
import NIOCore
import SMPPCore
import SMPPNIO

/// Drives one session: keeps up to `window` requests outstanding, from a fixed schedule (open loop) or as fast as
/// responses come back (closed loop). Lives on the session's event loop; every method runs there.
final class SessionDriver {
    private struct Pending {
        var body: PDU.Body
        /// When the request should have been sent: latency counts from here, which corrects for coordinated
        /// omission when the target falls behind a fixed rate.
        var due: NIODeadline
    }

    private let session: SMPPSession
    private let source: LoadSource
    private let recorder: LoadRecorder
    private let window: Int
    /// Time between this session's messages at a fixed rate; nil for closed loop.
    private let interval: TimeAmount?
    private let done: EventLoopPromise<Void>
    private var queue = Deque<Pending>()
    private var outstanding = 0
    private var exhausted = false
    private var nextDue: NIODeadline

    init(session: SMPPSession, source: LoadSource, recorder: LoadRecorder, window: Int, interval: TimeAmount?) {
        self.session = session
        self.source = source
        self.recorder = recorder
        self.window = window
        self.interval = interval
        self.done = session.channel.eventLoop.makePromise()
        self.nextDue = .now()
    }

    var eventLoop: any EventLoop { self.session.channel.eventLoop }

    /// Starts sending; the future completes when the run is over and every response is in.
    func start() -> EventLoopFuture<Void> {
        self.eventLoop.execute {
            self.nextDue = .now()
            if self.interval == nil { self.pump() } else { self.tick() }
        }
        return self.done.futureResult
    }

    /// Open loop: queue every message that is due by now, then send what the window allows.
    private func tick() {
        guard let interval = self.interval else { return }
        let now = NIODeadline.now()
        while !self.exhausted, self.nextDue <= now {
            self.enqueueMessage(due: self.nextDue, now: now)
            self.nextDue = self.nextDue + interval
        }
        self.pump()
        if !self.exhausted {
            self.eventLoop.scheduleTask(deadline: self.nextDue) { self.tick() }
        }
    }

    private func enqueueMessage(due: NIODeadline, now: NIODeadline) {
        guard let sequence = self.source.claim(now: now) else {
            self.exhausted = true
            return
        }
        self.recorder.messageStarted()
        for body in self.source.bodies(sequence: sequence, due: due) {
            self.queue.append(Pending(body: body, due: due))
        }
    }

    private func pump() {
        while self.outstanding < self.window {
            if self.queue.isEmpty {
                guard self.interval == nil, !self.exhausted else { break }
                self.enqueueMessage(due: .now(), now: .now())
                continue
            }
            self.send(self.queue.removeFirst())
        }
        if self.exhausted, self.queue.isEmpty, self.outstanding == 0 {
            self.done.succeed()
        }
    }

    private func send(_ pending: Pending) {
        self.outstanding += 1
        self.recorder.sent()
        let written = NIODeadline.now()
        let promise = self.eventLoop.makePromise(of: PDU.self)
        self.session.send(pending.body, promise: promise)
        promise.futureResult.whenComplete { result in
            self.outstanding -= 1
            let now = NIODeadline.now()
            switch result {
            case .success(let response):
                let status = response.commandStatus
                self.recorder.completed(
                    status: status.name ?? "0x\(String(status.rawValue, radix: 16))",
                    isOK: status == .ok,
                    due: pending.due,
                    written: written,
                    now: now
                )
            case .failure(let error):
                let code = (error as? SMPPError)?.code
                self.recorder.failed(code.map { "\($0)" } ?? "error")
                if code != .responseTimeout { self.sessionLost() }
            }
            self.pump()
        }
    }

    /// The session is gone: what is queued will never be sent.
    private func sessionLost() {
        guard !self.exhausted || !self.queue.isEmpty else { return }
        self.exhausted = true
        self.recorder.unsent(self.queue.count)
        self.queue.removeAll()
    }
}

// Confined to the session's event loop: `start` hops there and every callback runs there.
extension SessionDriver: @unchecked Sendable {}
