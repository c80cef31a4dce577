#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Measures the memory that idle bound SMPP sessions cost a running `mogate serve`.

Starts the given mogate binary on a free port, reads its resident set size, binds N transceiver sessions over
raw sockets (each answered bind_transceiver_resp ESME_ROK), waits for the server to settle, reads the RSS again,
and prints the difference per session. The sessions stay idle (no enquire_link inside the measurement window).

    python3 scripts/bench/idle-sessions.py .build/release/mogate --sessions 1000
"""
import argparse
import resource
import socket
import struct
import subprocess
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def bind_pdu(sequence, system_id):
    body = system_id.encode() + b"\0" + b"pw\0" + b"\0" + bytes([0x34, 0, 0]) + b"\0"
    return struct.pack(">IIII", 16 + len(body), 0x09, 0, sequence) + body


def read_pdu(sock):
    header = b""
    while len(header) < 16:
        chunk = sock.recv(16 - len(header))
        if not chunk:
            raise RuntimeError("connection closed")
        header += chunk
    length, command, status, sequence = struct.unpack(">IIII", header)
    remaining = length - 16
    while remaining:
        chunk = sock.recv(remaining)
        if not chunk:
            raise RuntimeError("connection closed")
        remaining -= len(chunk)
    return command, status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--settle", type=float, default=2.0)
    args = parser.parse_args()

    limit = args.sessions * 2 + 256
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()

    server = subprocess.Popen(
        [args.binary, "serve", "--host", "127.0.0.1", "--smpp-port", str(port), "--enquire-link-interval", "3600",
         "--bind-timeout", "3600", "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        # One session first, so one-time costs (event loops, caches) are not counted per session.
        warm = socket.create_connection(("127.0.0.1", port))
        warm.sendall(bind_pdu(1, "warm"))
        read_pdu(warm)
        time.sleep(args.settle)
        before = rss_kib(server.pid)
        sockets = []
        for index in range(args.sessions):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(bind_pdu(1, f"esme{index % 1000}"))
            command, status = read_pdu(sock)
            if command != 0x80000009 or status != 0:
                raise RuntimeError(f"bind {index} answered {command:#x} status {status:#x}")
            sockets.append(sock)
        time.sleep(args.settle)
        after = rss_kib(server.pid)
        per_session = (after - before) * 1024 / args.sessions
        print(f"sessions={args.sessions} rss_before_kib={before} rss_after_kib={after} "
              f"per_session_bytes={per_session:.0f} per_session_kib={per_session / 1024:.1f}")
        for sock in sockets:
            sock.close()
        warm.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
