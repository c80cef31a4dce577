#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# The store's floor: the writes mogate's store makes per MO (schema v4: outbox row, pending/delivered partial
# indexes, an attempts row) through Python's sqlite3, i.e. the C library with no Swift, WAL with synchronous=FULL.
# Each commit inserts BATCH records and marks delivered the BATCH inserted LAG records earlier.
#   python3 Benchmarks/scripts/sqlite-floor.py [DIR] [BATCH ...]     # default: a temporary directory; 5 15 30 100
# Prints bytes written (wchar) and process CPU per MO for each batch size.
import os, sqlite3, sys, tempfile, time

SCHEMA = '''
CREATE TABLE outbox (id TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL,
  queued_at REAL NOT NULL, next_attempt_at REAL, delivered_at REAL, dead_at REAL,
  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
CREATE INDEX outbox_due ON outbox (next_attempt_at, queued_at) WHERE state = 'pending';
CREATE INDEX outbox_dead ON outbox (dead_at, queued_at) WHERE state = 'dead';
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE state = 'delivered';
CREATE TABLE attempts (message_id TEXT NOT NULL, at REAL NOT NULL, http_status INTEGER, error TEXT,
  duration_ms INTEGER NOT NULL);
CREATE INDEX attempts_message ON attempts (message_id, at);
'''


def wchar():
    with open('/proc/self/io') as io:
        return next(int(line.split()[1]) for line in io if line.startswith('wchar'))


def run(directory, batch, n=10000, lag=100, payload=900):
    path = os.path.join(directory, 'floor-%d.sqlite' % batch)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL')
    db.execute('PRAGMA synchronous=FULL')
    db.executescript(SCHEMA)
    ids, body = [], 'x' * payload
    written, cpu = wchar(), time.process_time()
    for start in range(0, n + lag, batch):
        db.execute('BEGIN IMMEDIATE')
        now = time.time()
        for i in range(start, min(start + batch, n)):
            ids.append('01J%023d' % i)
            db.execute("INSERT OR IGNORE INTO outbox (id, type, payload, state, queued_at, next_attempt_at, attempts) "
                       "VALUES (?, 'mo', ?, 'pending', ?, ?, 0)", (ids[-1], body, now, now))
        for i in range(max(0, start - lag), max(0, min(start - lag + batch, n))):
            db.execute('INSERT INTO attempts VALUES (?, ?, 200, NULL, 3)', (ids[i], now))
            db.execute("UPDATE outbox SET state = 'delivered', delivered_at = ?, next_attempt_at = NULL, "
                       "attempts = attempts + 1 WHERE id = ? AND state = 'pending'", (now, ids[i]))
        db.execute('COMMIT')
    print('batch %3d: %6.0f bytes written a MO, %5.1f µs CPU a MO'
          % (batch, (wchar() - written) / n, (time.process_time() - cpu) * 1e6 / n))
    db.close()


if __name__ == '__main__':
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix='mogate-floor-')
    for size in [int(a) for a in sys.argv[2:]] or [5, 15, 30, 100]:
        run(directory, size)
