#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Crash test: no MO answered ESME_ROK is lost when the gateway is killed with SIGKILL under load.

1. Starts a webhook receiver and `mogate serve` on a fresh store.
2. Sends deliver_sm over several sessions with a window of outstanding PDUs, each text carrying a unique tag.
3. Kills the gateway with SIGKILL at random moments, several times, and restarts it on the same store; the load
   reconnects and goes on.
4. Waits for the webhook to receive every tag that was answered ESME_ROK, and prints the counts.

Exits non-zero if any acknowledged MO never reached the webhook.

    python3 scripts/crash-test.py .build/debug/mogate --kills 4
"""
import argparse
import asyncio
import http.server
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), ReceiverHandler)
        self.lock = threading.Lock()
        self.tags = {}  # tag -> times received
        self.ids = set()


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        record = json.loads(body)
        with self.server.lock:
            self.server.ids.add(record["id"])
            tag = (record.get("text") or "").split(" ")[-1]
            self.server.tags[tag] = self.server.tags.get(tag, 0) + 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def cstring(text):
    return text.encode() + b"\0"


def pdu(command, sequence, body):
    return struct.pack(">IIII", 16 + len(body), command, 0, sequence) + body


def deliver_sm(sequence, text):
    body = (cstring("") + bytes([1, 1]) + cstring("447700900123") + bytes([1, 1]) + cstring("447860000000")
            + bytes([0, 0, 0]) + cstring("") + cstring("") + bytes([0, 0, 0, 0, len(text)]) + text.encode())
    return pdu(0x05, sequence, body)


async def read_pdu(reader):
    header = await reader.readexactly(16)
    length, command, status, sequence = struct.unpack(">IIII", header)
    await reader.readexactly(length - 16)
    return command, status, sequence


class Load:
    def __init__(self, port, sessions, window):
        self.port = port
        self.sessions = sessions
        self.window = window
        self.sent = 0
        self.acked = set()
        self.refused = 0
        self.next_tag = 0
        self.running = True

    async def session(self, index):
        while self.running:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            try:
                writer.write(pdu(0x02, 1, cstring(f"load{index}") + cstring("pw") + cstring("") + bytes([0x34, 0, 0])
                                 + cstring("")))
                command, status, _ = await read_pdu(reader)
                if status != 0:
                    raise ConnectionError("bind refused")
                pending = {}
                sequence = 1
                while self.running:
                    while len(pending) < self.window and self.running:
                        sequence += 1
                        tag = f"t{self.next_tag}"
                        self.next_tag += 1
                        pending[sequence] = tag
                        writer.write(deliver_sm(sequence, f"Verify {tag}"))
                        self.sent += 1
                    await writer.drain()
                    command, status, answered = await asyncio.wait_for(read_pdu(reader), timeout=10)
                    tag = pending.pop(answered, None)
                    if tag is None:
                        continue
                    if command == 0x80000005 and status == 0:
                        self.acked.add(tag)
                    else:
                        self.refused += 1
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError):
                pass  # the gateway died; unanswered PDUs are simply not counted
            finally:
                writer.close()
            await asyncio.sleep(0.05)

    async def run(self):
        await asyncio.gather(*(self.session(index) for index in range(self.sessions)))


def start_gateway(binary, smpp_port, http_port, data_dir, webhook_port, log):
    return subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--smpp-port", str(smpp_port), "--http-port", str(http_port),
         "--data-dir", data_dir, "--webhook-url", f"http://127.0.0.1:{webhook_port}/mo", "--log-level", "warning"],
        stdout=log, stderr=log)


def wait_for_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--window", type=int, default=32)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)

    webhook_port, smpp_port, http_port = free_port(), free_port(), free_port()
    receiver = Receiver(webhook_port)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    data_dir = tempfile.mkdtemp(prefix="mogate-crash-")
    log = open(os.path.join(data_dir, "gateway.log"), "ab")
    gateway = start_gateway(args.binary, smpp_port, http_port, data_dir, webhook_port, log)
    wait_for_port(smpp_port)
    load = Load(smpp_port, args.sessions, args.window)
    load_task = asyncio.ensure_future(load.run())
    try:
        for kill in range(args.kills):
            await asyncio.sleep(rng.uniform(0.5, 2.0))
            gateway.send_signal(signal.SIGKILL)
            gateway.wait()
            print(f"kill {kill + 1}: SIGKILL after {load.sent} sent, {len(load.acked)} acknowledged", flush=True)
            gateway = start_gateway(args.binary, smpp_port, http_port, data_dir, webhook_port, log)
            wait_for_port(smpp_port)
        await asyncio.sleep(1.0)
        load.running = False
        await asyncio.wait_for(load_task, timeout=30)
        deadline = time.time() + 120
        while time.time() < deadline:
            with receiver.lock:
                missing = [tag for tag in load.acked if tag not in receiver.tags]
            if not missing:
                break
            await asyncio.sleep(0.2)
        with receiver.lock:
            delivered = sum(1 for tag in load.acked if tag in receiver.tags)
            duplicates = sum(count - 1 for count in receiver.tags.values() if count > 1)
            extra = sum(1 for tag in receiver.tags if tag not in load.acked)
        lost = len(load.acked) - delivered
        print(f"seed={args.seed} kills={args.kills} sent={load.sent} acknowledged={len(load.acked)} "
              f"refused={load.refused} delivered={delivered} lost={lost} duplicates={duplicates} "
              f"delivered_unacknowledged={extra}")
        if lost:
            print("LOST: " + " ".join(sorted(missing)[:20]), file=sys.stderr)
            return 1
        if len(load.acked) == 0:
            print("no MO was acknowledged: the test did not run", file=sys.stderr)
            return 1
        return 0
    finally:
        load.running = False
        gateway.terminate()
        try:
            gateway.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gateway.kill()
        receiver.shutdown()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
