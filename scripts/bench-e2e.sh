#!/usr/bin/env bash
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# End-to-end MO benchmark on loopback: `mogate load` → gateway → webhook → `mogate sink`, for
#   mogate serve --durability fsync, mogate serve --durability os, and Kannel 1.4.5 (bearerbox + smsbox),
# (targets fsync, os, kannel; serve's default webhook transport is nio, and fsync-ahc and os-ahc use
# --webhook-transport async-http-client)
# at windows 1, 10 and 100, with the same load tool and the same sink for all.
#
#   scripts/bench-e2e.sh                     # N=20000 per run, windows 1 10 100, all three targets
#   N=5000 WINDOWS="100" TARGETS="fsync kannel" OUT=/tmp/bench scripts/bench-e2e.sh
#   SINK_ARGS="--outage-after 2 --outage-for 5" WINDOWS=100 scripts/bench-e2e.sh    # a 5 s webhook outage
#   RATE=2500 N=20000 WINDOWS=100 TARGETS=fsync scripts/bench-e2e.sh                  # p99 at a fixed rate
#   PIPELINING=8 WINDOWS=100 scripts/bench-e2e.sh        # serve --webhook-pipelining 8
#
# Needs a release build (swift build -c release) and, for Kannel, Debian's `kannel` package. Every run is bounded
# (RUN_TIMEOUT seconds for the load, DRAIN_TIMEOUT for the last webhooks), and only processes this script
# started are stopped, by PID. Results: $OUT/<target>_w<window>/{load,sink}.json, $OUT/results.md.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MOGATE=${MOGATE:-$ROOT/.build/release/mogate}
N=${N:-20000}
WINDOWS=${WINDOWS:-"1 10 100"}
TARGETS=${TARGETS:-"fsync os kannel"}
RATE=${RATE:-}             # a fixed rate in MO/s (open loop), for latency at a given load; empty: as fast as the window
PIPELINING=${PIPELINING:-} # serve's --webhook-pipelining for the mogate targets; empty: serve's default (1)
SINK_ARGS=${SINK_ARGS:-}   # extra `mogate sink` flags: injected failures (--fail-rate, --outage-after/--outage-for)
OUT=${OUT:-/tmp/mogate-bench-e2e/$(date -u +%Y%m%d-%H%M%S)}
RUN_TIMEOUT=${RUN_TIMEOUT:-180}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-120}
BASE_PORT=${BASE_PORT:-$((20000 + RANDOM % 20000))}
SMPP_PORT=$BASE_PORT SINK_PORT=$((BASE_PORT + 1)) HTTP_PORT=$((BASE_PORT + 2))
KANNEL_ADMIN=$((BASE_PORT + 3)) KANNEL_SMSBOX=$((BASE_PORT + 4))
BEARERBOX=${BEARERBOX:-/usr/sbin/bearerbox}
SMSBOX=${SMSBOX:-/usr/sbin/smsbox}
TICKS=$(getconf CLK_TCK)
STARTED=()

log() { echo "[bench-e2e $(date -u +%H:%M:%S)] $*" >&2; }

stop_pid() {   # TERM, wait up to 15 s, then KILL; our own PIDs only
    local pid=$1 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}
cleanup() { local p; for p in "${STARTED[@]:-}"; do stop_pid "$p"; done; STARTED=(); }
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime + stime
peak_rss_kb() { awk '/^VmHWM:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
machine_ticks() { awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print t - $5 - $6}' /proc/stat; }  # busy, all cores

wait_port() {   # wait_port PORT SECONDS
    local i
    for i in $(seq 1 $(($2 * 10))); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

kannel_conf() {   # kannel_conf FILE DIR: scripts/kannel/load-listen.conf with this run's ports
    sed -e "s|@ADMIN_PORT@|$KANNEL_ADMIN|g" -e "s|@ADMIN_PASSWORD@|bench|g" -e "s|@SMSBOX_PORT@|$KANNEL_SMSBOX|g" \
        -e "s|@SMPP_PORT@|$SMPP_PORT|g" -e "s|@SINK_PORT@|$SINK_PORT|g" -e "s|@LOGS@|$2|g" \
        "$ROOT/scripts/kannel/load-listen.conf" > "$1"
}

# run_one TARGET WINDOW: one bounded run; writes $OUT/TARGET_wWINDOW/
run_one() {
    local target=$1 window=$2 d="$OUT/$1_w$2"
    mkdir -p "$d"
    log "=== $target window $window, $N MOs"
    # shellcheck disable=SC2086 # SINK_ARGS is a list of flags
    "$MOGATE" sink --port "$SINK_PORT" --json "$d/sink.json" $SINK_ARGS > "$d/sink.out" 2>&1 &
    local sink=$!; STARTED+=("$sink")
    wait_port "$SINK_PORT" 20 || { log "sink did not start"; cat "$d/sink.out" >&2; return 1; }

    local gateway=() load_args=(--sessions 1 --window "$window" --count "$N" --json "$d/load.json" --plot "$d/load.svg" --quiet --timeout 60)
    [ -n "$RATE" ] && load_args+=(--rate "$RATE")
    if [ "$target" = kannel ]; then
        kannel_conf "$d/kannel.conf" "$d"
        "$BEARERBOX" "$d/kannel.conf" > "$d/bearerbox.out" 2>&1 & gateway+=($!); STARTED+=($!)
        sleep 0.5
        "$SMSBOX" "$d/kannel.conf" > "$d/smsbox.out" 2>&1 & gateway+=($!); STARTED+=($!)
        sleep 1   # smsbox connected before any MO: its start-up is not in the measurement
        load_args+=(--listen --port "$SMPP_PORT" --bind-wait 30)
    else
        rm -rf "$d/store"
        "$MOGATE" serve --smpp-port "$SMPP_PORT" --http-port "$HTTP_PORT" --data-dir "$d/store" \
            --durability "${target%%-*}" $([ "${target#*-}" = ahc ] && echo --webhook-transport async-http-client) ${PIPELINING:+--webhook-pipelining "$PIPELINING"} --webhook-url "http://127.0.0.1:$SINK_PORT/mo" --log-level warning \
            > "$d/serve.out" 2>&1 &
        gateway+=($!); STARTED+=($!)
        wait_port "$SMPP_PORT" 30 || { log "serve did not start"; cat "$d/serve.out" >&2; return 1; }
        load_args+=(--port "$SMPP_PORT")
    fi

    local g cpu0=() m0 t0 t1
    for g in "${gateway[@]}"; do cpu0+=("$(cpu_ticks "$g")"); done
    local sink0; sink0=$(cpu_ticks "$sink")
    m0=$(machine_ticks); t0=$(date +%s.%N)
    "$MOGATE" load "${load_args[@]}" > "$d/load.out" 2>&1 &
    local load=$!; STARTED+=("$load")
    # The load's own CPU, read until it exits (bounded by RUN_TIMEOUT).
    local load_ticks=0 x load_deadline=$(( $(date +%s) + RUN_TIMEOUT ))
    while kill -0 "$load" 2>/dev/null; do
        x=$(cpu_ticks "$load"); [ "$x" -gt 0 ] && load_ticks=$x
        if [ "$(date +%s)" -gt "$load_deadline" ]; then log "load overran ${RUN_TIMEOUT}s: stopping it"; stop_pid "$load"; fi
        sleep 0.1
    done
    wait "$load"; local load_rc=$?
    [ $load_rc = 0 ] || log "load exit code $load_rc: $(tail -3 "$d/load.out")"

    # Drain: until the sink has every MO, or DRAIN_TIMEOUT without reaching it.
    local deadline=$(( $(date +%s) + DRAIN_TIMEOUT )) unique=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
        unique=$(curl -s "http://127.0.0.1:$SINK_PORT/stats" | jq -r '.unique_tags // 0')
        [ "$unique" -ge "$N" ] && break
        sleep 0.2
    done
    t1=$(date +%s.%N)
    local gw_ticks=0 gw_rss=0 i=0
    for g in "${gateway[@]}"; do
        gw_ticks=$((gw_ticks + $(cpu_ticks "$g") - ${cpu0[$i]})); gw_rss=$((gw_rss + $(peak_rss_kb "$g"))); i=$((i + 1))
    done
    local sink_ticks=$(( $(cpu_ticks "$sink") - sink0 )) sink_rss; sink_rss=$(peak_rss_kb "$sink")
    local machine=$(( $(machine_ticks) - m0 ))
    for g in "${gateway[@]}"; do stop_pid "$g"; done
    stop_pid "$sink"
    STARTED=()
    cat > "$d/cpu.json" <<JSON
{"target": "$target", "window": $window, "n": $N, "wall_s": $(echo "$t1 - $t0" | bc -l),
 "ticks_per_s": $TICKS, "gateway_ticks": $gw_ticks, "gateway_peak_rss_kb": $gw_rss,
 "load_ticks": $load_ticks, "sink_ticks": $sink_ticks, "sink_peak_rss_kb": $sink_rss, "machine_busy_ticks": $machine}
JSON
    python3 "$ROOT/scripts/bench-e2e-report.py" --one "$d" >&2
}

facts() {
    {
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) vCPU"
        echo "memory: $(free -g | awk '/Mem:/{print $2" GiB"}')"
        echo "kernel: $(uname -r); os: $(. /etc/os-release; echo "$PRETTY_NAME")"
        echo "swift: $(swift --version 2>&1 | head -1)"
        echo "kannel: $(dpkg-query -W -f='${Version}' kannel 2>/dev/null || echo 'not installed')"
        echo "mogate: $(git -C "$ROOT" rev-parse --short HEAD) ($MOGATE), webhook pipelining ${PIPELINING:-1}"
        echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    } | tee "$OUT/machine.txt" >&2
}

[ -x "$MOGATE" ] || { log "no release build at $MOGATE: run swift build -c release"; exit 1; }
mkdir -p "$OUT"
facts
for window in $WINDOWS; do
    for target in $TARGETS; do
        if [ "$target" = kannel ] && [ ! -x "$BEARERBOX" ]; then log "Kannel not installed: skipping"; continue; fi
        run_one "$target" "$window"
    done
done
python3 "$ROOT/scripts/bench-e2e-report.py" "$OUT" | tee "$OUT/results.md"
