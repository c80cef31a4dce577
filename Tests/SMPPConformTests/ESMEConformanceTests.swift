// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix
import SMPPConform
import SMPPCore
import SMPPNIO
import SMPPTestSupport
import Testing

/// `--role esme`: mogate plays the SMSC that an ESME binds to (or outbinds to it), and judges the ESME.
@Suite struct ESMEConformanceTests {
    static let logger = Logger(label: "test.conform.esme")

    static func target(port: Int, password: String = "secret") -> ConformanceTarget {
        ConformanceTarget(host: "127.0.0.1", port: port, systemID: "carrier1", password: password)
    }

    /// A port that was free a moment ago.
    static func freePort() async throws -> Int { TestPorts.free() }

    /// Binds mogate's own ESME (SMPPClient, as receiver) to `port` once something listens there.
    static func bindESME(port: Int, password: String = "secret") async throws -> SMPPSession? {
        for _ in 0..<100 {
            do {
                return try await SMPPClient.connect(
                    SMPPClient.Configuration(
                        host: "127.0.0.1",
                        port: port,
                        bindType: .receiver,
                        systemID: "carrier1",
                        password: password
                    ),
                    logger: Self.logger
                )
            } catch let error as SMPPError where error.code == .bindFailed {
                return nil
            } catch {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        return nil
    }

    @Test("mogate's own ESME, binding to the conform listener, passes every case")
    func listenForOwnESME() async throws {
        let port = try await Self.freePort()
        async let esme = Self.bindESME(port: port)
        let results = await ConformanceSuite.runESME(
            connection: .listen(host: "127.0.0.1", port: port),
            target: Self.target(port: port),
            bindTimeout: .seconds(10)
        )
        _ = try await esme
        #expect(results.map(\.id) == ConformanceSuite.esmeCaseIDs)
        for result in results {
            #expect(result.verdict == .pass, "\(result.id): \(result.detail)")
        }
    }

    @Test("mogate's own outbind listener binds back and passes every case")
    func outbindToOwnESME() async throws {
        let listener = try await SMPPClient.listenForOutbind(
            host: "127.0.0.1",
            port: 0,
            bind: Bind(systemID: "carrier1", password: "secret"),
            logger: Self.logger
        )
        let port = try #require(listener.localAddress?.port)
        let results = await ConformanceSuite.runESME(
            connection: .outbind(host: "127.0.0.1", port: port),
            target: Self.target(port: port),
            bindTimeout: .seconds(10)
        )
        try await listener.close()
        #expect(results.count == ConformanceSuite.esmeCaseIDs.count)
        for result in results {
            #expect(result.verdict == .pass, "\(result.id): \(result.detail)")
        }
    }

    @Test("an ESME that binds with the wrong password is refused, and the run stops there")
    func wrongPassword() async throws {
        let port = try await Self.freePort()
        async let esme = Self.bindESME(port: port, password: "nope")
        let results = await ConformanceSuite.runESME(
            connection: .listen(host: "127.0.0.1", port: port),
            target: Self.target(port: port),
            bindTimeout: .seconds(10)
        )
        #expect(try await esme == nil, "the bind should have been refused")
        #expect(results.map(\.id) == ["esme.bind"])
        #expect(results.first?.verdict == .fail)
        #expect(results.first?.detail.contains("ESME_RINVPASWD") == true, "\(results)")
    }

    @Test("no ESME within the bind timeout fails esme.bind")
    func nobodyBinds() async throws {
        let port = try await Self.freePort()
        let results = await ConformanceSuite.runESME(
            connection: .listen(host: "127.0.0.1", port: port),
            target: Self.target(port: port),
            bindTimeout: .milliseconds(300)
        )
        #expect(results.map(\.verdict) == [.fail])
    }
}
