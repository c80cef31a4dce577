// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import AsyncHTTPClient
import Foundation
import MOGateway
import NIOCore
import NIOHTTP1

/// Posts a scenario's MO to a gateway's `POST /v1/mo`, one after another, on the file's schedule or at a rate.
public struct ScenarioReplay: Sendable {
    /// The gateway's base URL, e.g. `http://127.0.0.1:8080`.
    public var url: String
    public var adminToken: String?
    /// Messages per second, ignoring the file's times; nil follows the file (or sends as fast as answers come).
    public var rate: Double?
    /// How many times the whole file is replayed; each repetition starts when the previous one has been sent.
    public var repetitions: Int = 1
    public var timeout: TimeAmount = .seconds(10)

    public init(url: String) {
        self.url = url
    }

    /// What one POST got.
    public struct Outcome: Sendable {
        public var line: Int
        /// The HTTP status, or nil when the request failed (connection refused, timeout).
        public var status: Int?
        /// The body's `status` (`stored`, or an SMPP status), or the problem's `detail`.
        public var detail: String
        public var id: String?
        public var isStored: Bool { self.status == 202 && self.detail == "stored" }
    }

    /// Sends every message and returns what each got, in send order. `onOutcome` sees each as it comes.
    public func run(
        _ scenario: Scenario,
        client: HTTPClient = .shared,
        onOutcome: @Sendable (Outcome) -> Void = { _ in }
    ) async throws -> ScenarioSummary {
        let sends = scenario.sends
        let endpoint = self.url.hasSuffix("/") ? self.url + "v1/mo" : self.url + "/v1/mo"
        var summary = ScenarioSummary()
        let clock = ContinuousClock()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var index = 0
        for _ in 0..<self.repetitions {
            let start = clock.now
            for send in sends {
                let offset = self.rate.map { Double(index % max(sends.count, 1)) / $0 } ?? send.offset
                if self.rate != nil || scenario.isScheduled {
                    try await clock.sleep(until: start + .nanoseconds(Int64(offset * 1e9)))
                }
                index += 1
                var request = HTTPClientRequest(url: endpoint)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                if let token = self.adminToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                request.body = .bytes(ByteBuffer(bytes: try encoder.encode(send.injection)))
                let outcome: Outcome
                do {
                    let response = try await client.execute(request, timeout: self.timeout)
                    let body = try await response.body.collect(upTo: 1 << 20)
                    outcome = Self.outcome(line: send.line, status: Int(response.status.code), body: body)
                } catch {
                    outcome = Outcome(line: send.line, status: nil, detail: "\(error)")
                }
                summary.add(outcome)
                onOutcome(outcome)
            }
        }
        return summary
    }

    private static func outcome(line: Int, status: Int, body: ByteBuffer) -> Outcome {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        let detail = object?["status"] as? String ?? object?["detail"] as? String ?? ""
        return Outcome(line: line, status: status, detail: detail, id: object?["id"] as? String)
    }
}

/// The counts a replay prints: sent, stored, refused by HTTP status and by SMPP status, failed requests.
public struct ScenarioSummary: Sendable, Codable, Equatable {
    public var sent = 0
    public var stored = 0
    /// Answers other than `stored`, by `"<http status> <detail>"`, e.g. `"503 ESME_RMSGQFUL"` or `"400"`.
    public var refused: [String: Int] = [:]
    /// Requests that got no HTTP answer.
    public var failed = 0

    public init() {}

    public var isSuccess: Bool { self.sent == self.stored }

    mutating func add(_ outcome: ScenarioReplay.Outcome) {
        self.sent += 1
        guard let status = outcome.status else {
            self.failed += 1
            return
        }
        if outcome.isStored {
            self.stored += 1
        } else {
            // A 400's detail is free text; a 503's is the SMPP status the MO would have got.
            let key = status == 400 ? "400" : "\(status) \(outcome.detail)".trimmingCharacters(in: .whitespaces)
            self.refused[key, default: 0] += 1
        }
    }
}
