#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""An ESME built on python-smpplib (PyPI `smpplib`): binds, runs a scenario, and prints one JSON line per step.

Usage:
  smpplib_client.py --host H --port P --system-id S --password W [--bind transmitter|transceiver|receiver]
                    [--scenario JSON | --steps bind,gsm,ucs2,long,enquire_link,unbind] [--timeout 10]
                    [--tls-ca CERT.pem]

--scenario is a JSON list of steps, run in order:
  {"op": "bind", "expect": 0}                       bind with --bind mode; expect the bind_resp status (e.g. 14 for
                                                    ESME_RINVPASWD); a refused bind ends the scenario after its line
  {"op": "submit", "text": "...", "encoding": "gsm7"|"ucs2"|"latin1", "from": "...", "to": "...",
   "from_ton": 1, "from_npi": 1, "to_ton": 1, "to_npi": 1, "expect": 0}
                                                    one submit_sm, or several with an 8-bit-reference UDH when the text
                                                    is longer than one PDU (smpplib's own splitter, gsm.make_parts)
                                                    "split": "sar" sends the parts with sar_* TLVs instead of a UDH;
                                                    "split": "payload" sends one submit_sm with an empty
                                                    short_message and the text in message_payload
  {"op": "data_sm", "text": "...", "encoding": ..., "from": ..., "to": ..., "expect": 0}
                                                    one data_sm with the text in message_payload
  {"op": "enquire_link", "expect": 0}
  {"op": "unbind", "expect": 0}
  {"op": "burst", "count": 20, "text": "...", "expect": 0}
                                                    sends `count` submit_sm back to back without waiting, then reads
                                                    the responses in whatever order they come (window and sequence
                                                    matching); reports statuses and message_ids by sequence
  {"op": "idle", "seconds": 2.5}                    reads for that long, answering the peer's enquire_link and
                                                    deliver_sm (each one reported as "peer_enquire_link"/...)
  {"op": "listen", "seconds": 10}                  smpplib's own receive loop (Client.read_once, as Client.listen runs
                                                    it) for that long: the library answers deliver_sm and enquire_link
                                                    itself; ends early when the peer closes or the library raises
  {"op": "await_unbind", "seconds": 10}             waits for the peer's unbind, answers unbind_resp, reports it and
                                                    whether the peer then closed the connection
--steps is a shortcut with built-in texts (see DEFAULT_TEXTS).

Each line: {"step": i, "op": ..., "command": <response command>, "status": <command_status>, ...};
submit lines carry "parts", "statuses", "message_ids", "data_coding", "esm_class", "short_messages_hex".
The last line is {"op": "done", "ok": true|false, "failures": [...]}. Exit 0 only when every status was expected.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import emit, log  # noqa: E402

import smpplib.client  # noqa: E402
import smpplib.consts  # noqa: E402
import smpplib.exceptions  # noqa: E402
import smpplib.gsm  # noqa: E402
import smpplib.smpp  # noqa: E402

DEFAULT_TEXTS = {
    "gsm": "Hello from smpplib @ £5 ÄÖÜ",
    "ucs2": "Привет 👋 from smpplib",
    "long": " ".join(f"part{n:03d}" for n in range(45)),  # 359 GSM characters: three 153-septet parts
}
ENCODINGS = {
    "gsm7": smpplib.consts.SMPP_ENCODING_DEFAULT,
    "latin1": smpplib.consts.SMPP_ENCODING_ISO88591,
    "ucs2": smpplib.consts.SMPP_ENCODING_ISO10646,
}


def response_fields(pdu) -> dict:
    fields = {"command": pdu.command, "status": int(pdu.status), "sequence": int(pdu.sequence)}
    message_id = getattr(pdu, "message_id", None)
    if message_id is not None:
        fields["message_id"] = message_id.decode("latin-1") if isinstance(message_id, bytes) else str(message_id)
    return fields


def await_response(client, sequence: int, expected_command: str):
    """Read PDUs until the response to `sequence` arrives, answering enquire_link and deliver_sm meanwhile."""
    while True:
        pdu = client.read_pdu()
        if pdu.command == "enquire_link":
            resp = smpplib.smpp.make_pdu("enquire_link_resp", client=client)
            resp.sequence = pdu.sequence
            client.send_pdu(resp)
            emit(op="peer_enquire_link", sequence=int(pdu.sequence))
            continue
        if pdu.command == "deliver_sm":
            resp = smpplib.smpp.make_pdu("deliver_sm_resp", client=client)
            resp.sequence = pdu.sequence
            client.send_pdu(resp)
            emit(op="peer_deliver_sm", sequence=int(pdu.sequence),
                 short_message_hex=(pdu.short_message or b"").hex())
            continue
        if int(pdu.sequence) == sequence and (pdu.command == expected_command or pdu.command == "generic_nack"):
            return pdu
        emit(op="unexpected_pdu", command=pdu.command, status=int(pdu.status), sequence=int(pdu.sequence))


def parse_steps(args) -> list[dict]:
    if args.scenario:
        return json.loads(args.scenario)
    steps = []
    for name in args.steps.split(","):
        name = name.strip()
        if name in ("gsm", "ucs2", "long"):
            steps.append({"op": "submit", "text": DEFAULT_TEXTS[name], "encoding": "ucs2" if name == "ucs2" else "gsm7"})
        elif name:
            steps.append({"op": name})
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--system-id", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--system-type", default="")
    parser.add_argument("--bind", choices=("transmitter", "transceiver", "receiver"), default="transmitter")
    parser.add_argument("--scenario", help="JSON list of steps")
    parser.add_argument("--steps", default="bind,gsm,enquire_link,unbind")
    parser.add_argument("--timeout", type=float, default=10.0, help="socket timeout for each read, in seconds")
    parser.add_argument("--verbose", action="store_true", help="log smpplib's PDU hex dumps on stderr")
    parser.add_argument("--tls-ca", help="connect over TLS, verifying the server against this CA/certificate PEM "
                        "(and the host name or IP address)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr)

    steps = parse_steps(args)
    failures: list[str] = []
    ssl_context = None
    if args.tls_ca:
        ssl_context = ssl.create_default_context(cafile=args.tls_ca)
        ssl_context.check_hostname = False  # smpplib wraps before connect, without server_hostname; see below
    client = smpplib.client.Client(args.host, args.port, timeout=args.timeout, allow_unknown_opt_params=True,
                                   ssl_context=ssl_context)
    if ssl_context is not None:
        # smpplib calls ssl_context.wrap_socket(raw_socket) with no server_hostname, so it could not check the
        # name; wrap it here with the host name so the certificate's subjectAltName is verified.
        context = ssl.create_default_context(cafile=args.tls_ca)
        client._create_socket = lambda: context.wrap_socket(
            _timeout_socket(args.timeout), server_hostname=args.host)
    emit(op="start", smpplib_version=_version(), bind=args.bind, steps=len(steps), tls=bool(args.tls_ca))
    client_tls = {}
    try:
        client.connect()
        if ssl_context is not None:
            client_tls = {"version": client._socket.version(), "cipher": client._socket.cipher()[0],
                          "peer_subject": dict(x[0] for x in client._socket.getpeercert()["subject"])}
        for index, step in enumerate(steps):
            op = step["op"]
            expect = int(step.get("expect", 0))
            if op == "bind":
                bind = getattr(client, f"bind_{args.bind}")
                try:
                    resp = bind(system_id=args.system_id, password=args.password, system_type=args.system_type)
                    line = response_fields(resp)
                    line["system_id"] = (resp.system_id or b"").decode("latin-1")
                    line["sc_interface_version"] = getattr(resp, "sc_interface_version", None)
                except smpplib.exceptions.PDUError as error:
                    status = error.args[1] if len(error.args) > 1 else -1
                    line = {"command": f"bind_{args.bind}_resp", "status": int(status), "error": str(error.args[0])}
                emit(step=index, op=op, mode=args.bind, expect=expect, **line)
                if line["status"] != expect:
                    failures.append(f"step {index} bind: status {line['status']:#x}, expected {expect:#x}")
                if line["status"] != 0:
                    break  # not bound: nothing else can run
            elif op == "submit":
                text = step["text"]
                data_coding = ENCODINGS[step.get("encoding", "gsm7")]
                split = step.get("split", "udh")
                if split == "payload":
                    encode = smpplib.gsm.ENCODINGS[data_coding][0]
                    try:
                        payload = encode(text)
                    except UnicodeError:
                        data_coding = smpplib.consts.SMPP_ENCODING_ISO10646
                        payload = text.encode("utf-16-be")
                    parts, esm_class, extra = [b""], 0, [{"message_payload": payload}]
                else:
                    parts, data_coding, esm_class = smpplib.gsm.make_parts(
                        text, encoding=data_coding, use_udhi=(split != "sar"))
                    extra = [{} for _ in parts]
                    if split == "sar" and len(parts) > 1:
                        reference = int(step.get("sar_reference", 0x1234))
                        extra = [{"sar_msg_ref_num": reference, "sar_total_segments": len(parts),
                                  "sar_segment_seqnum": n} for n in range(1, len(parts) + 1)]
                statuses, message_ids, commands = [], [], []
                for part, optional in zip(parts, extra):
                    pdu = client.send_message(
                        **optional,
                        source_addr_ton=int(step.get("from_ton", 1)),
                        source_addr_npi=int(step.get("from_npi", 1)),
                        source_addr=step.get("from", "447700900123"),
                        dest_addr_ton=int(step.get("to_ton", 1)),
                        dest_addr_npi=int(step.get("to_npi", 1)),
                        destination_addr=step.get("to", "447700900999"),
                        short_message=part,
                        data_coding=data_coding,
                        esm_class=esm_class,
                        registered_delivery=int(step.get("registered_delivery", 0)),
                    )
                    resp = await_response(client, int(pdu.sequence), "submit_sm_resp")
                    fields = response_fields(resp)
                    statuses.append(fields["status"])
                    commands.append(fields["command"])
                    message_ids.append(fields.get("message_id"))
                emit(step=index, op=op, expect=expect, command=commands[-1], status=statuses[-1], statuses=statuses,
                     commands=commands, message_ids=message_ids, parts=len(parts), data_coding=data_coding,
                     esm_class=esm_class, text=text, split=split, short_messages_hex=[p.hex() for p in parts])
                if any(s != expect for s in statuses):
                    failures.append(f"step {index} submit: statuses {statuses}, expected {expect:#x}")
            elif op == "data_sm":
                text = step["text"]
                data_coding = ENCODINGS[step.get("encoding", "gsm7")]
                payload = (text.encode("utf-16-be") if data_coding == smpplib.consts.SMPP_ENCODING_ISO10646
                           else smpplib.gsm.ENCODINGS[data_coding][0](text))
                pdu = smpplib.smpp.make_pdu(
                    "data_sm", client=client, service_type="",
                    source_addr_ton=int(step.get("from_ton", 1)), source_addr_npi=int(step.get("from_npi", 1)),
                    source_addr=step.get("from", "447700900123"),
                    dest_addr_ton=int(step.get("to_ton", 1)), dest_addr_npi=int(step.get("to_npi", 1)),
                    destination_addr=step.get("to", "447700900999"),
                    esm_class=0, registered_delivery=0, data_coding=data_coding, message_payload=payload)
                client.send_pdu(pdu)
                resp = await_response(client, int(pdu.sequence), "data_sm_resp")
                line = response_fields(resp)
                emit(step=index, op=op, expect=expect, text=text, data_coding=data_coding, **line)
                if line["status"] != expect or line["command"] != "data_sm_resp":
                    failures.append(f"step {index} data_sm: {line}")
            elif op == "enquire_link":
                pdu = smpplib.smpp.make_pdu("enquire_link", client=client)
                client.send_pdu(pdu)
                resp = await_response(client, int(pdu.sequence), "enquire_link_resp")
                line = response_fields(resp)
                emit(step=index, op=op, expect=expect, **line)
                if line["status"] != expect or line["command"] != "enquire_link_resp":
                    failures.append(f"step {index} enquire_link: {line}")
            elif op == "unbind":
                pdu = smpplib.smpp.make_pdu("unbind", client=client)
                client.send_pdu(pdu)
                resp = await_response(client, int(pdu.sequence), "unbind_resp")
                line = response_fields(resp)
                emit(step=index, op=op, expect=expect, **line)
                if line["status"] != expect or line["command"] != "unbind_resp":
                    failures.append(f"step {index} unbind: {line}")
                client.state = smpplib.consts.SMPP_CLIENT_STATE_OPEN
            elif op == "burst":
                count = int(step.get("count", 10))
                text = step.get("text", "burst")
                sent = {}
                for n in range(count):
                    body = smpplib.gsm.gsm_encode(f"{text} {n + 1}")
                    pdu = client.send_message(
                        source_addr_ton=1, source_addr_npi=1, source_addr=step.get("from", "447700900123"),
                        dest_addr_ton=1, dest_addr_npi=1, destination_addr=step.get("to", "447700900999"),
                        short_message=body, data_coding=0, esm_class=0)
                    sent[int(pdu.sequence)] = n + 1
                answers = {}
                while len(answers) < count:
                    pdu = client.read_pdu()
                    if pdu.command == "enquire_link":
                        resp = smpplib.smpp.make_pdu("enquire_link_resp", client=client)
                        resp.sequence = pdu.sequence
                        client.send_pdu(resp)
                        emit(op="peer_enquire_link", sequence=int(pdu.sequence))
                        continue
                    sequence = int(pdu.sequence)
                    if sequence not in sent or pdu.command not in ("submit_sm_resp", "generic_nack"):
                        emit(op="unexpected_pdu", command=pdu.command, status=int(pdu.status), sequence=sequence)
                        failures.append(f"step {index} burst: unexpected {pdu.command} seq {sequence}")
                        break
                    answers[sequence] = response_fields(pdu)
                order = list(answers)
                statuses = [answers[seq]["status"] for seq in sorted(answers)]
                message_ids = [answers[seq].get("message_id") for seq in sorted(answers)]
                emit(step=index, op=op, expect=expect, count=count, answered=len(answers), statuses=statuses,
                     message_ids=message_ids, response_order=[sent[seq] for seq in order],
                     texts=[f"{text} {n}" for n in range(1, count + 1)])
                if len(answers) != count or any(st != expect for st in statuses):
                    failures.append(f"step {index} burst: {len(answers)}/{count} answered, statuses {statuses}")
            elif op == "idle":
                seconds = float(step.get("seconds", 2.0))
                deadline = time.monotonic() + seconds
                seen = 0
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    client._socket.settimeout(left)
                    try:
                        pdu = client.read_pdu()
                    except socket.timeout:
                        break
                    seen += 1
                    if pdu.command == "enquire_link":
                        resp = smpplib.smpp.make_pdu("enquire_link_resp", client=client)
                        resp.sequence = pdu.sequence
                        client.send_pdu(resp)
                        emit(op="peer_enquire_link", sequence=int(pdu.sequence), t=round(seconds - left, 3))
                    else:
                        emit(op="unexpected_pdu", command=pdu.command, status=int(pdu.status),
                             sequence=int(pdu.sequence))
                client._socket.settimeout(args.timeout)
                emit(step=index, op=op, seconds=seconds, pdus=seen)
            elif op == "listen":
                seconds = float(step.get("seconds", 10.0))
                deadline = time.monotonic() + seconds
                received = []
                client.set_message_received_handler(
                    lambda pdu: received.append((pdu.short_message or b"").hex()))
                ended = "deadline"
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    client._socket.settimeout(left)
                    try:
                        client.read_once(auto_send_enquire_link=False)
                    except socket.timeout:
                        break
                    except Exception as error:  # noqa: BLE001 - report what the library did
                        ended = f"{type(error).__name__}: {error}"
                        break
                client._socket.settimeout(args.timeout)
                emit(step=index, op=op, seconds=seconds, deliver_sm=len(received), ended=ended)
                if ended != "deadline":
                    break
            elif op == "await_unbind":
                client._socket.settimeout(float(step.get("seconds", 10.0)))
                got = None
                while got is None:
                    pdu = client.read_pdu()
                    if pdu.command == "enquire_link":
                        resp = smpplib.smpp.make_pdu("enquire_link_resp", client=client)
                        resp.sequence = pdu.sequence
                        client.send_pdu(resp)
                        emit(op="peer_enquire_link", sequence=int(pdu.sequence))
                    elif pdu.command == "unbind":
                        got = pdu
                    else:
                        emit(op="unexpected_pdu", command=pdu.command, status=int(pdu.status),
                             sequence=int(pdu.sequence))
                resp = smpplib.smpp.make_pdu("unbind_resp", client=client)
                resp.sequence = got.sequence
                client.send_pdu(resp)
                try:
                    closed = client._socket.recv(1) == b""
                except socket.timeout:
                    closed = False
                emit(step=index, op=op, command="unbind", status=int(got.status), sequence=int(got.sequence),
                     peer_closed=closed)
                client._socket.settimeout(args.timeout)
                if not closed:
                    failures.append(f"step {index} await_unbind: the peer kept the connection open after unbind_resp")
                break
            else:
                failures.append(f"step {index}: unknown op {op!r}")
                break
    except ssl.SSLError as error:
        failures.append(f"tls: {type(error).__name__}: {error}")
    except (smpplib.exceptions.ConnectionError, socket.timeout, OSError) as error:
        failures.append(f"connection: {type(error).__name__}: {error}")
    except smpplib.exceptions.PDUError as error:
        failures.append(f"PDU error: {error}")
    finally:
        if client._socket is not None:
            client._socket.close()
            client._socket = None
        client.state = smpplib.consts.SMPP_CLIENT_STATE_CLOSED
    if ssl_context is not None and client_tls:
        emit(op="tls", **client_tls)
    emit(op="done", ok=not failures, failures=failures)
    for failure in failures:
        log(failure)
    return 0 if not failures else 1


def _timeout_socket(timeout: float) -> socket.socket:
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.settimeout(timeout)
    return raw


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("smpplib")
    except Exception:  # noqa: BLE001
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
