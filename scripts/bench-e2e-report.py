#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Tables for scripts/bench-e2e.sh: one row per run, then mogate/Kannel ratios per window.

    bench-e2e-report.py OUT_DIR        # every run under OUT_DIR, as Markdown
    bench-e2e-report.py --one RUN_DIR  # one run, one line
"""
import json
import os
import sys


def load(run):
    def read(name):
        path = os.path.join(run, name)
        return json.load(open(path)) if os.path.exists(path) else {}
    load_, sink, cpu = read("load.json"), read("sink.json"), read("cpu.json")
    if not cpu:
        return None
    n, wall, hz = cpu["n"], cpu["wall_s"], cpu["ticks_per_s"]
    unique = sink.get("unique_tags", 0)
    lat = sink.get("latency", {})
    def pct(ticks):
        return 100.0 * ticks / hz / wall if wall else 0
    def us_per_mo(ticks):
        return 1e6 * ticks / hz / unique if unique else float("nan")
    return {
        "target": cpu["target"], "window": cpu["window"], "n": n,
        "e2e": sink.get("e2e_per_second", 0), "resp": load_.get("responses_per_second", 0),
        "p50": lat.get("p50", 0), "p99": lat.get("p99", 0), "max": lat.get("max", 0),
        "gw_cpu": pct(cpu["gateway_ticks"]), "gw_us": us_per_mo(cpu["gateway_ticks"]),
        "gw_rss": cpu["gateway_peak_rss_kb"] / 1024,
        "load_cpu": pct(cpu["load_ticks"]), "sink_cpu": pct(cpu["sink_ticks"]),
        "load_us": us_per_mo(cpu["load_ticks"]), "sink_us": us_per_mo(cpu["sink_ticks"]),
        "other_cpu": pct(cpu["machine_busy_ticks"] - cpu["gateway_ticks"] - cpu["load_ticks"] - cpu["sink_ticks"]),
        "lost": n - unique, "dup": sink.get("duplicate_tags", 0), "errors": {
            k: v for k, v in load_.get("statuses", {}).items() if k != "ESME_ROK"},
    }


NAMES = {"fsync": "mogate fsync", "os": "mogate os", "fsync-nio": "mogate fsync, nio webhooks",
         "os-nio": "mogate os, nio webhooks", "kannel": "Kannel 1.4.5"}
HEADER = ("| target | window | E2E MO/s | deliver_sm_resp/s | e2e p50 / p99 / max ms | gateway CPU % | "
          "gateway µs/MO | gateway peak RSS MB | load CPU % (µs/MO) | sink CPU % (µs/MO) | other CPU % | lost | dup |")


def row(r):
    errors = "" if not r["errors"] else " (" + ", ".join("%s %d" % kv for kv in r["errors"].items()) + ")"
    return ("| %s | %d | %.0f | %.0f | %.1f / %.1f / %.1f | %.0f | %.0f | %.0f | %.0f (%.0f) | %.0f (%.0f) | %.0f | %d%s | %d |"
            % (NAMES.get(r["target"], r["target"]), r["window"], r["e2e"], r["resp"], r["p50"], r["p99"], r["max"],
               r["gw_cpu"], r["gw_us"], r["gw_rss"], r["load_cpu"], r["load_us"], r["sink_cpu"], r["sink_us"],
               r["other_cpu"], r["lost"], errors, r["dup"]))


def main():
    if sys.argv[1] == "--one":
        r = load(sys.argv[2])
        print(row(r) if r else "no result in " + sys.argv[2])
        return
    out = sys.argv[1]
    runs = [r for r in (load(os.path.join(out, d)) for d in sorted(os.listdir(out))
                        if os.path.isdir(os.path.join(out, d))) if r]
    runs.sort(key=lambda r: (r["window"], list(NAMES).index(r["target"]) if r["target"] in NAMES else 9))
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    for r in runs:
        print(row(r))
    print()
    print("| window | mogate | E2E MO/s ÷ Kannel | deliver_sm_resp/s ÷ Kannel | gateway µs/MO ÷ Kannel |")
    print("|---|---|---|---|---|")
    by = {(r["target"], r["window"]): r for r in runs}
    for (target, window), r in sorted(by.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        k = by.get(("kannel", window))
        if target == "kannel" or not k:
            continue
        def ratio(a, b):
            return "%.1f×" % (a / b) if b else "-"
        print("| %d | %s | %s | %s | %s |" % (window, NAMES[target], ratio(r["e2e"], k["e2e"]),
                                             ratio(r["resp"], k["resp"]), ratio(r["gw_us"], k["gw_us"])))


if __name__ == "__main__":
    main()
