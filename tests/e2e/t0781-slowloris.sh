#!/usr/bin/env bash
# t0781-slowloris.sh - with the default limits, 200 connections from
# 127.0.0.1 that drip their headers leave a client on 127.0.0.2 served
# within a second, every time it asks, for 8 s; the server keeps at most
# the per-address limit (64) of them.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
RAW="$ORGWORK_TOP/tests/http-abuse/rawhttp.py"

ow init
serve_start
out=$(python3 "$RAW" slowloris "$PORT" 200 8)
asked=$(echo "$out" | sed -n 's/^answers \([0-9]*\) of \([0-9]*\)$/\2/p')
eq "the other address got every answer" "$(echo "$out" | sed -n 's/^answers //p')" "$asked of $asked"
lat=$(echo "$out" | sed -n 's/^max_latency //p')
python3 -c "import sys; sys.exit(0 if float('$lat') < 1.0 else 1)" \
  && pass "served within a second (worst $lat s)" || fail "served within a second" "$out"
held=$(echo "$out" | sed -n 's/^held //p')
[ "${held:-999}" -le 64 ] && pass "at most 64 connections of one address kept ($held)" \
  || fail "per-address limit" "$out"
ow_alive() { kill -0 "$SERVE_PID" 2>/dev/null; }
ow_alive && pass "server alive" || fail "server alive"
