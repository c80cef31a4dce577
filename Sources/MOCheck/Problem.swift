// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
public import Hummingbird

/// An RFC 9457 `application/problem+json` error: what every refusal of the verifier answers.
public struct Problem: Error, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var detail: String

    public init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if self.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body: [String: Any] = [
            "type": "about:blank", "title": self.status.reasonPhrase, "status": Int(self.status.code),
            "detail": self.detail,
        ]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Wants `Authorization: Bearer <token>` when a token is configured; compares in constant time.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = self.token else { return try await next(request, context) }
        // Digests compare in constant time (swift-crypto), and hashing first hides the token's length too.
        let expected = SHA256.hash(data: Array("Bearer \(token)".utf8))
        let given = SHA256.hash(data: Array((request.headers[.authorization] ?? "").utf8))
        guard expected == given else { throw Problem(.unauthorized, "a valid bearer token is required") }
        return try await next(request, context)
    }
}

extension Response {
    /// A JSON response of `data`.
    static func json(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
