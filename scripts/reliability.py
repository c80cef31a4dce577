#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Measures the hardening scenarios of RELIABILITY.md against a real `mogate serve` process.

A steady MO load (scripts/crash-test.py's Load) runs the whole time into a webhook receiver. Each scenario then attacks the gateway while the script samples the gateway's resident memory
(VmRSS) before, during and after, and records the reaction seen. At the end every MO answered ESME_ROK must have
reached the receiver: MOs lost must be 0. Prints a Markdown table.

    python3 scripts/reliability.py .build/debug/mogate                 # every scenario, once
    python3 scripts/reliability.py .build/debug/mogate --soak 600      # then a 10-minute mixed soak
"""
import argparse
import asyncio
import importlib.util
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(os.path.dirname(__file__), "crash-test.py"))
crash = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash)

BIND_TIMEOUT = 30


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """Samples a process's RSS every 100 ms while a scenario runs; keeps the peak."""

    def __init__(self, pid):
        self.pid = pid
        self.peak = 0.0
        self.running = False

    async def run(self):
        self.running = True
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            await asyncio.sleep(0.1)


def bind_pdu(system_id, password, sequence=1):
    return crash.pdu(0x09, sequence, crash.cstring(system_id) + crash.cstring(password) + crash.cstring("")
                     + bytes([0x34, 0, 0]) + crash.cstring(""))


async def open_from(port, source):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.bind((source, 0))
    loop = asyncio.get_running_loop()
    await loop.sock_connect(sock, ("127.0.0.1", port))
    return await asyncio.open_connection(sock=sock)


async def outcome(reader, timeout):
    """What the server did: 'nack+close', 'resp 0xNN', 'close' or 'open' (nothing within the timeout)."""
    try:
        data = await asyncio.wait_for(reader.read(65536), timeout=timeout)
    except asyncio.TimeoutError:
        return "open"
    except (ConnectionError, OSError):
        return "reset"
    if not data:
        return "close"
    if len(data) >= 16:
        _, command, status, _ = struct.unpack(">IIII", data[:16])
        if command == 0x80000000:
            return f"generic_nack 0x{status:02X}"
        return f"0x{command:08X} status 0x{status:02X}"
    return "partial"


async def flood(port, count, sources, hold):
    """Opens `count` connections spread over `sources`, 500 at a time, holds them idle for `hold` seconds, closes them.

    Counted one second after the last connect: "held open" were admitted and wait for their bind; "closed" were closed
    at accept by a limit; "closed by the bind timeout" had been open longer than it when counted (opening 10,000
    connections takes this machine longer than the 30 s bind timeout); each is stamped when its connect completes,
    which is after the server accepted it, so the age is a lower bound.
    """
    writers, opened_at, failed = [], [], 0

    async def one(source):
        try:
            connection = await open_from(port, source)
            return connection, time.monotonic()
        except OSError:
            return None

    for start in range(0, count, 500):
        batch = await asyncio.gather(*(one(sources[i % len(sources)]) for i in range(start, min(count, start + 500))))
        failed += sum(1 for conn in batch if conn is None)
        opened = [conn for conn in batch if conn is not None]
        writers += [connection for connection, _ in opened]
        opened_at += [at for _, at in opened]
    await asyncio.sleep(1.0)
    counted_at = time.monotonic()
    probes = await asyncio.gather(*(outcome(reader, 0.2) for reader, _ in writers))
    admitted = sum(1 for p in probes if p == "open")
    # A second of slack: the server's timer starts at accept, a moment before the client sees the connect complete.
    timed_out = sum(1 for p, at in zip(probes, opened_at) if p != "open" and counted_at - at >= BIND_TIMEOUT - 1)
    await asyncio.sleep(max(0.0, hold - 1.5))
    for _, writer in writers:
        writer.close()
    closed = len(writers) - admitted - timed_out
    return (f"{count} opened: {admitted} held open, {closed} closed, {timed_out} closed by the bind timeout, "
            f"{failed} failed to connect")


async def garbage(port, count):
    kinds = {
        "http": b"GET / HTTP/1.1\r\nHost: mogate\r\n\r\n",
        "tls": bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]) + bytes(32),
        "short": struct.pack(">IIII", 8, 0x15, 0, 1),
        "random": None,
    }
    rng = random.Random(7)
    seen = {}
    for index in range(count):
        kind = list(kinds)[index % len(kinds)]
        payload = kinds[kind] or bytes(rng.randrange(256) for _ in range(64))
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        await writer.drain()
        result = await outcome(reader, 2.0)
        writer.close()
        seen.setdefault(kind, {}).setdefault(result, 0)
        seen[kind][result] += 1
    return "; ".join(f"{kind}: " + ", ".join(f"{n}× {r}" for r, n in results.items()) for kind, results in seen.items())


async def slowloris(port, count, seconds):
    conns = [await open_from(port, "127.0.0.5") for _ in range(count)]
    bind = bind_pdu("slow", "pw")
    start = time.time()
    closed_at = {}
    for second in range(seconds):
        for index, (reader, writer) in enumerate(conns):
            if index in closed_at:
                continue
            if reader.at_eof() or writer.is_closing():
                closed_at[index] = time.time() - start
                continue
            try:
                writer.write(bind[second % len(bind):second % len(bind) + 1])
            except (ConnectionError, OSError):
                closed_at[index] = time.time() - start
        await asyncio.sleep(1.0)
        for index, (reader, _) in enumerate(conns):
            if index not in closed_at and reader.at_eof():
                closed_at[index] = time.time() - start
    for _, writer in conns:
        writer.close()
    if not closed_at:
        return f"{count} trickling 1 byte/s: none closed in {seconds}s"
    latest = max(closed_at.values())
    return f"{count} trickling 1 byte/s: {len(closed_at)} closed by the server, the last after {latest:.0f}s"


async def never_reads(port, count, megabytes):
    conns = []
    for index in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sock.setblocking(False)
        conns.append(sock)
    chunk = b"".join(crash.pdu(0x15, sequence, b"") for sequence in range(4096))
    pushed = [0] * count
    deadline = time.time() + 10
    for index, sock in enumerate(conns):
        sock.send(bind_pdu(f"load{index}", "pw"))
    while time.time() < deadline:
        for index, sock in enumerate(conns):
            if pushed[index] >= megabytes * 1024 * 1024:
                continue
            try:
                pushed[index] += sock.send(chunk)
            except BlockingIOError:
                pass
            except OSError:
                pushed[index] = megabytes * 1024 * 1024
        await asyncio.sleep(0.01)
    for sock in conns:
        sock.close()
    taken = sum(pushed) / count / (1024 * 1024)
    return f"{count} peers pushing enquire_link, reading nothing: the server took {taken:.1f} MB each, then stalled them"


async def bad_binds(port, count):
    results = {}
    for _ in range(count):
        reader, writer = await open_from(port, "127.0.0.3")
        try:
            writer.write(bind_pdu("load0", "wrong"))
            await writer.drain()
        except (ConnectionError, OSError):
            pass
        result = await outcome(reader, 5.0)
        writer.close()
        results[result] = results.get(result, 0) + 1
    return f"{count} binds with a bad password: " + ", ".join(f"{n}× {r}" for r, n in results.items())


class FlakyHandler(crash.ReceiverHandler):
    """Fails one webhook request in `share` with a 503 before recording it: the gateway must retry."""

    share = 0.0

    def do_POST(self):
        if random.random() < FlakyHandler.share:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_POST()


async def bind_unbind(port, load, count):
    """Sessions that bind, send one MO, and unbind; their acknowledged MO join the load's for the loss check."""
    for index in range(count):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(bind_pdu(f"load{20 + index % 10}", "pw"))
            _, status, _ = await asyncio.wait_for(crash.read_pdu(reader), timeout=10)
            if status != 0:
                continue
            tag = f"b{load.next_tag}"
            load.next_tag += 1
            writer.write(crash.deliver_sm(2, f"Verify {tag}"))
            load.sent += 1
            command, status, _ = await asyncio.wait_for(crash.read_pdu(reader), timeout=10)
            if command == 0x80000005 and status == 0:
                load.acked.add(tag)
            writer.write(crash.pdu(0x06, 3, b""))
            await asyncio.wait_for(crash.read_pdu(reader), timeout=10)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            pass
        finally:
            writer.close()


async def measure(gateway, name, coroutine, settle=3.0):
    before = rss_mb(gateway.pid)
    sampler = Sampler(gateway.pid)
    task = asyncio.ensure_future(sampler.run())
    reaction = await coroutine
    await asyncio.sleep(settle)
    sampler.running = False
    await task
    after = rss_mb(gateway.pid)
    row = f"| {name} | {reaction} | {before:.0f} | {sampler.peak:.0f} | {after:.0f} |"
    print(row, flush=True)
    return row


def backlog(http_port):
    """The gateway's `mogate_backlog` gauge: records stored and not yet delivered (or dead-lettered)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=5) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("mogate_backlog "):
                    return int(float(line.split()[1]))
    except OSError:
        pass
    return None


async def drain(http_port, receiver, load, stall=60.0):
    """Waits until every acknowledged MO reached the sink and the backlog is empty, while either keeps shrinking: retries
    after the soak's webhook failures back off, so a fixed wait would report them lost. Gives up after `stall`
    seconds without progress."""
    last_progress, best = time.time(), None
    while time.time() - last_progress < stall:
        with receiver.lock:
            missing = sum(1 for tag in load.acked if tag not in receiver.tags)
        pending = backlog(http_port)
        # MO stored but not yet answered when the load stopped are in the backlog too: wait for them as well. The
        # gauge is refreshed every second, so it may lag the sink by that much.
        if not missing and pending == 0:
            return
        progress = (missing, pending)
        if best is None or missing < best[0] or (pending is not None and best[1] is not None and pending < best[1]):
            best, last_progress = progress, time.time()
        await asyncio.sleep(0.5)
    print(f"drain stalled for {stall:.0f}s: backlog {backlog(http_port)}", flush=True)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--flood", type=int, default=10_000)
    parser.add_argument("--soak", type=int, default=0, help="seconds of mixed soak after the scenarios")
    args = parser.parse_args()

    webhook_port, smpp_port, http_port = crash.free_port(), crash.free_port(), crash.free_port()
    receiver = crash.Receiver(webhook_port)
    receiver.RequestHandlerClass = FlakyHandler
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    data_dir = tempfile.mkdtemp(prefix="mogate-reliability-")
    log = open(os.path.join(data_dir, "gateway.log"), "ab")
    accounts = os.path.join(data_dir, "accounts")
    with open(accounts, "w") as f:
        f.write("# the load's and the never-reading peers' accounts\n")
        f.writelines(f"load{index}:pw\n" for index in range(32))
    gateway = subprocess.Popen(
        [args.binary, "serve", "--host", "127.0.0.1", "--smpp-port", str(smpp_port), "--http-port", str(http_port),
         "--data-dir", data_dir, "--webhook-url", f"http://127.0.0.1:{webhook_port}/mo", "--log-level", "warning",
         "--bind-timeout", str(BIND_TIMEOUT), "--max-connections", str(args.flood + 100),
         "--accounts-file", accounts],
        stdout=log, stderr=log)
    crash.wait_for_port(smpp_port)
    load = crash.Load(smpp_port, 2, 8)
    load_task = asyncio.ensure_future(load.run())
    await asyncio.sleep(2.0)
    print("| scenario | reaction seen | RSS before (MB) | RSS peak during (MB) | RSS after (MB) |")
    print("|---|---|---|---|---|")
    sources = [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(max(1, args.flood // 100))]
    scenarios = [
        ("garbage: HTTP, TLS ClientHello, short and random headers (400 connections)", garbage(smpp_port, 400)),
        (f"flood: {args.flood} connections from one address", flood(smpp_port, args.flood, ["127.0.0.1"], 3)),
        (f"flood: {args.flood} connections from {len(sources)} addresses",
         flood(smpp_port, args.flood, sources, 5)),
        ("slowloris: 300 connections, 1 byte/s", slowloris(smpp_port, 300, BIND_TIMEOUT + 8)),
        ("never-reading peers: 20 × up to 64 MB of enquire_link", never_reads(smpp_port, 20, 64)),
        ("bad passwords in a loop from one address (50)", bad_binds(smpp_port, 50)),
    ]
    for name, coroutine in scenarios:
        await measure(gateway, name, coroutine)
    if args.soak:
        # The mixed soak: the webhook fails 10% of its requests, and rounds of garbage, bad binds, small floods and
        # sessions that bind, send and unbind run beside the load.
        FlakyHandler.share = 0.1
        start_rss = rss_mb(gateway.pid)
        peak = start_rss
        end = time.time() + args.soak
        rounds = 0
        while time.time() < end:
            rounds += 1
            await asyncio.gather(garbage(smpp_port, 40), bad_binds(smpp_port, 5), flood(smpp_port, 200, sources, 2),
                                 bind_unbind(smpp_port, load, 10))
            peak = max(peak, rss_mb(gateway.pid))
        FlakyHandler.share = 0.0
        print(f"soak: {rounds} rounds over {args.soak}s (webhook failing 10%): RSS {start_rss:.0f} MB at the start, "
              f"peak {peak:.0f} MB, {rss_mb(gateway.pid):.0f} MB at the end")
    load.running = False
    await asyncio.wait_for(load_task, timeout=30)
    await drain(http_port, receiver, load)
    with receiver.lock:
        delivered = sum(1 for tag in load.acked if tag in receiver.tags)
    lost = len(load.acked) - delivered
    remaining = backlog(http_port)
    print(f"\nbackground load: sent={load.sent} acknowledged={len(load.acked)} refused={load.refused} "
          f"delivered={delivered} lost={lost}; gateway backlog at the end: {remaining}")
    lost += remaining or 0
    gateway.terminate()
    gateway.wait(timeout=30)
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    asyncio.run(main())
