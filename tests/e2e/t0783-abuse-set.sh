#!/usr/bin/env bash
# t0783-abuse-set.sh - every request of tests/http-abuse/cases.txt
# (smuggling framings, NUL and non-UTF-8 bytes in paths and queries,
# traversal, malformed bodies and numbers, missing session or CSRF token)
# is answered 4xx with a UTF-8 JSON error body; nothing was created, and
# the server is still up and clean afterwards.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
RAW="$ORGWORK_TOP/tests/http-abuse/rawhttp.py"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start --web "$ORGWORK_TOP/web"
login top "$PW"
cookie="ow_session=$(awk '$6 == "ow_session" {print $7}' "$T/jar-top")"
orgs_before=$(sql "select count(*) from orgs")
python3 "$RAW" cases "$PORT" "$ORGWORK_TOP/tests/http-abuse/cases.txt" "$cookie" "${CSRF[top]}" > "$T/cases.out"
while read -r line; do
  case "$line" in
    "ok - "*) pass "${line#ok - }" ;;
    "not ok - "*) fail "${line#not ok - }" ;;
  esac
done < "$T/cases.out"
n=$(sed -n 's/^cases \([0-9]*\) failed.*/\1/p' "$T/cases.out")
[ "${n:-0}" -ge 40 ] && pass "$n cases sent" || fail "cases sent" "$(tail -3 "$T/cases.out")"
eq "no organization created" "$(sql "select count(*) from orgs")" "$orgs_before"
req top GET /session
eq "server still serves" "$CODE" "200"
