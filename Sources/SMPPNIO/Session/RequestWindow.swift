// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import SMPPCore

/// The requests a session has sent and not yet seen answered, matched to responses by sequence number.
///
/// Generic over what the caller waits on (a promise in the handler, an integer in tests), so the rules stay testable
/// without an event loop. Responses may come in any order; one nobody asked for is reported, never trusted.
struct RequestWindow<Token> {
    struct Entry {
        var commandID: CommandID
        var deadline: NIODeadline
        var token: Token
    }

    /// The most requests outstanding at once.
    let capacity: Int
    private(set) var entries: [UInt32: Entry] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "a window holds at least one request")
        self.capacity = capacity
    }

    var count: Int { self.entries.count }
    var isFull: Bool { self.entries.count >= self.capacity }
    var isEmpty: Bool { self.entries.isEmpty }

    /// Records a request that was just sent. The caller checks ``isFull`` first.
    mutating func insert(sequenceNumber: UInt32, commandID: CommandID, deadline: NIODeadline, token: Token) {
        precondition(self.entries[sequenceNumber] == nil, "sequence number \(sequenceNumber) is already in flight")
        self.entries[sequenceNumber] = Entry(commandID: commandID, deadline: deadline, token: token)
    }

    enum Match {
        case matched(Token)
        /// No request with this sequence number is outstanding.
        case unsolicited
        /// A request with this sequence number is outstanding, but it was another command; it stays outstanding.
        case mismatched(expected: CommandID)
    }

    /// Matches a response. generic_nack answers any request.
    mutating func responseReceived(_ commandID: CommandID, sequenceNumber: UInt32) -> Match {
        guard let entry = self.entries[sequenceNumber] else { return .unsolicited }
        let expected = CommandID(rawValue: entry.commandID.rawValue | CommandID.genericNack.rawValue)
        guard commandID == expected || commandID == .genericNack else { return .mismatched(expected: expected) }
        self.entries[sequenceNumber] = nil
        return .matched(entry.token)
    }

    /// Removes and returns the requests whose deadline has passed, oldest first.
    mutating func expire(now: NIODeadline) -> [(CommandID, Token)] {
        let expired = self.entries.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
        for (sequenceNumber, _) in expired { self.entries[sequenceNumber] = nil }
        return expired.map { ($0.value.commandID, $0.value.token) }
    }

    /// The earliest deadline of the outstanding requests.
    var nextDeadline: NIODeadline? { self.entries.values.lazy.map(\.deadline).min() }

    /// Removes and returns every outstanding request (the session closed).
    mutating func removeAll() -> [Token] {
        defer { self.entries.removeAll() }
        return self.entries.values.map(\.token)
    }
}
