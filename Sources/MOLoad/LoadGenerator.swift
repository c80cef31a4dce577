// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Logging
import NIOCore
import NIOPosix
import SMPPCore
import SMPPNIO
import Synchronization

/// `mogate load`: opens the sessions (or waits for peers to bind), drives them, and reports.
public struct LoadGenerator: Sendable {
    public var configuration: LoadConfiguration
    public var logger: Logger

    public init(configuration: LoadConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the load.
    /// - Parameters:
    ///   - onListening: with `--listen`, called with the port once the listener is up.
    ///   - onProgress: called about once a second with the live numbers and the seconds they cover.
    public func run(
        onListening: @escaping @Sendable (Int) -> Void = { _ in },
        onProgress: @escaping @Sendable (LoadProgress, Double) -> Void = { _, _ in }
    ) async throws -> LoadReport {
        switch self.configuration.target {
        case .connect:
            let sessions = try await self.connectSessions()
            let report = try await self.drive(sessions, onProgress: onProgress)
            await withTaskGroup(of: Void.self) { group in
                for session in sessions { group.addTask { try? await session.unbind() } }
            }
            return report
        case .listen(let host, let port):
            return try await self.listen(host: host, port: port, onListening: onListening, onProgress: onProgress)
        }
    }

    private var sessionConfiguration: SMPPSessionConfiguration {
        var session = SMPPSessionConfiguration()
        session.windowSize = self.configuration.window
        session.responseTimeout = .milliseconds(Int64(self.configuration.responseTimeout * 1000))
        session.localSystemID = "mogate-load"
        session.capture = self.configuration.capture
        return session
    }

    private func connectSessions() async throws -> [SMPPSession] {
        guard case .connect(let host, let port, let systemID, let password, let bindType) = self.configuration.target
        else { return [] }
        var client = SMPPClient.Configuration(
            host: host,
            port: port,
            bindType: bindType == .transceiver ? .transceiver : .transmitter,
            systemID: systemID,
            password: password
        )
        client.session = self.sessionConfiguration
        let configured = client
        return try await withThrowingTaskGroup(of: SMPPSession.self) { group in
            for _ in 0..<self.configuration.sessions {
                group.addTask { try await SMPPClient.connect(configured, logger: self.logger) }
            }
            var sessions: [SMPPSession] = []
            for try await session in group { sessions.append(session) }
            return sessions
        }
    }

    private func listen(
        host: String,
        port: Int,
        onListening: @escaping @Sendable (Int) -> Void,
        onProgress: @escaping @Sendable (LoadProgress, Double) -> Void
    ) async throws -> LoadReport {
        var server = SMPPServer.Configuration()
        server.host = host
        server.port = port
        server.session = self.sessionConfiguration
        let (bound, continuation) = AsyncStream.makeStream(of: SMPPSession.self)
        let smpp = SMPPServer(
            configuration: server,
            requestHandler: SMPPAcceptingRequestHandler(),
            logger: self.logger,
            onServerRunning: { onListening($0.smpp?.port ?? 0) },
            onSessionBound: { session in
                // Only binds that can take deliver_sm: a transmitter cannot receive.
                if session.info.bindType != .transmitter { continuation.yield(session) }
            }
        )
        // Cancelling the server's task closes the listener and whatever is still connected.
        let serving = Task { try await smpp.run() }
        defer { serving.cancel() }
        let sessions = try await self.waitForBinds(bound)
        continuation.finish()
        let report = try await self.drive(sessions, onProgress: onProgress)
        await withTaskGroup(of: Void.self) { unbinds in
            for session in sessions { unbinds.addTask { try? await session.unbind() } }
        }
        return report
    }

    private func waitForBinds(_ bound: AsyncStream<SMPPSession>) async throws -> [SMPPSession] {
        let wanted = self.configuration.sessions
        let wait = self.configuration.bindWait
        return try await withThrowingTaskGroup(of: [SMPPSession]?.self) { group in
            group.addTask {
                var sessions: [SMPPSession] = []
                for await session in bound {
                    sessions.append(session)
                    if sessions.count == wanted { break }
                }
                return sessions
            }
            group.addTask {
                try await Task.sleep(for: .seconds(wait))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let sessions = first, sessions.count == wanted else {
                throw LoadError.bindWaitExpired(wanted: wanted, seconds: wait)
            }
            return sessions
        }
    }

    private func drive(
        _ sessions: [SMPPSession],
        onProgress: @escaping @Sendable (LoadProgress, Double) -> Void
    ) async throws -> LoadReport {
        let configuration = self.configuration
        let start = NIODeadline.now()
        let startMicros = WallClock.nowMicros()
        let recorder = LoadRecorder(start: start)
        let source = LoadSource(
            run: UInt16.random(in: 0...UInt16.max),
            count: configuration.count,
            end: configuration.duration.map { start + .nanoseconds(Int64($0 * 1e9)) },
            builder: LoadMessageBuilder(command: configuration.command, mix: configuration.mix)
        )
        // Each session gets an equal share of the rate.
        let interval = configuration.rate.map { rate in
            TimeAmount.nanoseconds(Int64(1e9 * Double(sessions.count) / rate))
        }
        let drivers = sessions.map {
            SessionDriver(
                session: $0,
                source: source,
                recorder: recorder,
                window: configuration.window,
                interval: interval
            )
        }
        let progress = Task {
            var last = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                let now = ContinuousClock.now
                let seconds = (now - last) / .seconds(1)
                last = now
                if Task.isCancelled { break }
                onProgress(recorder.takeProgress(), seconds)
            }
        }
        defer { progress.cancel() }
        try await withTaskCancellationHandler {
            let finished = drivers.map { $0.start() }
            for future in finished { try await future.get() }
        } onCancel: {
            source.stop()
        }
        let elapsed = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        return LoadReport(
            configuration: configuration,
            sessions: sessions.count,
            startMicros: startMicros,
            elapsed: elapsed,
            state: recorder.state.withLock { $0 }
        )
    }
}

public enum LoadError: Error, CustomStringConvertible {
    case bindWaitExpired(wanted: Int, seconds: Double)

    public var description: String {
        switch self {
        case .bindWaitExpired(let wanted, let seconds):
            "fewer than \(wanted) receiver or transceiver binds within \(Int(seconds)) s"
        }
    }
}
