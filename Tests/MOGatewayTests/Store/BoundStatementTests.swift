// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import GRDB
import Testing

@testable import MOGateway

/// The writer's statements bound through SQLite's C API read back as GRDB binds them.
@Suite struct BoundStatementTests {
    @Test("text from bytes and from a string, empty text, NULL, integers and reals read back exactly")
    func roundTrip() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c TEXT, d INTEGER, e INTEGER, f REAL)")
            for (text, empty) in [(Array("Verify 424242 😀".utf8), [UInt8]()), (Array("second".utf8), [])] {
                var statement = BoundStatement(
                    try db.cachedStatement(sql: "INSERT INTO t (a, b, c, d, e, f) VALUES (?, ?, ?, ?, ?, ?)")
                )
                statement.bind(text: text)
                statement.bind("id-é")
                statement.bind(text: empty)
                statement.bind(nil)
                statement.bind(-7)
                statement.bind(1_795_712_400.125)
                try statement.execute()
            }
            let rows = try Row.fetchAll(db, sql: "SELECT a, b, c, typeof(c) AS kind, d, e, f FROM t ORDER BY rowid")
            #expect(rows.count == 2)
            #expect(rows.map { $0["a"] as String } == ["Verify 424242 😀", "second"])
            #expect(rows[0]["b"] as String == "id-é")
            #expect(rows[0]["c"] as String == "")
            #expect(rows[0]["kind"] as String == "text")
            #expect(rows[0]["d"] as Int? == nil)
            #expect(rows[0]["e"] as Int == -7)
            #expect(rows[0]["f"] as Double == 1_795_712_400.125)
        }
    }

    @Test("a failed step throws SQLite's error, and the statement works again after it")
    func failureThenReuse() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL)")
            for (id, fails) in [("a", false), ("a", true), ("b", false)] {
                var statement = BoundStatement(try db.cachedStatement(sql: "INSERT INTO t (id) VALUES (?)"))
                statement.bind(id)
                if fails {
                    #expect(throws: DatabaseError.self) { try statement.execute() }
                } else {
                    try statement.execute()
                }
            }
            #expect(try String.fetchAll(db, sql: "SELECT id FROM t ORDER BY id") == ["a", "b"])
        }
    }
}
