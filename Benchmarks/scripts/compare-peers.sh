#!/usr/bin/env bash
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# Same-run comparison of SMPPCore with the peer kit (../shared/bench), interleaved:
#   peers (wall clock) -> mogate harness + `mogate bench` -> peers again -> mogate harness again
# then prints one table of medians (see BENCHMARKS.md). Run from the repository root after
#   (cd Benchmarks && swift build -c release --product SMPPCodecHarness)
#   swift build -c release --product mogate --scratch-path .build-release
# Env: KIT (../shared/bench), WORK (/tmp/smpp-peers-work), PEERS ("floor libsmpp34 smpp34"), ROUNDS (2), RUNS (3),
#      MIN_MS (300), HARNESS, MOGATE (binaries), OUT (results dir).
set -euo pipefail
KIT=${KIT:-$(cd "$(dirname "$0")/../../../shared/bench" && pwd)}
WORK=${WORK:-/tmp/smpp-peers-work}
PEERS=${PEERS:-"floor libsmpp34 smpp34"}
ROUNDS=${ROUNDS:-2}
RUNS=${RUNS:-3}
MIN_MS=${MIN_MS:-300}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HARNESS=${HARNESS:-$ROOT/Benchmarks/.build/release/SMPPCodecHarness}
MOGATE=${MOGATE:-$ROOT/.build-release/release/mogate}
OUT=${OUT:-$WORK/mogate}
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.txt
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/load.txt"

peers() { # $1 = pass number; keeps each pass's results
    (cd "$KIT" && PEERS="$PEERS" ROUNDS=$ROUNDS RUNS=$RUNS MIN_MS=$MIN_MS VERIFY=0 CG=0 WORK="$WORK" ./run_all.sh) \
        > "$OUT/peers.$1.txt" 2>&1
    mkdir -p "$OUT/peers.$1" && cp "$WORK"/results/bench/*.json "$OUT/peers.$1/"
    echo "peers pass $1 done, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
}
mogate() { # $1 = pass number
    for r in $(seq 1 "$ROUNDS"); do
        for op in decode decode-call encode; do
            for c in deliver_sm submit_sm enquire_link; do
                "$HARNESS" bench "$op" "$WORK/corpus/$c.bin" "$RUNS" "$MIN_MS" > "$OUT/mogate.$op.$c.p$1r$r.json"
            done
        done
    done
    if [ -x "$MOGATE" ]; then
        for op in decode encode; do
            "$MOGATE" bench "$op" --file "$WORK/corpus/deliver_sm.bin" --seconds 3 --json >> "$OUT/cli.$op.txt"
        done
    fi
    echo "mogate pass $1 done, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
}
peers 1
mogate 1
peers 2
mogate 2
python3 "$(dirname "$0")/summarise.py" "$OUT" | tee "$OUT/table.md"
