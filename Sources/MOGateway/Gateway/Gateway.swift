// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import Logging
import NIOCore
public import Prometheus
public import SMPPNIO
public import ServiceLifecycle
import UnixSignals

/// `mogate serve`, assembled: the SMPP listener and upstream binds feed the ingest handler, which stores each MO
/// before answering it; the dispatcher delivers from the store; the HTTP API serves health, metrics, status,
/// dead letters and injection. Everything is a `Service`, run by one `ServiceGroup`.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let store: SQLiteMessageStore
    public let dispatcher: WebhookDispatcher
    public let ingest: MOIngestHandler
    public let smppServer: SMPPServer
    /// The carrier emulator: the ESME outbox's delivery, routing, and the held MT messages.
    public let esmeDelivery: ESMEDeliveryService
    public let esmeRouter: ESMERouter
    public let mtEmulator: MTEmulator
    public let upstreams: [SMPPUpstream]
    public let services: [any Service]
    let logger: Logger

    /// - Parameters:
    ///   - routes: Adds more routes to the HTTP API's router (the built-in verifier's, for one).
    ///   - extraServices: More services to run in the group (the built-in verifier's); they stop last.
    ///   - onSMPPRunning: Called with the SMPP listener's addresses once it listens.
    ///   - onHTTPRunning: Called with the HTTP port once it listens.
    public init(
        configuration: GatewayConfiguration,
        metrics: PrometheusCollectorRegistry? = nil,
        logger: Logger,
        routes: @Sendable (Router<BasicRequestContext>) -> Void = { _ in },
        extraServices: [any Service] = [],
        onSMPPRunning: @escaping @Sendable (SMPPServer.Listening) async -> Void = { _ in },
        onHTTPRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws {
        self.configuration = configuration
        self.logger = logger
        let store = try SQLiteMessageStore(configuration: configuration.store, logger: logger)
        let dispatcher: WebhookDispatcher
        if let webhook = configuration.webhook {
            dispatcher = WebhookDispatcher(
                configuration: webhook,
                store: store,
                transport: configuration.webhookTransport.make(for: webhook),
                logger: logger
            )
        } else {
            dispatcher = WebhookDispatcher(
                configuration: WebhookConfiguration(url: "log:"),
                store: store,
                transport: LoggingTransport(logger: logger),
                logger: logger
            )
        }
        let ingest = MOIngestHandler(
            store: store,
            extractor: MOExtractor(
                defaultCountry: configuration.defaultCountry,
                defaultAlphabet: configuration.defaultAlphabet
            ),
            ackMode: configuration.ackMode,
            logger: logger,
            recordQueued: { _ in dispatcher.wake() },
            waitForDelivery: { id in await dispatcher.waitForDelivery(id: id, timeout: .seconds(30)) },
            deliveryReady: { dispatcher.offer($0) }
        )
        let esmeRouter = ESMERouter(accounts: configuration.smpp.accounts, logger: logger)
        store.setESMERouting { esmeRouter.decide($0) }
        var deliveryConfiguration = configuration.emulator.delivery
        deliveryConfiguration.retention = configuration.retention
        let esmeDelivery = ESMEDeliveryService(
            configuration: deliveryConfiguration,
            store: store,
            sessions: ESMESessions(perSessionLimit: configuration.smpp.session.windowSize),
            logger: logger
        )
        let mtEmulator = MTEmulator(
            messages: MTMessageStore(
                profile: configuration.emulator.receiptProfile,
                seed: configuration.emulator.seed,
                limit: configuration.emulator.mtHoldLimit
            ),
            store: store,
            delivery: esmeDelivery,
            intermediateState: configuration.emulator.intermediateState,
            logger: logger
        )
        let smppServer = SMPPServer(
            configuration: configuration.smpp,
            requestHandler: EmulatorRequestHandler(
                ingest: ingest,
                accounts: configuration.smpp.accounts,
                mt: mtEmulator,
                store: store,
                delivery: esmeDelivery,
                logger: logger
            ),
            logger: logger,
            onServerRunning: onSMPPRunning,
            onSessionBound: { session in
                esmeRouter.sessionBound(session.info)
                if esmeDelivery.sessions.add(session) { esmeDelivery.wake() }
            }
        )
        let upstreams = configuration.upstreams.map {
            SMPPUpstream(configuration: $0, requestHandler: ingest, logger: logger)
        }
        let router = Router()
        GatewayRoutes(
            store: store,
            injector: MOInjector(ingest: ingest),
            metrics: metrics,
            adminToken: configuration.adminToken
        ).add(to: router)
        routes(router)
        let http = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort)),
            onServerRunning: { channel in await onHTTPRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let reassembly = ReassemblyTimeout(
            store: store,
            timeout: configuration.reassemblyTimeout,
            defaultAlphabet: configuration.defaultAlphabet,
            logger: logger,
            recordQueued: { _ in dispatcher.wake() }
        )
        self.store = store
        self.dispatcher = dispatcher
        self.ingest = ingest
        self.smppServer = smppServer
        self.esmeDelivery = esmeDelivery
        self.esmeRouter = esmeRouter
        self.mtEmulator = mtEmulator
        self.upstreams = upstreams
        // A ServiceGroup stops its services in reverse order: ingress first, the store last.
        let gauges = GatewayMetrics(store: store, server: smppServer, interval: .seconds(1))
        let housekeeping = StoreHousekeeping(
            store: store,
            retention: configuration.retention,
            // An SMSC resends an unanswered part within minutes; the reassembly timeout is the same order.
            partsRetention: configuration.reassemblyTimeout,
            logger: logger
        )
        self.services =
            extraServices + [store, dispatcher, esmeDelivery, mtEmulator, reassembly, housekeeping, gauges, http]
            + [smppServer] + upstreams
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    public func run() async throws {
        if self.configuration.store.durability == .memory {
            self.logger.warning("durability memory: MO answered ESME_ROK are lost if the process stops")
        }
        if self.configuration.webhook == nil {
            self.logger.warning("no --webhook-url: MO are stored, logged and marked delivered")
        }
        let group = ServiceGroup(
            configuration: .init(
                services: self.services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: self.logger
            )
        )
        try await group.run()
    }
}
