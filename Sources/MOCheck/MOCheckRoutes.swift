// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Hummingbird
import PhoneNumbers

/// The body of `POST /mo_check/v0.1/checks`.
struct CreateCheckRequest: Decodable {
    var phoneNumber: String
    var referenceID: String?
    var callbackURL: String?

    enum CodingKeys: String, CodingKey {
        case phoneNumber = "phone_number"
        case referenceID = "reference_id"
        case callbackURL = "callback_url"
    }
}

extension MOCheckService {
    /// The path prefix of the API, as in tru.ID's `/<product>/<version>/checks`.
    public static let basePath = "/mo_check/v0.1"

    /// Adds the verification API and the MO webhook endpoint to `router`:
    /// `POST /mo_check/v0.1/checks`, `GET /mo_check/v0.1/checks/{check_id}` (bearer token when configured) and
    /// `POST /mo_check/v0.1/mo` (signed by mogate).
    public func addRoutes(to router: Router<some RequestContext>) {
        let api = router.group("mo_check/v0.1")
        let checks = api.group("checks").add(middleware: BearerAuthMiddleware(token: self.configuration.apiToken))
        checks.post { request, _ in try await self.createCheck(request) }
        checks.get(":check_id") { _, context -> Response in
            let id = try context.parameters.require("check_id")
            guard let check = try await self.store.check(id: id) else {
                throw Problem(.notFound, "no check with this check_id")
            }
            return .json(try CheckResource(check).json())
        }
        api.post("mo") { request, _ in try await self.receiveMO(request) }
    }

    func createCheck(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let create: CreateCheckRequest
        do {
            create = try JSONDecoder().decode(CreateCheckRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw Problem(.badRequest, "the body must be JSON with a string phone_number")
        }
        let normalized = self.normalizer.normalize(create.phoneNumber, ton: .international)
        guard let phoneNumber = normalized.e164?.description else {
            let reason = normalized.invalidReason.map { ": \($0)" } ?? ""
            throw Problem(.badRequest, "phone_number is not an E.164 number\(reason)")
        }
        if let reference = create.referenceID, reference.count > 256 {
            throw Problem(.badRequest, "reference_id is longer than 256 characters")
        }
        if let callback = create.callbackURL {
            guard let url = URL(string: callback), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else { throw Problem(.badRequest, "callback_url must be an absolute http or https URL") }
        }
        let checkID = UUID().uuidString.lowercased()
        let base = self.configuration.publicURL ?? request.head.authority.map { "http://\($0)" } ?? ""
        let check = try await self.store.create(
            CheckStore.NewCheck(
                checkID: checkID,
                phoneNumber: phoneNumber,
                moReceiver: self.receiver,
                ttl: self.configuration.ttl,
                referenceID: create.referenceID,
                callbackURL: create.callbackURL,
                selfHref: "\(base)\(Self.basePath)/checks/\(checkID)"
            )
        )
        return .json(try CheckResource(check).json(), status: .created, headers: [.location: check.selfHref])
    }
}
