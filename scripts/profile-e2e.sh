#!/usr/bin/env bash
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# CPU per MO of `mogate serve` at a fixed, modest load, optionally under `perf record`:
#   mogate sink ← mogate serve --durability fsync ← mogate load --rate RATE --count N --window WINDOW
#
#   scripts/profile-e2e.sh                                  # N=5000 at 500 MO/s, window 10, no profiler
#   N=10000 RATE=max WINDOW=100 scripts/profile-e2e.sh       # as fast as the window allows
#   PERF=1 N=5000 RATE=500 OUT=/tmp/prof scripts/profile-e2e.sh   # also perf record -g (cpu-clock) on serve
#
# The gateway's CPU is utime+stime from /proc/PID/stat, from the load's start until the sink has all N MOs;
# µs/MO = that ÷ N; context switches per MO likewise, summed over its threads. Prints µs/MO per thread name
# (mogate-store is the store writer) on stderr, and one JSON line, which it also writes to
# $OUT/cpu.json. Needs a release build.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MOGATE=${MOGATE:-$ROOT/.build/release/mogate}
N=${N:-5000}
RATE=${RATE:-500}
WINDOW=${WINDOW:-10}
DURABILITY=${DURABILITY:-fsync}
TRANSPORT=${TRANSPORT:-}
PIPELINING=${PIPELINING:-}  # serve's --webhook-pipelining; empty: its default
PERF=${PERF:-0}
OUT=${OUT:-/tmp/mogate-profile-e2e/$(date -u +%Y%m%d-%H%M%S)}
BASE_PORT=${BASE_PORT:-$((20000 + RANDOM % 20000))}
SMPP_PORT=$BASE_PORT SINK_PORT=$((BASE_PORT + 1)) HTTP_PORT=$((BASE_PORT + 2))
TICKS=$(getconf CLK_TCK)
STARTED=()

log() { echo "[profile-e2e $(date -u +%H:%M:%S)] $*" >&2; }
stop_pid() {   # our own PIDs only: INT (perf writes its file), then TERM, then KILL
    local pid=$1 sig=${2:-TERM} i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -"$sig" "$pid" 2>/dev/null
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}
cleanup() { local p; for p in "${STARTED[@]:-}"; do stop_pid "$p"; done; }
trap cleanup EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
thread_ticks() {   # "tid comm utime+stime syscr syscw wchar" per thread; comm may hold spaces: read after its ')'
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s %s %s %s\n' "${t##*/}" "$(tr ' ' '_' < "$t/comm")" "$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')" \
            "$(awk '$1 == "wchar:" {w = $2} $1 == "syscr:" {r = $2} $1 == "syscw:" {s = $2} END {print r, s, w}' "$t/io")"
    done 2>/dev/null
}
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s + 0}'; }
wait_port() {
    local i
    for i in $(seq 1 $(($2 * 10))); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

mkdir -p "$OUT"
rm -rf "$OUT/store"
"$MOGATE" sink --port "$SINK_PORT" --json "$OUT/sink.json" > "$OUT/sink.out" 2>&1 &
sink=$!; STARTED+=("$sink")
wait_port "$SINK_PORT" 20 || { log "sink did not start"; exit 1; }
"$MOGATE" serve --smpp-port "$SMPP_PORT" --http-port "$HTTP_PORT" --data-dir "$OUT/store" \
    --durability "$DURABILITY" ${TRANSPORT:+--webhook-transport "$TRANSPORT"} \
    ${PIPELINING:+--webhook-pipelining "$PIPELINING"} \
    --webhook-url "http://127.0.0.1:$SINK_PORT/mo" --log-level warning > "$OUT/serve.out" 2>&1 &
gateway=$!; STARTED+=("$gateway")
wait_port "$SMPP_PORT" 30 || { log "serve did not start"; cat "$OUT/serve.out" >&2; exit 1; }

perf_pid=
if [ "$PERF" = 1 ]; then
    perf record -e cpu-clock -F 999 -g -p "$gateway" -o "$OUT/perf.data" > "$OUT/perf.out" 2>&1 &
    perf_pid=$!
    sleep 0.5
fi
thread_ticks "$gateway" > "$OUT/threads0"
cpu0=$(cpu_ticks "$gateway"); sink0=$(cpu_ticks "$sink"); switches0=$(switches "$gateway"); t0=$(date +%s.%N)
RATE_ARGS=(--rate "$RATE"); [ "$RATE" = max ] && RATE_ARGS=()
TIMEFORMAT='%U %S'   # the load tool's own CPU, from bash's time
{ time "$MOGATE" load --port "$SMPP_PORT" --sessions 1 --window "$WINDOW" "${RATE_ARGS[@]}" --count "$N" \
    --json "$OUT/load.json" --quiet --timeout 60 > "$OUT/load.out" 2>&1 || log "load failed: $(tail -3 "$OUT/load.out")"
} 2> "$OUT/load.time"
unique=0
for _ in $(seq 1 600); do
    unique=$(curl -s "http://127.0.0.1:$SINK_PORT/stats" | jq -r '.unique_tags // 0')
    [ "$unique" -ge "$N" ] && break
    sleep 0.1
done
t1=$(date +%s.%N)
ticks=$(( $(cpu_ticks "$gateway") - cpu0 ))
sink_ticks=$(( $(cpu_ticks "$sink") - sink0 ))
thread_ticks "$gateway" > "$OUT/threads1"
switched=$(( $(switches "$gateway") - switches0 ))
[ -n "$perf_pid" ] && stop_pid "$perf_pid" INT
sleep 1.1   # the store's counters on /metrics are sampled every second
metrics=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics")
commits=$(echo "$metrics" | awk '$1 == "mogate_store_commits_total" {print $2}')
writes=$(echo "$metrics" | awk '$1 == "mogate_store_writes_total" {print $2}')
stop_pid "$gateway"
stop_pid "$sink"
STARTED=()
result=$(python3 -c "
import sys
n, unique, ticks, hz, wall, switched = $N, $unique, $ticks, $TICKS, $t1 - $t0, $switched
print('{\"n\": %d, \"unique\": %d, \"rate\": \"$RATE\", \"window\": $WINDOW, \"durability\": \"$DURABILITY\", '
      '\"wall_s\": %.2f, \"e2e_mo_per_s\": %.0f, \"gateway_cpu_s\": %.2f, \"gateway_us_per_mo\": %.0f, '
      '\"context_switches_per_mo\": %.1f}'
      % (n, unique, wall, unique / wall, ticks / hz, 1e6 * ticks / hz / max(unique, 1), switched / max(unique, 1)))
before = {l.split()[0]: [int(x) for x in l.split()[2:]] for l in open('$OUT/threads0') if len(l.split()) == 6}
groups, io = {}, {}
for l in open('$OUT/threads1'):
    fields = l.split()
    if len(fields) != 6: continue
    tid, comm, now = fields[0], fields[1], [int(x) for x in fields[2:]]
    was = before.get(tid, [0, 0, 0, 0])
    # NIO-SGLTN-1-#0 -> NIO-SGLTN; the cooperative pool's threads share one name
    name = comm.split('-#')[0] if comm.startswith('NIO-') else comm
    groups[name] = groups.get(name, 0) + now[0] - was[0]
    io[name] = [a + b - c for a, b, c in zip(io.get(name, [0, 0, 0]), now[1:], was[1:])]
load_cpu = sum(float(x) for x in open('$OUT/load.time').read().split()[-2:])
print('  µs per MO of the sink %.0f and of the load tool %.0f (they share the machine)'
      % (1e6 * $sink_ticks / hz / max(unique, 1), 1e6 * load_cpu / max(unique, 1)), file=sys.stderr)
print('  µs per MO by thread: ' + ', '.join('%s %.0f' % (k, 1e6 * v / hz / max(unique, 1))
      for k, v in sorted(groups.items(), key=lambda kv: -kv[1]) if v), file=sys.stderr)
print('  per MO by thread, read and write syscalls and bytes written: ' + ', '.join(
      '%s %.2f/%.2f/%.0f' % (k, v[0] / max(unique, 1), v[1] / max(unique, 1), v[2] / max(unique, 1))
      for k, v in sorted(io.items(), key=lambda kv: -kv[1][1]) if v[0] or v[1]), file=sys.stderr)
commits, writes = int('${commits:-0}' or 0), int('${writes:-0}' or 0)
print('  store: %d commits for %d writes (%.1f a commit), %.2f commits a MO'
      % (commits, writes, writes / max(commits, 1), commits / max(unique, 1)), file=sys.stderr)")
echo "$result" | tee "$OUT/cpu.json"
