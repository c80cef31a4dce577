// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import Logging
import MOCheck
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Testing

/// A verifier on a loopback port with a fresh SQLite file, run for the length of a test.
enum VerifierHarness {
    static let logger = Logger(label: "test.mocheck", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A fresh directory under the temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mocheck-tests-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A configuration with its store in a fresh directory and fast callbacks.
    static func configuration(secret: String? = "whsec-test") throws -> MOCheckConfiguration {
        var configuration = MOCheckConfiguration()
        configuration.databasePath = try Self.directory().appendingPathComponent("mocheck.sqlite").path
        configuration.webhookSecret = secret
        configuration.callbacks.base = .milliseconds(20)
        configuration.callbacks.cap = .milliseconds(200)
        configuration.sweepInterval = .milliseconds(50)
        return configuration
    }

    /// Runs the verifier's service and HTTP server around `body`, which gets the service and the port.
    static func with<T: Sendable>(
        _ configuration: MOCheckConfiguration,
        _ body: @escaping @Sendable (MOCheckService, Int) async throws -> T
    ) async throws -> T {
        let service = try MOCheckService(configuration: configuration, logger: Self.logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let http = service.application(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        let group = ServiceGroup(services: [service, http], gracefulShutdownSignals: [], logger: Self.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result: Result<T, any Error>
            do { result = .success(try await body(service, port)) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}

/// A few HTTP calls in tests.
enum HTTP {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: self.body)) as? [String: Any]) ?? [:] }
    }

    static func send(
        _ method: HTTPMethod,
        _ url: String,
        body: Data? = nil,
        headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: fields, body: Data(bytes.readableBytesView))
    }

    static func json(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }
}
