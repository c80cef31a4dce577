#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora of the fuzz targets (Fuzz/) into OUTDIR/<target>/.

Seeds come from the peer kit's benchmark corpus (../shared/bench/corpus, split into single PDUs), the test fixtures
(the phone-number oracle cases, the receipt texts of the receipt tests) and the bad-input catalogue (HTTP and TLS
bytes, lengths that lie, bad TLVs and UDHs). Regression inputs committed under Fuzz/Regressions/<target>/ are added.

Usage: seeds.py OUTDIR [--bench-corpus DIR]
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def pdu(command_id, body=b"", status=0, sequence=1):
    return struct.pack(">IIII", 16 + len(body), command_id, status, sequence) + body


def cstr(text):
    return text.encode() + b"\0"


def submit_body(short_message=b"hello", esm=0, coding=0, tlvs=b"", sm_length=None):
    fixed = cstr("") + bytes([1, 1]) + cstr("447700900123") + bytes([1, 1]) + cstr("12345")
    fixed += bytes([esm, 0, 0]) + cstr("") + cstr("") + bytes([0, 0, coding, 0])
    fixed += bytes([len(short_message) if sm_length is None else sm_length]) + short_message
    return fixed + tlvs


def tlv(tag, value):
    return struct.pack(">HH", tag, len(value)) + value


def split_pdus(data, limit):
    out, offset = [], 0
    while offset + 4 <= len(data) and len(out) < limit:
        (length,) = struct.unpack_from(">I", data, offset)
        out.append(data[offset:offset + length])
        offset += length
    return out


def codec_seeds(bench):
    seeds = []
    for name in ("deliver_sm.bin", "submit_sm.bin", "enquire_link.bin"):
        path = os.path.join(bench, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                seeds += split_pdus(f.read(), 60 if name != "enquire_link.bin" else 2)
    bind = cstr("esme") + cstr("secret") + cstr("") + bytes([0x34, 0, 0]) + cstr("")
    seeds += [
        pdu(0x09, bind),
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        bytes.fromhex("160301002a0100002603035a") + bytes(32),
        pdu(0x15)[:10],
        struct.pack(">IIII", 8, 0x15, 0, 1),
        struct.pack(">IIII", 0x7FFFFFFF, 0x04, 0, 1),
        pdu(0x04, submit_body()) [:-3],
        pdu(0x12345678),
        pdu(0x04, submit_body(sm_length=255)),
        pdu(0x04, submit_body(sm_length=200)),
        pdu(0x04, submit_body(tlvs=tlv(0x1403, b"vendor"))),
        pdu(0x04, submit_body(tlvs=tlv(0x0424, b"x") + tlv(0x0424, b"y"))),
        pdu(0x04, submit_body(tlvs=struct.pack(">HH", 0x0424, 200) + b"short")),
        pdu(0x04, submit_body(tlvs=tlv(0x0424, b"payload"))),
        pdu(0x04, submit_body(b"\xd8\x3d", coding=8)),
        pdu(0x04, submit_body(b"abc\x1b")),
        pdu(0x04, submit_body(b"\x05\x00\x03\x01\x00\x01hi", esm=0x40)),
        pdu(0x04, submit_body(b"\x05\x00\x03\x01\x02\x03hi", esm=0x40)),
        pdu(0x04, submit_body(b"\x20\x00\x03", esm=0x40)),
        pdu(0x80000004, cstr("abc"), status=0x14),
        pdu(0x80000004, b"", status=0x45),
        pdu(0x05, submit_body(b"id:1 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:hi", esm=4)),
    ]
    return seeds


def text_seeds():
    seeds = []
    for selector in range(6):
        seeds += [bytes([selector]) + b"Hello, world", bytes([selector]) + b"\x1b\x65\x1b"]
    seeds += [
        bytes([2]) + "héllo 👋".encode("utf-16-be"),
        bytes([2]) + b"\xd8\x3d\x00\x41",
        bytes([3]) + b"\x05\x00\x03\x2a\x02\x01payload",
        bytes([3]) + b"\x06\x08\x04\x01\x02\x02\x01xx",
        bytes([3]) + b"\x06\x05\x04\x0b\x84\x23\xf0data",
        bytes([3]) + b"\x09\x00\x03\x01\x00\x01",
        bytes([9]) + bytes([0xC8, 0x32, 0x9B, 0xFD, 0x06]),
        bytes([4, 8]) + "Ω".encode("utf-16-be"),
        bytes([5]) + "ça va? €".encode(),
    ]
    return seeds


def receipt_seeds():
    seeds = []
    path = os.path.join(ROOT, "Tests", "SMPPCoreTests", "Receipt", "DeliveryReceiptTests.swift")
    with open(path) as f:
        for match in re.finditer(r'"(id:[^"\\]*)"', f.read()):
            seeds.append(match.group(1).encode())
    seeds.append(b"id:0123456789 sub:001 dlvrd:001 submit date:0610191018 done date:0610191018 stat:DELIVRD err:000 "
                 b"text:Hello")
    return seeds


def msisdn_seeds():
    path = os.path.join(ROOT, "Tests", "PhoneNumbersTests", "Generated", "OracleCases.swift")
    cases = []
    with open(path) as f:
        for line in f:
            parts = line.strip().split("|")
            if len(parts) == 4 and re.fullmatch(r"[A-Z0-9]{2,3}", parts[0]):
                cases.append(parts)
    regions = sorted({c[0] for c in cases if len(c[0]) == 2})
    seeds = []
    for region, ton, address, _ in cases[::20]:
        if region in regions:
            seeds.append(bytes([regions.index(region) % 256, int(ton)]) + address.encode())
    return seeds


def session_seeds():
    # Steps (see Fuzz/Sources/FuzzSession): 1 bind good, 2 bind bad, 3 submit_sm, 4 simple PDU, 5 tick, 6 answer.
    return [
        bytes([1, 1, 1, 3, 2, 1, 5, 3, 3, 0, 4, 6, 3, 5, 60, 4, 2, 4, 0]),
        bytes([2, 1, 1]),
        bytes([3, 1, 1, 0, 0, 5, 200, 5, 200]),
        bytes([1, 1, 1, 4, 0, 1, 0, 4, 3, 5, 1, 4, 5, 9, 1, 6, 9]),
        bytes([1, 1, 1] + [3, 2, 1, 0x80, 4] * 8 + [6, 2, 5, 100, 4, 2, 2, 0, 6, 9]),
        bytes([0, 20]) + b"GET / HTTP/1.1\r\n\r\n",
        bytes([7, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1]) + b"\xff" * 8,
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--bench-corpus", default=os.path.join(ROOT, "..", "shared", "bench", "corpus"))
    args = parser.parse_args()
    bench = tempfile.mkdtemp()
    generator = os.path.join(args.bench_corpus, "gen_corpus.py")
    if os.path.exists(generator):
        subprocess.run([sys.executable, generator, bench, "--count", "200"], check=True, stdout=subprocess.DEVNULL)
    else:
        print(f"seeds: no {generator}; codec seeds come from the catalogue only", file=sys.stderr)
    targets = {
        "FuzzPDUCodec": codec_seeds(bench),
        "FuzzText": text_seeds(),
        "FuzzDeliveryReceipt": receipt_seeds(),
        "FuzzMSISDN": msisdn_seeds(),
        "FuzzSession": session_seeds(),
    }
    for target, seeds in targets.items():
        directory = os.path.join(args.outdir, target)
        os.makedirs(directory, exist_ok=True)
        for index, seed in enumerate(seeds):
            with open(os.path.join(directory, f"seed-{index:04d}"), "wb") as f:
                f.write(seed)
        regressions = os.path.join(ROOT, "Fuzz", "Regressions", target)
        if os.path.isdir(regressions):
            for name in os.listdir(regressions):
                with open(os.path.join(regressions, name), "rb") as src, \
                        open(os.path.join(directory, "regression-" + name), "wb") as dst:
                    dst.write(src.read())
        print(f"seeds: {target}: {len(os.listdir(directory))} inputs")


if __name__ == "__main__":
    main()
