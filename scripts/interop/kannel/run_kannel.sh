#!/usr/bin/env bash
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# Runs Kannel's bearerbox and smsbox against one SMPP SMSC (mogate, or standin_smsc.py), waits until the SMPP link is
# online, sends messages through smsbox's sendsms HTTP interface, waits until bearerbox has sent them, then shuts
# Kannel down. Every step prints one JSON line on stdout; Kannel's own logs stay in the temporary directory (printed
# to stderr on failure, or kept with --keep).
#
# Usage: run_kannel.sh --smsc-port P [--system-id S] [--password W] [--system-type T]
#                      [--mode transceiver|transmitter] [--enquire-link-interval SECONDS]
#                      [--from ADDR] [--to ADDR] [--gsm TEXT]... [--ucs2 TEXT]... [--timeout SECONDS] [--keep]
#                      [--linger SECONDS] [--tls]
#   --gsm TEXT   one sendsms request with the text as is (Kannel picks the coding; long texts are split with UDH)
#   --ucs2 TEXT  one sendsms request with coding=2&charset=UTF-8 (UCS-2 on the wire)
#   --tls        SMPP over TLS (use-ssl = true) to --smsc-port
#   --linger S   stay bound and idle S seconds before sending (enquire_link traffic in both directions)
# At the end it prints {"event": "pdus", "sent": {...}, "got": {...}, "connects": N}: the SMPP PDUs bearerbox logged
# sending and receiving, by type, and how many TCP connections it opened to the SMSC.
# Exit 0 when the link came online and bearerbox reported every message sent; non-zero otherwise.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
smsc_port=""
system_id="kannel"
password="secret"
system_type="KANNEL"
mode="transceiver"
enquire_link_interval=30
from="12345"
to="447700900321"
timeout=60
keep=0
linger=0
use_ssl=false
messages=() # "gsm|TEXT" or "ucs2|TEXT"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --smsc-port) smsc_port="$2"; shift 2 ;;
        --system-id) system_id="$2"; shift 2 ;;
        --password) password="$2"; shift 2 ;;
        --system-type) system_type="$2"; shift 2 ;;
        --mode) mode="$2"; shift 2 ;;
        --enquire-link-interval) enquire_link_interval="$2"; shift 2 ;;
        --from) from="$2"; shift 2 ;;
        --to) to="$2"; shift 2 ;;
        --gsm) messages+=("gsm|$2"); shift 2 ;;
        --ucs2) messages+=("ucs2|$2"); shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        --linger) linger="$2"; shift 2 ;;
        --tls) use_ssl=true; shift ;;
        *) echo "run_kannel.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done
[[ -n "$smsc_port" ]] || { echo "run_kannel.sh: --smsc-port is required" >&2; exit 64; }
for tool in bearerbox smsbox python3; do
    if ! command -v "$tool" > /dev/null && [[ ! -x "/usr/sbin/$tool" ]]; then
        echo "{\"event\": \"error\", \"reason\": \"$tool not installed (apt-get install kannel)\"}"
        exit 69
    fi
done
export PATH="$PATH:/usr/sbin"

# JSON line helper: json KEY VALUE [KEY VALUE ...]; values that look like integers stay numbers.
json() {
    python3 -c '
import json, sys
args = sys.argv[1:]
out = {}
for key, value in zip(args[0::2], args[1::2]):
    out[key] = int(value) if value.lstrip("-").isdigit() and len(value) < 12 else value
print(json.dumps(out, ensure_ascii=False, sort_keys=True), flush=True)' "$@"
}

# GET a URL; prints "HTTP_STATUS BODY" (status 0 when the connection failed).
http_get() {
    python3 -c '
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
        print(r.status, r.read().decode("utf-8", "replace").strip())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode("utf-8", "replace").strip())
except Exception as e:
    print(0, type(e).__name__, e)' "$1"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

dir="$(mktemp -d /tmp/mogate-kannel.XXXXXX)"
admin_port="$(free_port)"
smsbox_port="$(free_port)"
sendsms_port="$(free_port)"
admin_password="adm$RANDOM$RANDOM"
sendsms_user="tester"
sendsms_password="pw$RANDOM$RANDOM"
transceiver_mode=true
[[ "$mode" == "transmitter" ]] && transceiver_mode=false
bearerbox_pid=""
smsbox_pid=""
status=1

stop_pid() { # pid: TERM, wait up to 5 s, then KILL
    local pid="$1" waited=0
    [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null || return 0
    kill -TERM "$pid" 2> /dev/null || true
    while kill -0 "$pid" 2> /dev/null && [[ $waited -lt 50 ]]; do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
}

cleanup() {
    trap - EXIT INT TERM
    stop_pid "$smsbox_pid"
    stop_pid "$bearerbox_pid"
    if [[ $status -ne 0 ]]; then
        for log in "$dir"/bearerbox.log "$dir"/smsc-mogate.log "$dir"/smsbox.log; do
            [[ -f "$log" ]] && { echo "---- tail of $log" >&2; tail -n 60 "$log" >&2; }
        done
    fi
    if [[ $keep -eq 1 ]]; then
        json event logs dir "$dir"
    else
        rm -rf "$dir"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'status=130; exit 130' INT TERM

sed -e "s|@DIR@|$dir|g" -e "s|@ADMIN_PORT@|$admin_port|g" -e "s|@ADMIN_PASSWORD@|$admin_password|g" \
    -e "s|@SMSBOX_PORT@|$smsbox_port|g" -e "s|@SENDSMS_PORT@|$sendsms_port|g" -e "s|@SMSC_PORT@|$smsc_port|g" \
    -e "s|@TRANSCEIVER_MODE@|$transceiver_mode|g" -e "s|@SYSTEM_ID@|$system_id|g" -e "s|@PASSWORD@|$password|g" \
    -e "s|@SYSTEM_TYPE@|$system_type|g" -e "s|@ENQUIRE_LINK_INTERVAL@|$enquire_link_interval|g" \
    -e "s|@USE_SSL@|$use_ssl|g" -e "s|@SENDSMS_USER@|$sendsms_user|g" -e "s|@SENDSMS_PASSWORD@|$sendsms_password|g" \
    "$here/kannel.conf.template" > "$dir/kannel.conf"

deadline=$((SECONDS + timeout))
bearerbox "$dir/kannel.conf" > "$dir/bearerbox.stdout" 2>&1 &
bearerbox_pid=$!
json event started process bearerbox pid "$bearerbox_pid" admin_port "$admin_port" sendsms_port "$sendsms_port" \
    version "$(bearerbox --version 2>&1 | head -n 1 | sed -e 's/.*version .\(.*\).\./\1/')"

status_url="http://127.0.0.1:$admin_port/status.txt?password=$admin_password"
# Wait until bearerbox answers its status page and the SMSC line says "online".
online=0
while [[ $SECONDS -lt $deadline ]]; do
    kill -0 "$bearerbox_pid" 2> /dev/null || { json event error reason "bearerbox exited"; exit 1; }
    page="$(http_get "$status_url")"
    if grep -q 'SMPP:.*(online' <<< "$page"; then online=1; break; fi
    if grep -q 'SMPP:.*(dead' <<< "$page"; then
        # Kannel gives up on a link whose bind was refused (no reconnect); its log says with which status.
        rejected="$(grep -o 'SMSC rejected login[^.]*, code 0x[0-9a-f]* ([^)]*)' "$dir/smsc-mogate.log" | head -n 1)"
        json event error reason "SMSC link dead" rejected "$rejected" \
            bind_status "$(grep -o 'code 0x[0-9a-f]*' <<< "$rejected" | sed 's/code //')"
        exit 1
    fi
    sleep 0.2
done
[[ $online -eq 1 ]] || { json event error reason "SMSC link not online within ${timeout}s" status_page "$page"; exit 1; }
json event online smsc "$(grep -o 'SMPP:[^ ]*' <<< "$page" | head -n 1)"
if [[ "$linger" != "0" ]]; then
    sleep "$linger"
    page="$(http_get "$status_url")"
    json event lingered seconds "$linger" link "$(grep -o 'SMPP:[^ ]* ([a-z-]* [0-9]*s' <<< "$page" | head -n 1)"
fi

smsbox "$dir/kannel.conf" > "$dir/smsbox.stdout" 2>&1 &
smsbox_pid=$!
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
sendsms_base="http://127.0.0.1:$sendsms_port/cgi-bin/sendsms?username=$sendsms_user&password=$sendsms_password"
sendsms_base+="&from=$(urlencode "$from")&to=$(urlencode "$to")"

# smsbox is ready when its sendsms port answers (any HTTP status).
while [[ $SECONDS -lt $deadline ]]; do
    kill -0 "$smsbox_pid" 2> /dev/null || { json event error reason "smsbox exited"; exit 1; }
    reply="$(http_get "http://127.0.0.1:$sendsms_port/cgi-bin/sendsms")"
    [[ "${reply%% *}" != "0" ]] && break
    sleep 0.2
done

sent_before="$(sed -n 's/^SMS: received [0-9]* ([0-9]* queued), sent \([0-9]*\) .*/\1/p' <<< "$(http_get "$status_url")")"
# All requests from one python3 process, back to back: a burst, as an application would send one.
if [[ ${#messages[@]} -gt 0 ]]; then
    python3 - "$sendsms_base" "${messages[@]}" <<'PY' || exit 1
import json, sys, urllib.error, urllib.parse, urllib.request
base, failed = sys.argv[1], False
for message in sys.argv[2:]:
    kind, text = message.split("|", 1)
    url = base + "&text=" + urllib.parse.quote(text, safe="")
    if kind == "ucs2":
        url += "&coding=2&charset=UTF-8"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, reply = response.status, response.read().decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as error:
        status, reply = error.code, error.read().decode("utf-8", "replace").strip()
    except Exception as error:  # noqa: BLE001
        status, reply = 0, f"{type(error).__name__}: {error}"
    print(json.dumps({"event": "sendsms", "kind": kind, "text": text, "http_status": status, "reply": reply},
                     ensure_ascii=False, sort_keys=True), flush=True)
    if status != 202:
        print(json.dumps({"event": "error", "reason": f"sendsms refused: {status} {reply}"}), flush=True)
        failed = True
sys.exit(1 if failed else 0)
PY
fi

# Wait until bearerbox's "sent" counter has grown by at least one per message and nothing is queued for the SMSC.
want=$(( ${sent_before:-0} + ${#messages[@]} ))
done_sending=0
while [[ $SECONDS -lt $deadline ]]; do
    page="$(http_get "$status_url")"
    sent="$(sed -n 's/^SMS: received [0-9]* ([0-9]* queued), sent \([0-9]*\) .*/\1/p' <<< "$page")"
    queued="$(grep -o 'queued [0-9]* msgs' <<< "$page" | head -n 1 | tr -dc '0-9')"
    failed="$(grep -o 'failed [0-9]*' <<< "$page" | head -n 1 | tr -dc '0-9')"
    if [[ "${failed:-0}" -gt 0 ]]; then json event error reason "bearerbox counted $failed failed"; exit 1; fi
    if [[ "${sent:-0}" -ge "$want" && "${queued:-1}" -eq 0 ]]; then done_sending=1; break; fi
    sleep 0.2
done
[[ $done_sending -eq 1 ]] || { json event error reason "messages not sent within ${timeout}s" status_page "$page"; exit 1; }
json event sent count "$sent"

# Graceful shutdown: bearerbox unbinds its SMPP link and tells smsbox to go.
http_get "http://127.0.0.1:$admin_port/shutdown?password=$admin_password" > /dev/null
for _ in $(seq 1 100); do kill -0 "$bearerbox_pid" 2> /dev/null || break; sleep 0.1; done
# What bearerbox put on the wire and got back, from its SMSC log (log-level 0 dumps every PDU).
python3 - "$dir/smsc-mogate.log" <<'PY'
import collections, json, sys
sent, got, errors, connects = collections.Counter(), collections.Counter(), collections.Counter(), 0
direction, name = None, None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if "DEBUG: Connecting to" in line:
        connects += 1
    elif "]: Sending " in line and line.rstrip().endswith(":"):  # "Sending PDU:", "Sending enquire link:", …
        direction = sent
    elif line.rstrip().endswith("Got PDU:"):
        direction = got
    elif "type_name:" in line and direction is not None:
        name = line.split("type_name:", 1)[1].strip()
        direction[name] += 1
        if direction is not got:
            name = None
        direction = None
    elif "command_status:" in line and name is not None:
        status = line.rsplit("=", 1)[1].strip()  # "command_status: 88 = 0x00000058"
        if status != "0x00000000":
            errors[f"{name} {status}"] += 1
        name = None
print(json.dumps({"event": "pdus", "sent": sent, "got": got, "got_errors": errors, "connects": connects},
                 sort_keys=True), flush=True)
PY
status=0
json event done ok true
