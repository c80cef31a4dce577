// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Hummingbird
public import Logging
import PhoneNumbers
public import ServiceLifecycle

/// The reference MOCheck verification service: its store, its HTTP routes (``addRoutes(to:)``), and, as a
/// `Service`, the loop that expires checks and delivers callbacks.
///
/// `mogate serve` mounts the routes on its own HTTP API and runs this service in its group; `mogate verifier` runs
/// it alone behind ``application(host:port:onServerRunning:)``.
public final class MOCheckService: Service, Sendable {
    public let configuration: MOCheckConfiguration
    public let store: CheckStore
    let logger: Logger
    let normalizer: PhoneNumberNormalizer
    /// ``MOCheckConfiguration/receiver`` in E.164 with `+`.
    let receiver: String
    let wakeup = Wakeup()
    let callbacks: CallbackSender
    let onMOChecked: @Sendable (MOChecked) -> Void

    /// Opens the store.
    /// - Parameters:
    ///   - onMOChecked: Called after each MO the webhook endpoint handled (`mogate demo` narrates with it).
    /// - Throws: ``Problem`` when the receiver is not a valid number, or the store's error.
    public init(
        configuration: MOCheckConfiguration,
        logger: Logger,
        onMOChecked: @escaping @Sendable (MOChecked) -> Void = { _ in }
    ) throws {
        self.onMOChecked = onMOChecked
        self.normalizer = PhoneNumberNormalizer(defaultRegion: configuration.defaultCountry)
        guard let receiver = self.normalizer.normalize(configuration.receiver, ton: .international).e164 else {
            throw Problem(.internalServerError, "the receiver number is not an E.164 number")
        }
        self.receiver = receiver.description
        self.configuration = configuration
        self.logger = logger
        self.store = try CheckStore(path: configuration.databasePath)
        self.callbacks = CallbackSender(
            store: self.store,
            policy: configuration.callbacks,
            secret: configuration.callbackSecret ?? configuration.webhookSecret,
            logger: logger
        )
    }

    /// Expires checks and delivers callbacks until graceful shutdown; in-flight callbacks finish first.
    public func run() async throws {
        if self.configuration.webhookSecret == nil {
            self.logger.warning("verifier: no webhook secret, so MO are accepted unsigned")
        }
        self.logger.info("verifier ready", metadata: ["receiver": "\(self.receiver)", "path": "\(Self.basePath)"])
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled && !stopping.isSet {
                    do {
                        try await self.store.expireDue()
                        // The lease outlasts an attempt, so a callback is never sent twice at once.
                        let lease = self.configuration.callbacks.timeout + .seconds(5)
                        for callback in try await self.store.claimDueCallbacks(lease: lease, limit: 64) {
                            group.addTask { await self.callbacks.deliver(callback) { self.wakeup.wake() } }
                        }
                    } catch {
                        self.logger.error("verifier: store error", metadata: ["error": "\(error)"])
                    }
                    await self.wakeup.wait(timeout: await self.nextLook())
                }
            }
        } onGracefulShutdown: {
            stopping.set()
            self.wakeup.wake()
        }
    }

    /// Until the next sweep or the next due callback, whichever is sooner.
    private func nextLook() async -> Duration {
        guard let due = try? await self.store.nextCallbackDue() else { return self.configuration.sweepInterval }
        let milliseconds = Int64((due.timeIntervalSinceNow * 1000).rounded(.up))
        return min(self.configuration.sweepInterval, .milliseconds(max(milliseconds, 1)))
    }

    /// A Hummingbird application serving only the verifier (and `/healthz`), for `mogate verifier`.
    public func application(
        host: String,
        port: Int,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let router = Router()
        router.get("healthz") { _, _ in "ok\n" }
        self.addRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) },
            logger: self.logger
        )
    }
}

/// What the webhook endpoint did with one MO.
public struct MOChecked: Sendable {
    /// The record's `id`.
    public var moID: String
    /// The sender in E.164, or nil when it was not a valid number.
    public var from: String?
    public var outcome: CheckStore.MOOutcome
}
