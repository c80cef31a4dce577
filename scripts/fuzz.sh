#!/usr/bin/env bash
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# Builds the libFuzzer targets of Fuzz/ (with AddressSanitizer) and runs each for a bounded time, starting from the
# seed corpora of scripts/fuzz/seeds.py plus what earlier runs found (Fuzz/.corpus, kept between runs). A crash,
# leak or timeout stops that target, leaves its input in Fuzz/.artifacts, and makes the script exit non-zero.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      defaults: 60 seconds, every target
#        scripts/fuzz.sh 600 FuzzSession                      ten minutes of one target
#        MOGATE_FUZZ_STRICT=0 scripts/fuzz.sh 12               FuzzMSISDN only checks that nothing traps, not
#                                                              that every number reads back as itself
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(FuzzPDUCodec FuzzText FuzzDeliveryReceipt FuzzMSISDN FuzzSession)
fi

echo "== build (swift build -c debug, -sanitize=fuzzer,address)"
# The linker warns about every ASan symbol it cannot export; show the log only when the build fails.
build_log=$(mktemp)
if ! (cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library) >"$build_log" 2>&1
then
    cat "$build_log" >&2
    exit 1
fi
grep -E '^Build complete' "$build_log" | sed 's/^/   /' || true
bin=$(cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
python3 scripts/fuzz/seeds.py "$seeds"

failed=0
export SWIFT_BACKTRACE=enable=no # a trap goes straight to libFuzzer, which writes the input
mkdir -p Fuzz/.artifacts
for target in "${targets[@]}"; do
    corpus="Fuzz/.corpus/$target"
    mkdir -p "$corpus"
    log="Fuzz/.artifacts/$target.log"
    echo "== $target: ${seconds}s"
    # -timeout: one input taking 10 s is a hang. -rss_limit_mb: memory growth beyond 2 GB is a finding.
    if "$bin/$target" "$corpus" "$seeds/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -artifact_prefix="Fuzz/.artifacts/$target-" >"$log" 2>&1; then
        # The last status line has the coverage and the speed.
        grep -E '^#[0-9]+' "$log" | tail -n 1 | sed 's/^/   /'
        grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$log" | sed 's/^/   /'
    else
        echo "   FAILED: see $log and Fuzz/.artifacts/$target-*" >&2
        grep -E 'ERROR|SUMMARY|Fatal error|==[0-9]+==' "$log" | head -n 20 | sed 's/^/   /' >&2
        failed=1
    fi
done
exit "$failed"
