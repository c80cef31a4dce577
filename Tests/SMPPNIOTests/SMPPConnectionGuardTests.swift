// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing

@testable import SMPPNIO

/// The accept-time limits: connections in total and per address, and failed binds per address per minute.
@Suite struct SMPPConnectionGuardTests {
    static func limits(total: Int? = nil, perIP: Int? = nil, failedBinds: Int? = nil) -> SMPPServer.Limits {
        var limits = SMPPServer.Limits()
        limits.maximumConnections = total
        limits.maximumConnectionsPerIP = perIP
        limits.failedBindsPerIPPerMinute = failedBinds
        return limits
    }

    @Test("per-IP and total limits refuse the connection over them, and a release makes room again")
    func connectionLimits() {
        let guardian = SMPPConnectionGuard(limits: Self.limits(total: 3, perIP: 2))
        #expect(guardian.admit("10.0.0.1") == nil)
        #expect(guardian.admit("10.0.0.1") == nil)
        #expect(guardian.admit("10.0.0.1") == .tooManyConnectionsFromIP)
        #expect(guardian.admit("10.0.0.2") == nil)
        #expect(guardian.admit("10.0.0.3") == .tooManyConnections)
        #expect(guardian.connectionCount == 3)
        guardian.release("10.0.0.1")
        #expect(guardian.admit("10.0.0.3") == nil)
        #expect(guardian.connectionCount == 3)
    }

    @Test("failed binds refuse the address for the rest of the minute, then it may try again")
    func failedBinds() {
        let guardian = SMPPConnectionGuard(limits: Self.limits(failedBinds: 3))
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
        for _ in 0..<3 { guardian.bindFailed("10.0.0.1", now: start) }
        #expect(guardian.admit("10.0.0.1", now: start + .seconds(59)) == .tooManyFailedBinds)
        #expect(guardian.admit("10.0.0.2", now: start + .seconds(59)) == nil, "other addresses are not affected")
        #expect(guardian.admit("10.0.0.1", now: start + .seconds(60)) == nil)
    }

    @Test("no limits: everything is admitted")
    func unlimited() {
        let guardian = SMPPConnectionGuard(limits: Self.limits())
        for _ in 0..<1000 { #expect(guardian.admit("10.0.0.1") == nil) }
        for _ in 0..<50 { guardian.bindFailed("10.0.0.1") }
        #expect(guardian.admit("10.0.0.1") == nil)
    }
}
