// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Hummingbird

/// RFC 9457 problem details: what every error of the HTTP API answers.
public struct ProblemResponse: Error, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String

    public init(status: HTTPResponse.Status, title: String, detail: String) {
        self.status = status
        self.title = title
        self.detail = detail
    }

    public static func badRequest(_ detail: String) -> ProblemResponse {
        ProblemResponse(status: .badRequest, title: "Bad Request", detail: detail)
    }

    public static func notFound(_ detail: String) -> ProblemResponse {
        ProblemResponse(status: .notFound, title: "Not Found", detail: detail)
    }

    public var headers: HTTPFields { [.contentType: "application/problem+json"] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = [
            "type": "about:blank", "title": self.title, "status": Int(self.status.code), "detail": self.detail,
        ]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return Response(
            status: self.status,
            headers: self.headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

extension Response {
    /// A JSON response from an Encodable value.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(MOTimestamp.string(date))
        }
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
