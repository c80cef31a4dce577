// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOCheck
import Testing

/// Matching, single use, expiry and idempotency, on a real SQLite file.
@Suite struct CheckStoreTests {
    let path: String
    let store: CheckStore
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        self.path = try VerifierHarness.directory().appendingPathComponent("mocheck.sqlite").path
        self.store = try CheckStore(path: self.path)
    }

    func create(
        phone: String = "+447700900123",
        ttl: Duration = .seconds(120),
        callback: String? = "http://127.0.0.1:9/cb",
        at now: Date? = nil
    ) async throws -> Check {
        try await self.store.create(
            CheckStore.NewCheck(
                checkID: UUID().uuidString.lowercased(),
                phoneNumber: phone,
                moReceiver: "+447860000000",
                ttl: ttl,
                referenceID: "ref-1",
                callbackURL: callback,
                selfHref: "/mo_check/v0.1/checks/x"
            ),
            now: now ?? self.start
        )
    }

    @Test("an MO from the check's number with the code completes it with match true")
    func match() async throws {
        let check = try await self.create()
        #expect(check.status == .accepted)
        #expect(check.moBody == "Verify \(check.otp)")
        #expect(check.ttl == 120)
        let outcome = try await self.store.handleMO(
            moID: "mo-1",
            from: "+447700900123",
            text: "my code is \(check.otp.lowercased()) thanks",
            now: self.start.addingTimeInterval(5)
        )
        #expect(outcome.result == .completed)
        #expect(outcome.checkID == check.checkID)
        #expect(outcome.match == true)
        let stored = try #require(try await self.store.check(id: check.checkID, now: self.start.addingTimeInterval(6)))
        #expect(stored.status == .completed)
        #expect(stored.match == true)
        #expect(stored.moID == "mo-1")
    }

    @Test("an MO with the code from another number completes the check with match false; so does an invalid sender")
    func mismatch() async throws {
        let first = try await self.create()
        let outcome = try await self.store.handleMO(
            moID: "mo-1",
            from: "+447700900999",
            text: first.moBody,
            now: self.start
        )
        #expect(outcome.result == .completed)
        #expect(outcome.match == false)
        let second = try await self.create()
        let invalid = try await self.store.handleMO(moID: "mo-2", from: nil, text: second.moBody, now: self.start)
        #expect(invalid.match == false)
        #expect(try await self.store.check(id: second.checkID, now: self.start)?.match == false)
    }

    @Test("a code is used once: a second MO with it, even from the right number, changes nothing")
    func singleUse() async throws {
        let check = try await self.create()
        _ = try await self.store.handleMO(moID: "mo-1", from: "+447700900999", text: check.moBody, now: self.start)
        let again = try await self.store.handleMO(
            moID: "mo-2",
            from: "+447700900123",
            text: check.moBody,
            now: self.start
        )
        #expect(again.result == .alreadyUsed)
        #expect(again.duplicate == false)
        let stored = try #require(try await self.store.check(id: check.checkID, now: self.start))
        #expect(stored.match == false, "the first MO's outcome stands")
        #expect(stored.moID == "mo-1")
        #expect(try await self.store.callbacks(checkID: check.checkID).count == 1)
    }

    @Test("the same MO id delivered again is a no-op answered like the first time")
    func idempotent() async throws {
        let check = try await self.create()
        let first = try await self.store.handleMO(
            moID: "mo-1",
            from: "+447700900123",
            text: check.moBody,
            now: self.start
        )
        let second = try await self.store.handleMO(
            moID: "mo-1",
            from: "+447700900123",
            text: check.moBody,
            now: self.start
        )
        #expect(first.duplicate == false)
        #expect(second.duplicate == true)
        #expect(second.result == .completed)
        #expect(second.checkID == check.checkID)
        #expect(second.match == true)
        #expect(try await self.store.callbacks(checkID: check.checkID).count == 1, "one callback, not two")
        let none = try await self.store.handleMO(moID: "mo-2", from: "+447700900123", text: "no code", now: self.start)
        #expect(none.result == .noCheck)
        #expect(try await self.store.handleMO(moID: "mo-2", from: nil, text: check.moBody, now: self.start).duplicate)
    }

    @Test("a check past its TTL is EXPIRED when read, when swept, and stays EXPIRED when its code arrives")
    func expiry() async throws {
        let read = try await self.create(ttl: .milliseconds(1500))
        #expect(read.ttl == 2, "ttl is whole seconds, rounded up")
        #expect(
            try await self.store.check(id: read.checkID, now: self.start.addingTimeInterval(1.4))?.status == .accepted
        )
        #expect(
            try await self.store.check(id: read.checkID, now: self.start.addingTimeInterval(1.5))?.status == .expired
        )

        let swept = try await self.create(ttl: .seconds(10))
        #expect(try await self.store.expireDue(now: self.start.addingTimeInterval(9)) == 0)
        #expect(try await self.store.expireDue(now: self.start.addingTimeInterval(10)) == 1)
        #expect(try await self.store.callbacks(checkID: swept.checkID).count == 1, "EXPIRED has a callback too")

        let late = try await self.create(ttl: .seconds(10))
        let outcome = try await self.store.handleMO(
            moID: "mo-late",
            from: "+447700900123",
            text: late.moBody,
            now: self.start.addingTimeInterval(11)
        )
        #expect(outcome.result == .expired)
        let stored = try #require(try await self.store.check(id: late.checkID, now: self.start.addingTimeInterval(12)))
        #expect(stored.status == .expired)
        #expect(stored.match == nil)
    }

    @Test("checks and their callbacks survive reopening the file")
    func restart() async throws {
        let open = try await self.create(callback: nil)
        let done = try await self.create()
        _ = try await self.store.handleMO(moID: "mo-1", from: "+447700900123", text: done.moBody, now: self.start)
        let reopened = try CheckStore(path: self.path)
        #expect(try await reopened.check(id: open.checkID, now: self.start)?.status == .accepted)
        let due = try await reopened.dueCallbacks(now: self.start)
        #expect(due.map(\.checkID) == [done.checkID])
        let body = try JSONSerialization.jsonObject(with: Data(try #require(due.first).body)) as? [String: Any]
        #expect(body?["status"] as? String == "COMPLETED")
        #expect(body?["match"] as? Bool == true)
        #expect(body?["phone_number"] == nil, "the resource carries no phone number")
        // And the code of the open check still completes it after the restart.
        let outcome = try await reopened.handleMO(
            moID: "mo-2",
            from: "+447700900123",
            text: open.moBody,
            now: self.start
        )
        #expect(outcome.result == .completed)
    }

    @Test("a claimed callback is leased: not taken again until the lease ends or a failure schedules the retry")
    func lease() async throws {
        let check = try await self.create()
        _ = try await self.store.handleMO(moID: "mo-1", from: "+447700900123", text: check.moBody, now: self.start)
        let claimed = try await self.store.claimDueCallbacks(now: self.start, lease: .seconds(15))
        #expect(claimed.map(\.checkID) == [check.checkID])
        #expect(
            try await self.store.claimDueCallbacks(now: self.start.addingTimeInterval(14), lease: .seconds(15)).isEmpty
        )
        let id = try #require(claimed.first?.id)
        try await self.store.callbackFailed(id: id, error: "HTTP 500", retryAt: self.start.addingTimeInterval(2))
        let retried = try await self.store.claimDueCallbacks(now: self.start.addingTimeInterval(2), lease: .seconds(15))
        #expect(retried.first?.attempts == 1)
        try await self.store.callbackFailed(id: id, error: "HTTP 500", retryAt: nil)
        #expect(try await self.store.callbacks(checkID: check.checkID).first?.state == "failed")
        #expect(
            try await self.store.claimDueCallbacks(now: self.start.addingTimeInterval(100), lease: .seconds(15)).isEmpty
        )
    }
}
