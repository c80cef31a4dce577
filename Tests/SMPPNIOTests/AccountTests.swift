// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore
import Testing

@testable import SMPPNIO

@Suite struct AccountTests {
    private func status(_ result: SMPPAuthentication) -> CommandStatus {
        switch result {
        case .accepted: .ok
        case .refused(let status): status
        }
    }

    @Test("wrong system_id and wrong password get their own statuses")
    func credentials() {
        let registry = SMPPAccountRegistry(accounts: [SMPPAccount(systemID: "carrier1", password: "secret")])
        let ok = Bind(systemID: "carrier1", password: "secret")
        #expect(self.status(registry.authenticate(ok, as: .transceiver, from: nil)) == .ok)
        #expect(
            self.status(registry.authenticate(Bind(systemID: "other", password: "secret"), as: .transceiver, from: nil))
                == .invalidSystemID
        )
        #expect(
            self.status(
                registry.authenticate(Bind(systemID: "carrier1", password: "secreT"), as: .transceiver, from: nil)
            ) == .invalidPassword
        )
        #expect(
            self.status(
                registry.authenticate(Bind(systemID: "carrier1", password: "secret1"), as: .transceiver, from: nil)
            ) == .invalidPassword
        )
        #expect(
            self.status(registry.authenticate(Bind(systemID: "carrier1", password: ""), as: .transceiver, from: nil))
                == .invalidPassword
        )
    }

    @Test("bind types, allow-lists and session limits refuse with ESME_RBINDFAIL")
    func refusals() throws {
        let account = SMPPAccount(
            systemID: "agg",
            password: "pw",
            allowedBindTypes: [.transmitter],
            allowedNetworks: [try #require(IPNetwork("10.1.0.0/16"))],
            maximumSessions: 1
        )
        let registry = SMPPAccountRegistry(accounts: [account])
        let bind = Bind(systemID: "agg", password: "pw")
        let inside = try SocketAddress(ipAddress: "10.1.2.3", port: 4000)
        let outside = try SocketAddress(ipAddress: "10.2.0.1", port: 4000)
        #expect(self.status(registry.authenticate(bind, as: .receiver, from: inside)) == .bindFailed)
        #expect(self.status(registry.authenticate(bind, as: .transmitter, from: outside)) == .bindFailed)
        guard case .accepted(let lease) = registry.authenticate(bind, as: .transmitter, from: inside) else {
            Issue.record("expected the first session to bind")
            return
        }
        #expect(registry.sessionCount(systemID: "agg") == 1)
        #expect(self.status(registry.authenticate(bind, as: .transmitter, from: inside)) == .bindFailed)
        lease.release()
        #expect(self.status(registry.authenticate(bind, as: .transmitter, from: inside)) == .ok)
    }

    @Test("an open registry accepts any credentials")
    func open() {
        let registry = SMPPAccountRegistry(accounts: [])
        #expect(registry.isOpen)
        #expect(self.status(registry.authenticate(Bind(systemID: "x", password: "y"), as: .receiver, from: nil)) == .ok)
    }

    @Test("the throughput limit admits a second's worth, then refuses, and refills with time")
    func throttle() {
        let registry = SMPPAccountRegistry(accounts: [SMPPAccount(systemID: "t", password: "p", messagesPerSecond: 5)])
        guard
            case .accepted(let lease) = registry.authenticate(
                Bind(systemID: "t", password: "p"),
                as: .transmitter,
                from: nil
            )
        else {
            Issue.record("bind refused")
            return
        }
        let start = NIODeadline.now()
        #expect(lease.admit(segments: 3, now: start))
        #expect(lease.admit(segments: 2, now: start))
        #expect(!lease.admit(segments: 1, now: start))
        #expect(lease.admit(segments: 1, now: start + .milliseconds(250)))
        #expect(!lease.admit(segments: 2, now: start + .milliseconds(250)))
    }

    @Test("CIDR networks match IPv4, IPv6 and IPv4-mapped addresses")
    func networks() throws {
        let v4 = try #require(IPNetwork("192.168.1.0/24"))
        #expect(v4.contains(try SocketAddress(ipAddress: "192.168.1.77", port: 1)))
        #expect(!v4.contains(try SocketAddress(ipAddress: "192.168.2.1", port: 1)))
        #expect(v4.contains(try SocketAddress(ipAddress: "::ffff:192.168.1.9", port: 1)))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains(try SocketAddress(ipAddress: "2001:db8:1::5", port: 1)))
        #expect(!v6.contains(try SocketAddress(ipAddress: "2001:db9::5", port: 1)))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("not-an-address") == nil)
        #expect(v4.description == "192.168.1.0/24")
    }

    @Test("constant-time comparison agrees with ==")
    func constantTime() {
        #expect(constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abc\0".utf8)))
        #expect(!constantTimeEquals(Array("".utf8), Array("a".utf8)))
    }

    @Test("--account parses SYSTEM_ID:PASSWORD within the bind field limits")
    func credentialsFlag() {
        #expect(SMPPAccount(credentials: "carrier1:pw:x")?.password == "pw:x")
        #expect(SMPPAccount(credentials: "nopassword") == nil)
        #expect(SMPPAccount(credentials: "abcdefghijklmnop:pw") == nil)
    }
}
