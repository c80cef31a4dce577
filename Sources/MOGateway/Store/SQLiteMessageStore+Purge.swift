// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation
import GRDB

extension SQLiteMessageStore {
    /// Rows one purge transaction deletes at most, so that ingestion never waits long behind it.
    static let purgeChunk = 2_000

    public func purge(deliveredBefore: Date, completedPartsBefore: Date) async throws -> MessageStorePurge {
        var total = MessageStorePurge()
        // Chunks, each its own write, so that the writer interleaves MO between them.
        while true {
            let chunk = try await self.purgeChunk(
                deliveredBefore: deliveredBefore.timeIntervalSince1970,
                completedPartsBefore: completedPartsBefore.timeIntervalSince1970
            )
            total.deliveredRecords += chunk.deliveredRecords
            total.completedParts += chunk.completedParts
            if chunk.deliveredRecords < Self.purgeChunk, chunk.completedParts < Self.purgeChunk { return total }
        }
    }

    private func purgeChunk(deliveredBefore: Double, completedPartsBefore: Double) async throws -> MessageStorePurge {
        try await self.write { db, _ in
            let ids = try String.fetchAll(
                db,
                sql: "SELECT id FROM outbox WHERE state = 'delivered' AND delivered_at < ? LIMIT ?",
                arguments: [deliveredBefore, Self.purgeChunk]
            )
            for id in ids {
                try db.execute(sql: "DELETE FROM attempts WHERE message_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id])
            }
            try db.execute(
                sql: """
                    DELETE FROM completed_parts WHERE rowid IN
                        (SELECT rowid FROM completed_parts WHERE completed_at < ? LIMIT ?)
                    """,
                arguments: [completedPartsBefore, Self.purgeChunk]
            )
            return MessageStorePurge(deliveredRecords: ids.count, completedParts: db.changesCount)
        }
    }
}
