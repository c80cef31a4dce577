#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Median ns/PDU per (implementation, op, corpus) over every run of compare-peers.sh, plus ratios."""
import glob, json, os, statistics, sys

out = sys.argv[1]
cells = {}  # (impl, op, corpus) -> list of (ns_per_pdu, on_cpu, bytes_per_pdu)


def add(impl, op, corpus, b):
    for ns, cpu in zip(b["runs_ns"], b["cpu_ns"]):
        cells.setdefault((impl, op, corpus), []).append(
            (ns / b["pdus_per_run"], cpu / ns, b["bytes_per_run"] / b["pdus_per_run"]))


for f in glob.glob(os.path.join(out, "peers.*", "*.json")):
    peer, op, corpus = os.path.basename(f).split(".")[:3]
    try:
        b = json.loads(open(f).read().splitlines()[-1])
    except (ValueError, IndexError):
        continue
    if "runs_ns" in b:
        add(peer, op, corpus, b)
for f in glob.glob(os.path.join(out, "mogate.*.json")):
    _, op, corpus = os.path.basename(f).split(".")[:3]
    add("mogate", op, corpus, json.loads(open(f).read().splitlines()[-1]))


def med(k):
    v = cells.get(k)
    return statistics.median(x[0] for x in v) if v else None


print("| corpus | impl | op | median ns/PDU | best ns/PDU | PDUs/s (median) | MB/s (median) | on-CPU | runs |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|")
for (impl, op, corpus), v in sorted(cells.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[0][0])):
    m = statistics.median(x[0] for x in v)
    print("| %s | %s | %s | %.1f | %.1f | %s | %.1f | %.0f%% | %d |" % (
        corpus, impl, op, m, min(x[0] for x in v), "{:,.0f}".format(1e9 / m),
        v[0][2] / m * 1e3, 100 * statistics.median(x[1] for x in v), len(v)))
print()
for corpus in ("deliver_sm", "submit_sm", "enquire_link"):
    d, e = med(("mogate", "decode", corpus)), med(("mogate", "encode", corpus))
    dc = med(("mogate", "decode-call", corpus))
    fl, fe = med(("floor-split", "split", corpus)), med(("floor-split", "encode", corpus))
    s, sc, se = med(("smpp34", "decode", corpus)), med(("smpp34", "decode-call", corpus)), med(("smpp34", "encode", corpus))
    l, le = med(("libsmpp34", "decode", corpus)), med(("libsmpp34", "encode", corpus))
    r = lambda a, b: "%.1f×" % (a / b) if a and b else "n/a"
    print("%s: decode mogate/floor %s, smpp34 decode()/mogate %s, smpp34 decode()/mogate decode call %s,"
          " smpp34 decode+reads/mogate %s, libsmpp34/mogate %s;"
          " encode mogate/floor %s, smpp34/mogate %s, libsmpp34/mogate %s" % (
              corpus, r(d, fl), r(sc, d), r(sc, dc), r(s, d), r(l, d), r(e, fe), r(se, e), r(le, e)))
for f in sorted(glob.glob(os.path.join(out, "cli.*.txt"))):
    print(os.path.basename(f), open(f).read().strip().replace("\n", " | "))
