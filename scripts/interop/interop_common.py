# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Helpers shared by the interop peers: JSON-line output, listening-port discovery, GSM 03.38 and UDH splitting.

Every peer prints one JSON object per line on stdout (flushed), so a test can read the lines as they come and decide
on readiness ("listening") and results without sleeping. Diagnostics go to stderr.
"""

from __future__ import annotations

import json
import os
import random
import sys

# GSM 03.38 default alphabet (one septet per octet, unpacked, as SMPP carries it with data_coding 0) and the
# extension table reached through ESC (0x1B).
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>"
    "?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = {0x0A: "\x0c", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|",
                 0x65: "€"}
GSM_EXTENSION_REVERSE = {v: k for k, v in GSM_EXTENSION.items()}


def emit(**fields) -> None:
    """One JSON line on stdout, flushed at once (the test reads it while the peer is still running)."""
    sys.stdout.write(json.dumps(fields, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def gsm_encode(text: str) -> bytes:
    """GSM 03.38 unpacked (one character per octet, extension characters as ESC + code)."""
    out = bytearray()
    for ch in text:
        index = GSM_BASIC.find(ch)
        if index >= 0 and ch != "\x1b":
            out.append(index)
        elif ch in GSM_EXTENSION_REVERSE:
            out += bytes((0x1B, GSM_EXTENSION_REVERSE[ch]))
        else:
            raise UnicodeError(f"not in GSM 03.38: {ch!r}")
    return bytes(out)


def gsm_decode(data: bytes) -> str:
    out = []
    escape = False
    for octet in data:
        if escape:
            out.append(GSM_EXTENSION.get(octet, " "))
            escape = False
        elif octet == 0x1B:
            escape = True
        elif octet < len(GSM_BASIC):
            out.append(GSM_BASIC[octet])
        else:
            out.append("\ufffd")
    return "".join(out)


def encode_text(text: str, data_coding: int) -> bytes:
    if data_coding == 0x00:
        return gsm_encode(text)
    if data_coding == 0x01:
        return text.encode("ascii")
    if data_coding == 0x03:
        return text.encode("latin-1")
    if data_coding == 0x08:
        return text.encode("utf-16-be")
    raise ValueError(f"no text encoding for data_coding {data_coding:#04x}")


def decode_text(data: bytes, data_coding: int) -> str:
    if data_coding == 0x00:
        return gsm_decode(data)
    if data_coding == 0x08:
        return data.decode("utf-16-be", errors="replace")
    if data_coding in (0x01, 0x03):
        return data.decode("latin-1")
    return data.hex()


def split_udh8(encoded: bytes, data_coding: int, reference: int | None = None) -> list[bytes]:
    """Concatenated-SMS parts with an 8-bit-reference UDH (IEI 0x00), each part's payload at most 140 octets.

    GSM text is split on septets (153 per part, never between ESC and its code); UCS-2 on whole UTF-16 code points
    (a surrogate pair stays in one part); anything else on octets (134 per part).
    """
    if data_coding == 0x00:
        limit = 153
        chunks, current = [], bytearray()
        i = 0
        while i < len(encoded):
            unit = encoded[i:i + 2] if encoded[i] == 0x1B else encoded[i:i + 1]
            if len(current) + len(unit) > limit:
                chunks.append(bytes(current))
                current = bytearray()
            current += unit
            i += len(unit)
        if current:
            chunks.append(bytes(current))
    elif data_coding == 0x08:
        limit = 134
        chunks, current = [], bytearray()
        i = 0
        while i < len(encoded):
            high = int.from_bytes(encoded[i:i + 2], "big")
            size = 4 if 0xD800 <= high <= 0xDBFF else 2
            unit = encoded[i:i + size]
            if len(current) + len(unit) > limit:
                chunks.append(bytes(current))
                current = bytearray()
            current += unit
            i += size
        if current:
            chunks.append(bytes(current))
    else:
        chunks = [encoded[i:i + 134] for i in range(0, len(encoded), 134)]
    if reference is None:
        reference = random.randint(0, 255)
    total = len(chunks)
    return [bytes((0x05, 0x00, 0x03, reference, total, n)) + chunk for n, chunk in enumerate(chunks, start=1)]


def listening_ports() -> list[int]:
    """TCP ports this process listens on, from /proc (Linux): used when a library binds port 0 and does not say
    which port it got."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = []
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        try:
            with open(table) as handle:
                next(handle)
                for line in handle:
                    parts = line.split()
                    if parts[3] == "0A" and parts[9] in inodes:  # 0A: TCP_LISTEN
                        ports.append(int(parts[1].rsplit(":", 1)[1], 16))
        except FileNotFoundError:
            continue
    return sorted(set(ports))
