#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""A tiny stand-in SMSC (plain asyncio sockets, no SMPP library) that logs every PDU it receives as one JSON line.

It exists to validate the Kannel runner (and to learn what Kannel puts on the wire) without mogate: it answers
binds, enquire_link, submit_sm (with a message_id), data_sm and unbind, and prints all fields, including the bind's
system_type and interface_version, TON/NPI, esm_class, data_coding, UDH and TLVs.

Usage: standin_smsc.py [--host 127.0.0.1] [--port 0] [--password PW] [--timeout 60] [--exit-after-submits N]
                       [--tls-cert CERT.pem --tls-key KEY.pem]
  --password        refuse any other password with ESME_RINVPASWD (0x0E)
  --exit-after-submits  exit 0 once N submit_sm have been answered (then a second later)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import ssl
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import decode_text, emit, log  # noqa: E402

COMMANDS = {
    0x80000000: "generic_nack", 0x00000001: "bind_receiver", 0x80000001: "bind_receiver_resp",
    0x00000002: "bind_transmitter", 0x80000002: "bind_transmitter_resp", 0x00000004: "submit_sm",
    0x80000004: "submit_sm_resp", 0x00000005: "deliver_sm", 0x80000005: "deliver_sm_resp", 0x00000006: "unbind",
    0x80000006: "unbind_resp", 0x00000009: "bind_transceiver", 0x80000009: "bind_transceiver_resp",
    0x00000015: "enquire_link", 0x80000015: "enquire_link_resp", 0x00000103: "data_sm", 0x80000103: "data_sm_resp",
}


class Reader:
    def __init__(self, body: bytes) -> None:
        self.body, self.at = body, 0

    def cstring(self) -> str:
        end = self.body.index(0, self.at)
        value = self.body[self.at:end].decode("latin-1")
        self.at = end + 1
        return value

    def u8(self) -> int:
        value = self.body[self.at]
        self.at += 1
        return value

    def octets(self, count: int) -> bytes:
        value = self.body[self.at:self.at + count]
        self.at += count
        return value

    def tlvs(self) -> list[dict]:
        out = []
        while self.at + 4 <= len(self.body):
            tag, length = struct.unpack_from(">HH", self.body, self.at)
            self.at += 4
            out.append({"tag": f"0x{tag:04x}", "value_hex": self.octets(length).hex()})
        return out


def pdu(command_id: int, status: int, sequence: int, body: bytes = b"") -> bytes:
    return struct.pack(">IIII", 16 + len(body), command_id, status, sequence) + body


def message_fields(reader: Reader, command: str) -> dict:
    fields = {"service_type": reader.cstring(), "source_addr_ton": reader.u8(), "source_addr_npi": reader.u8(),
              "source_addr": reader.cstring(), "dest_addr_ton": reader.u8(), "dest_addr_npi": reader.u8(),
              "destination_addr": reader.cstring(), "esm_class": reader.u8()}
    if command == "data_sm":
        fields.update(registered_delivery=reader.u8(), data_coding=reader.u8(), tlvs=reader.tlvs())
        return fields
    fields.update(protocol_id=reader.u8(), priority_flag=reader.u8(), schedule_delivery_time=reader.cstring(),
                  validity_period=reader.cstring(), registered_delivery=reader.u8(),
                  replace_if_present_flag=reader.u8(), data_coding=reader.u8(), sm_default_msg_id=reader.u8())
    short_message = reader.octets(reader.u8())
    fields["tlvs"] = reader.tlvs()
    fields["short_message_hex"] = short_message.hex()
    text_octets = short_message
    if fields["esm_class"] & 0x40 and short_message:
        udh_length = short_message[0]
        fields["udh_hex"] = short_message[:1 + udh_length].hex()
        text_octets = short_message[1 + udh_length:]
    payload = next((t for t in fields["tlvs"] if t["tag"] == "0x0424"), None)
    if not short_message and payload:
        text_octets = bytes.fromhex(payload["value_hex"])
    fields["text"] = decode_text(text_octets, fields["data_coding"])
    return fields


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--password")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--exit-after-submits", type=int, default=0)
    parser.add_argument("--tls-cert", help="serve SMPP over TLS with this certificate (PEM) and --tls-key")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    message_ids = itertools.count(1)
    submits = 0
    finished = asyncio.Event()
    started = time.monotonic()

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal submits
        peer = writer.get_extra_info("peername")
        tls = writer.get_extra_info("ssl_object")
        emit(event="connected", peer=f"{peer[0]}:{peer[1]}", t=round(time.monotonic() - started, 3),
             tls=tls.version() if tls else None)
        try:
            while True:
                header = await reader.readexactly(16)
                length, command_id, status, sequence = struct.unpack(">IIII", header)
                body = await reader.readexactly(length - 16) if length > 16 else b""
                command = COMMANDS.get(command_id, f"0x{command_id:08x}")
                line = {"event": "pdu", "command": command, "status": status, "sequence": sequence,
                        "t": round(time.monotonic() - started, 3)}
                r = Reader(body)
                if command.startswith("bind_") and not command.endswith("_resp"):
                    line.update(system_id=r.cstring(), password=r.cstring(), system_type=r.cstring(),
                                interface_version=f"0x{r.u8():02x}", addr_ton=r.u8(), addr_npi=r.u8(),
                                address_range=r.cstring())
                    refused = args.password is not None and line["password"] != args.password
                    answer = 0x0E if refused else 0
                    writer.write(pdu(command_id | 0x80000000, answer, sequence,
                                     b"" if refused else b"STANDIN\x00" + struct.pack(">HHB", 0x0210, 1, 0x34)))
                    line["answered"] = answer
                elif command in ("submit_sm", "data_sm"):
                    line.update(message_fields(r, command))
                    message_id = f"standin-{next(message_ids)}"
                    writer.write(pdu(command_id | 0x80000000, 0, sequence, message_id.encode() + b"\x00"))
                    line["message_id"] = message_id
                elif command == "enquire_link":
                    writer.write(pdu(0x80000015, 0, sequence))
                elif command == "unbind":
                    writer.write(pdu(0x80000006, 0, sequence))
                    await writer.drain()
                    emit(**line)
                    break
                elif command_id & 0x80000000:
                    line["body_hex"] = body.hex()
                else:
                    writer.write(pdu(0x80000000, 0x03, sequence))  # generic_nack ESME_RINVCMDID
                    line["body_hex"] = body.hex()
                await writer.drain()
                emit(**line)
                if command == "submit_sm":
                    submits += 1
                    if args.exit_after_submits and submits >= args.exit_after_submits:
                        finished.set()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            emit(event="disconnected", peer=f"{peer[0]}:{peer[1]}", t=round(time.monotonic() - started, 3))
            writer.close()

    context = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    server = await asyncio.start_server(session, args.host, args.port, ssl=context)
    port = server.sockets[0].getsockname()[1]
    emit(event="listening", host=args.host, port=port)
    try:
        await asyncio.wait_for(finished.wait(), args.timeout)
        await asyncio.sleep(1.0)
        emit(event="done", ok=True, submits=submits)
        return 0
    except asyncio.TimeoutError:
        emit(event="done", ok=args.exit_after_submits == 0, submits=submits, reason="timeout")
        return 0 if args.exit_after_submits == 0 else 2
    finally:
        server.close()


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
