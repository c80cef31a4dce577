// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import GRDB
import GRDBSQLite

/// The writer's two statements per MO, bound through SQLite's C API: GRDB's `StatementArguments` box each value
/// (an array of existentials, bound one closure deep each), which cost about 6 % of the writer's CPU. Only for
/// cached INSERT and UPDATE statements run inside the writer's transaction, where no GRDB observer watches.
struct BoundStatement {
    private let statement: Statement
    private var index: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
        // Its result repeats the last step's error, if that failed; the statement is reset either way.
        sqlite3_reset(statement.sqliteStatement)
    }

    mutating func bind(_ value: Double) {
        self.index += 1
        sqlite3_bind_double(self.statement.sqliteStatement, self.index, value)
    }

    mutating func bind(_ value: Int?) {
        self.index += 1
        if let value {
            sqlite3_bind_int64(self.statement.sqliteStatement, self.index, Int64(value))
        } else {
            sqlite3_bind_null(self.statement.sqliteStatement, self.index)
        }
    }

    /// UTF-8 text, copied by SQLite. Empty text is bound as text, not NULL.
    mutating func bind(text bytes: some Collection<UInt8>) {
        self.index += 1
        let handle = self.statement.sqliteStatement
        let index = self.index
        let bind = { (buffer: UnsafeBufferPointer<UInt8>) in
            // A nil pointer would bind NULL: an empty buffer may have none.
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, nil)
            }
            return sqlite3_bind_text(handle, index, base, Int32(buffer.count), Self.transient)
        }
        if bytes.withContiguousStorageIfAvailable(bind) == nil {
            _ = Array(bytes).withUnsafeBufferPointer(bind)
        }
    }

    mutating func bind(_ value: String) {
        self.bind(text: value.utf8)
    }

    /// Steps the statement to its end.
    func execute() throws {
        let handle = self.statement.sqliteStatement
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: self.statement.sql)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
