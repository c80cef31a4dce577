// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A few HTTP calls to the gateway's API in tests.
enum HTTPProbe {
    struct Reply {
        var status: Int
        var contentType: String?
        var body: Data
    }

    static func get(port: Int, path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await self.send(.GET, port: port, path: path, body: nil, headers: headers)
    }

    static func post(port: Int, path: String, body: String, headers: [(String, String)] = []) async throws -> Reply {
        try await self.send(.POST, port: port, path: path, body: body, headers: headers)
    }

    private static func send(
        _ method: HTTPMethod,
        port: Int,
        path: String,
        body: String?,
        headers: [(String, String)]
    )
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(
            status: Int(response.status.code),
            contentType: response.headers.first(name: "Content-Type"),
            body: Data(bytes.readableBytesView)
        )
    }
}
