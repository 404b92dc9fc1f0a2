#!/usr/bin/env bash
# t0822-kill9.sh - the kill -9 harness (tests/torture/kill9) at the size
# of make check: up to 20 kills of CLI writers, the server under API
# writes and imports, within 45 s (make torture runs it with 200 kills).
# Every acknowledged write must survive, no import may be half done, and
# check and audit verify must pass after every kill.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
out=$(KILLS=${KILLS:-20} MAX_SECONDS=${MAX_SECONDS:-45} SEED=${SEED:-10} \
      "$ORGWORK_TOP/tests/torture/kill9" 2>"$T/kill9.err")
line=$(grep '^kills ' <<< "$out")
echo "# $line"
read -r kills lost broken < <(sed -n 's/^kills \([0-9]*\), lost acknowledged writes \([0-9]*\), integrity failures \([0-9]*\)$/\1 \2 \3/p' <<< "$line")
[ -n "${kills:-}" ] && pass "kill9 reports its counts" || fail "kill9 reports its counts" "$out" "$(tail -20 "$T/kill9.err")"
# a loaded machine may stop the run at its time limit before 20 kills;
# a handful is still a test of every kind of writer
[ "${kills:-0}" -ge 3 ] && pass "processes killed: $kills" || fail "at least 3 kills" "$line" "$(tail -5 "$T/kill9.err")"
eq "lost acknowledged writes" "${lost:-?}" "0"
eq "integrity failures" "${broken:-?}" "0"
if grep -qE 'Sanitizer|runtime error:' "$T/kill9.err"; then fail "sanitizer clean" "$(grep -E -A5 'Sanitizer|runtime error:' "$T/kill9.err" | head -20)"; else pass "sanitizer clean"; fi
