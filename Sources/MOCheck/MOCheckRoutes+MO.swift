// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PhoneNumbers

/// The fields of mogate's JSON v1 record that matching needs; the rest of the record is ignored.
struct MOEvent: Decodable {
    var id: String
    var type: String?
    var from: String?
    var fromValid: Bool?
    var text: String?

    enum CodingKeys: String, CodingKey {
        case id, type, from, text
        case fromValid = "from_valid"
    }
}

extension MOCheckService {
    /// `POST /mo_check/v0.1/mo`: mogate's webhook. Signature first, then the match, answered 200 with the outcome.
    ///
    /// An MO that matches no check is still a 200: mogate delivered it, and retrying would not change that.
    func receiveMO(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let bytes = Array(body.readableBytesView)
        if let secret = self.configuration.webhookSecret {
            guard let header = request.headers[HTTPField.Name(MOSignature.headerName)!],
                MOSignature.isValid(
                    header: header,
                    secret: secret,
                    body: bytes,
                    tolerance: TimeInterval(self.configuration.signatureTolerance.components.seconds)
                )
            else { throw Problem(.unauthorized, "missing or invalid \(MOSignature.headerName)") }
        }
        let event: MOEvent
        do {
            event = try JSONDecoder().decode(MOEvent.self, from: Data(bytes))
        } catch {
            throw Problem(.badRequest, "the body must be a mogate JSON v1 record with a string id")
        }
        let outcome: CheckStore.MOOutcome
        // The sender as the check's number is kept: E.164 with +. An invalid sender never matches.
        let from =
            event.fromValid == false
            ? nil : event.from.flatMap { self.normalizer.normalize($0, ton: .international).e164?.description }
        if (event.type ?? "mo") != "mo" {
            outcome = try await self.store.ignore(moID: event.id)
        } else {
            outcome = try await self.store.handleMO(moID: event.id, from: from, text: event.text ?? "")
        }
        self.logger.info(
            "MO checked",
            metadata: [
                "mo.id": "\(event.id)", "result": "\(outcome.result.rawValue)",
                "check_id": "\(outcome.checkID ?? "-")", "duplicate": "\(outcome.duplicate)",
            ]
        )
        self.onMOChecked(MOChecked(moID: event.id, from: from, outcome: outcome))
        if outcome.result == .completed || outcome.result == .expired { self.wakeup.wake() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return .json(try encoder.encode(outcome))
    }
}
