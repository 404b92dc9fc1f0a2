#!/usr/bin/env bash
# t0782-header-deadline.sh - request headers that are not complete within
# --header-timeout close the connection however slowly their bytes keep
# coming (the idle --timeout alone never fires); a body slower than
# --body-min-rate is cut after its grace; a body at a slow link's rate
# (far above the minimum) gets through.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
RAW="$ORGWORK_TOP/tests/http-abuse/rawhttp.py"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start --header-timeout 3 --timeout 20
# one header byte every 0.5 s: closed after about 3 s, long before 20 s
out=$(python3 "$RAW" drip-headers "$PORT" 0.5 15)
s=$(echo "$out" | sed -n 's/^closed_after //p')
if [ -n "$s" ] && python3 -c "import sys; sys.exit(0 if 2.5 <= $s <= 6 else 1)"; then
  pass "dripping headers closed after the header deadline ($s s)"
else
  fail "dripping headers closed after the header deadline" "$out"
fi
has "the closing is logged" "$(cat "$T/serve.log")" "request headers not complete in time"

login top "$PW"
cookie="ow_session=$(awk '$6 == "ow_session" {print $7}' "$T/jar-top")"
# runs in the background, in parallel with the slow-but-sound body
python3 "$RAW" body "$PORT" /api/v1/import "$cookie" "${CSRF[top]}" 300 20 > "$T/drip.out" &
drip=$!
# 32 KiB/s for 13 s: well above the default minimum of 8 KiB/s
out=$(python3 "$RAW" body "$PORT" /api/v1/import "$cookie" "${CSRF[top]}" 32768 13)
case "$out" in "status 4"*|"status 2"*) pass "slow but sound body answered ($out)" ;;
  *) fail "slow but sound body answered" "$out" ;; esac
wait $drip
out=$(cat "$T/drip.out")
case "$out" in "closed after "*)
  s=${out#closed after }
  python3 -c "import sys; sys.exit(0 if 9 <= $s <= 14 else 1)" \
    && pass "dripping body (300 B/s) cut after the grace ($s s)" || fail "cut after the grace" "$out" ;;
  *) fail "dripping body (300 B/s) cut" "$out" ;; esac
has "the cut is logged" "$(cat "$T/serve.log")" "request body slower than the minimum rate"
