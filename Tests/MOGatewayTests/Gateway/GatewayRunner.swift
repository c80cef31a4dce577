// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import MOGateway
import NIOCore
import SMPPNIO
import ServiceLifecycle
import Testing

/// Runs a `Gateway` in a ServiceGroup around a test's body, with the ports it listens on, then shuts it down
/// gracefully: the start-up shared by the gateway and emulator suites.
enum GatewayRunner {
    static func run<T: Sendable>(
        _ configuration: GatewayConfiguration,
        logger: Logger,
        _ body: @escaping @Sendable (Gateway, _ smppPort: Int, _ httpPort: Int) async throws -> T
    ) async throws -> T {
        let (smppAddresses, smppContinuation) = AsyncStream<SMPPServer.Listening>.makeStream()
        let (httpPorts, httpContinuation) = AsyncStream<Int>.makeStream()
        let gateway = try Gateway(
            configuration: configuration,
            logger: logger,
            onSMPPRunning: { smppContinuation.yield($0) },
            onHTTPRunning: { httpContinuation.yield($0) }
        )
        let group = ServiceGroup(services: gateway.services, gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var smpp = smppAddresses.makeAsyncIterator()
            var http = httpPorts.makeAsyncIterator()
            let listening = try #require(await smpp.next())
            let httpPort = try #require(await http.next())
            let result: Result<T, any Error>
            do {
                result = .success(try await body(gateway, try #require(listening.smpp?.port), httpPort))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
