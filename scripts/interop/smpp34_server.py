#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""An SMSC built on PyPI's smpp34 (Rust-backed asyncio server): waits for an ESME to bind, pushes deliver_sm to it,
and reports each deliver_sm_resp as one JSON line. It also answers any submit_sm the ESME sends (and reports it), so
it doubles as a stand-in server for the smpplib client.

Usage:
  smpp34_server.py [--host 127.0.0.1] [--port 0] [--system-id SMSC34] [--messages JSON] [--timeout 30]
                   [--expect-status 0] [--linger 0] [--unbind] [--wait-unbind] [--sessions 1]

--messages is a JSON list of objects with: from, to, text, data_coding (0 GSM 03.38, 3 Latin-1, 8 UCS-2; default 0),
source_ton, source_npi, dest_ton, dest_npi (default 1/1/1/1), esm_class (default 0), split ("udh8" to send a long
text as concatenated parts; otherwise one PDU), service_type. A message that needs more than one part without
split is an error.

JSON lines on stdout:
  {"event": "listening", "host": ..., "port": N}
  {"event": "bound", "system_id": ..., "can_receive": true, "session_id": ...}
  {"event": "deliver_sm_resp", "index": i, "part": p, "parts": n, "status": s, "short_message_hex": ...}
  {"event": "submit_sm", ...fields...}                   (when the ESME submits)
  {"event": "unbound", "session_id": ...}
  {"event": "done", "ok": true|false, "reason": ...}
Exit 0 when every deliver_sm_resp had the expected status, 1 otherwise, 2 on timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import decode_text, emit, encode_text, listening_ports, log, split_udh8  # noqa: E402

import smpp34  # noqa: E402


def build_parts(message: dict) -> list[tuple[bytes, int]]:
    """(short_message, esm_class) for each PDU of one message."""
    data_coding = int(message.get("data_coding", 0))
    esm_class = int(message.get("esm_class", 0))
    encoded = encode_text(message["text"], data_coding)
    if message.get("split") == "udh8":
        return [(part, esm_class | 0x40) for part in split_udh8(encoded, data_coding)]
    if len(encoded) > 254:
        raise ValueError(f"message of {len(encoded)} octets needs split=udh8")
    return [(encoded, esm_class)]


async def push(esme, messages: list[dict], expect_status: int) -> bool:
    ok = True
    for index, message in enumerate(messages):
        data_coding = int(message.get("data_coding", 0))
        parts = build_parts(message)
        for number, (short_message, esm_class) in enumerate(parts, start=1):
            resp = await esme.deliver_sm(
                message["to"],
                short_message,
                source_addr=message["from"],
                service_type=message.get("service_type", ""),
                source_addr_ton=int(message.get("source_ton", 1)),
                source_addr_npi=int(message.get("source_npi", 1)),
                dest_addr_ton=int(message.get("dest_ton", 1)),
                dest_addr_npi=int(message.get("dest_npi", 1)),
                esm_class=esm_class,
                data_coding=data_coding,
            )
            emit(event="deliver_sm_resp", index=index, part=number, parts=len(parts), status=resp.command_status,
                 short_message_hex=short_message.hex(), esm_class=esm_class, data_coding=data_coding)
            if resp.command_status != expect_status:
                ok = False
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--system-id", default="SMSC34")
    parser.add_argument("--messages", default="[]", help="JSON list of messages to push after the bind")
    parser.add_argument("--timeout", type=float, default=30.0, help="overall deadline in seconds")
    parser.add_argument("--expect-status", type=lambda v: int(v, 0), default=0)
    parser.add_argument("--linger", type=float, default=0.0,
                        help="after pushing, keep serving this many seconds (or until the ESME unbinds)")
    parser.add_argument("--unbind", action="store_true", help="unbind the ESME after pushing")
    parser.add_argument("--sessions", type=int, default=1, help="binds to serve (pushing to each) before finishing")
    parser.add_argument("--wait-unbind", action="store_true",
                        help="after pushing, wait (within --timeout) until the ESME's session ends")
    args = parser.parse_args()
    messages = json.loads(args.messages)

    server = smpp34.Server(args.host, args.port, system_id=args.system_id)
    await server.start()
    ports = listening_ports()
    port = args.port or (ports[0] if len(ports) == 1 else None)
    if port is None:
        log(f"cannot tell the listening port: {ports}")
        await server.stop()
        return 1
    emit(event="listening", host=args.host, port=port, smpp34_version=smpp34.__version__)

    ok = True
    message_ids = itertools.count(1)
    pushes: list[asyncio.Task] = []
    finished_sessions = 0
    bound_sessions = 0
    unbound_sessions = 0

    async def serve() -> None:
        nonlocal ok, finished_sessions, bound_sessions, unbound_sessions
        while True:
            event = await server.next()
            if isinstance(event, smpp34.Esme):
                bound_sessions += 1
                emit(event="bound", system_id=event.system_id, can_receive=event.can_receive,
                     session_id=event.session_id)

                async def push_then_maybe_unbind(esme=event) -> None:
                    nonlocal ok, finished_sessions
                    if messages:
                        if not esme.can_receive:
                            emit(event="error", reason="ESME bound as transmitter: cannot push deliver_sm")
                            ok = False
                        else:
                            ok = await push(esme, messages, args.expect_status) and ok
                    if args.linger > 0:
                        await asyncio.sleep(args.linger)
                    if args.unbind:
                        await esme.unbind()
                        emit(event="unbind_sent", session_id=esme.session_id)
                    finished_sessions += 1

                pushes.append(asyncio.create_task(push_then_maybe_unbind()))
            elif isinstance(event, smpp34.SubmitSmEvent):
                fields = dict(session_id=event.session_id, service_type=event.service_type,
                              source_addr=event.source_addr, source_addr_ton=event.source_addr_ton,
                              source_addr_npi=event.source_addr_npi, destination_addr=event.destination_addr,
                              dest_addr_ton=event.dest_addr_ton, dest_addr_npi=event.dest_addr_npi,
                              esm_class=event.esm_class, data_coding=event.data_coding,
                              short_message_hex=event.short_message.hex(),
                              tlvs=[{"tag": t.tag, "value_hex": t.value.hex()} for t in event.tlvs])
                body = event.short_message
                if event.esm_class & 0x40 and body:
                    fields["udh_hex"] = body[:1 + body[0]].hex()
                    body = body[1 + body[0]:]
                payload = next((t.value for t in event.tlvs if t.tag == 0x0424), None)
                if not event.short_message and payload is not None:
                    body = payload
                fields["text"] = decode_text(body, event.data_coding)
                message_id = f"s34-{next(message_ids)}"
                event.accept(message_id)
                emit(event="submit_sm", message_id=message_id, **fields)
            elif isinstance(event, smpp34.Unbound):
                emit(event="unbound", session_id=event.session_id)
                unbound_sessions += 1
                if bound_sessions >= args.sessions and finished_sessions >= bound_sessions:
                    return

    async def until_done() -> None:
        serving = asyncio.create_task(serve())
        try:
            while True:
                # Done when every expected session has been pushed to and, if lingering or unbinding, has ended.
                if bound_sessions >= args.sessions and finished_sessions >= args.sessions:
                    if pushes:
                        await asyncio.gather(*pushes)
                    # The ESME may unbind before the last push task has counted itself finished: done then too.
                    if not args.wait_unbind or unbound_sessions >= args.sessions:
                        return
                if serving.done():
                    serving.result()
                    return
                await asyncio.sleep(0.05)
        finally:
            serving.cancel()

    code = 0
    try:
        await asyncio.wait_for(until_done(), args.timeout)
    except asyncio.TimeoutError:
        emit(event="done", ok=False, reason=f"timed out after {args.timeout}s")
        code = 2
    except Exception as error:  # noqa: BLE001 - report any library error as a result line
        emit(event="done", ok=False, reason=f"{type(error).__name__}: {error}")
        code = 1
    else:
        emit(event="done", ok=ok, reason="" if ok else "unexpected deliver_sm_resp status")
        code = 0 if ok else 1
    for task in pushes:
        task.cancel()
    await server.stop()
    return code


if __name__ == "__main__":
    status = asyncio.run(main())
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: smpp34 1.5.0's extension has crashed (SIGSEGV) there now and then, after the
    # result was already printed.
    os._exit(status)
