// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import GRDB

extension SQLiteMessageStore {
    /// v3: the ESME outbox, deliver_sm owed to bound ESMEs (routed MO, loopbacks, delivery receipts). A row is
    /// one message for one system_id; it stays pending until an ESME answered every part ESME_ROK.
    static func registerESMEMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE esme_outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        message_id TEXT NOT NULL,
                        system_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
                        queued_at REAL NOT NULL,
                        next_attempt_at REAL,
                        delivered_at REAL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        UNIQUE (message_id, system_id)
                    );
                    -- dueESMEDeliveries: pending rows in next_attempt_at order.
                    CREATE INDEX esme_outbox_due ON esme_outbox (state, next_attempt_at);
                    """
            )
        }
    }
}
