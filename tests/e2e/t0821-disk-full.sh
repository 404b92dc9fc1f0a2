#!/usr/bin/env bash
# t0821-disk-full.sh - a full disk fails cleanly and leaves a consistent
# database. The disk is made full with RLIMIT_FSIZE (ulimit -f, with
# SIGXFSZ ignored so a write past the limit fails with EFBIG as on a full
# file system): a large import, a CLI write and API writes through the
# server each fail with a storage error (exit 1 / a JSON 500 reply, no
# crash, no sanitizer report); afterwards, with room again, `check` and
# `audit verify` pass, nothing of the failed writes is there, the earlier
# data is intact and the next writes succeed.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

# full ARGS...: orgwork with files limited to the database's size now (or
# FULL_KB kilobytes); sets RC, OUT, ERR like ow.
full() {
  local kb=${FULL_KB:-$(( $(stat -c %s "$DB") / 1024 + 1 ))}
  ( trap '' XFSZ; ulimit -f "$kb"; exec "$ORGWORK" --db "$DB" "$@" ) >"$T/out" 2>"$T/err"; RC=$?
  OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}
sane() {
  if grep -qE 'Sanitizer|runtime error:' "$T/err"; then fail "$1: sanitizer clean" "$ERR"; else pass "$1: sanitizer clean"; fi
}

make_tree
ok "checkpoint before" check
before=$(sql "SELECT count(*) FROM persons")
audit_before=$(sql "SELECT count(*) FROM audit_log")

# ---- a 3000-row import on a disk with no room for it ----
{ head -1 "$FIX/import/members.csv"
  for k in $(seq 3000); do echo "满盘$k,女,,1980-01-01,01,21,workers,,,A1,入党申请人,2020-01-01,,,,,,"; done
} > "$T/big.csv"
# room for 128 KB of new pages: the import needs about three times that (a limit
# of the database's own size, as below, grew with the schema's tables)
FULL_KB=128 full import "$T/big.csv"
eq "import on a full disk: exit 1" "$RC" "1"
has "import: a storage error" "$ERR" "orgwork: "
sane "import"
ok "check after the failed import" check
has "check says ok" "$OUT" "ok"
eq "no row of the failed import" "$(sql "SELECT count(*) FROM persons WHERE name LIKE '满盘%'")" "0"
eq "earlier persons intact" "$(sql "SELECT count(*) FROM persons")" "$before"
ok "audit chain intact" audit verify

# ---- one CLI write with no room at all ----
sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null   # the next write needs new room
FULL_KB=1 full member add --name 无空间 --sex 女 --ethnicity 01 --education 21 \
  --occupation workers --org A1 --birth-date 1980-01-01 --status applicant --applied 2020-01-01
if [ "$RC" -eq 1 ]; then pass "member add on a full disk: exit 1"; else fail "member add on a full disk: exit 1" "exit $RC" "$OUT" "$ERR"; fi
sane "member add"
ok "check after the failed add" check
eq "the failed add left nothing" "$(sql "SELECT count(*) FROM persons WHERE name = '无空间'")" "0"
eq "no audit row of a write that did not happen" "$(sql "SELECT count(*) FROM audit_log")" "$audit_before"

# ---- the server on a full disk ----
sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
kb=$(( $(stat -c %s "$DB") / 1024 + 24 ))
( trap '' XFSZ; ulimit -f "$kb"; exec "$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 ) \
  >"$T/serve.out" 2>"$T/serve.log" &
SERVE_PID=$!
for _ in $(seq 100); do grep -q '^listening on ' "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$T/serve.out")
U="http://127.0.0.1:$PORT/api/v1"
login officer "$PW"
eq "login while there is room" "$CODE" "200"
big=$(printf '很长的地址%.0s' $(seq 16))
codes=()
for i in $(seq 60); do
  req officer POST /members "{\"name\":\"满盘网$i\",\"sex\":\"female\",\"ethnicity\":\"han\",\"education\":\"bachelor\",\"occupation\":\"workers\",\"birth_date\":\"1980-01-01\",\"org_id\":$OA1,\"status\":\"applicant\",\"applied\":\"2020-01-01\",\"address\":\"$big\"}"
  codes+=("$CODE")
  [ "$CODE" = 201 ] || break
done
[ "$CODE" = 500 ] && pass "the disk fills: 500 (after ${#codes[@]} writes)" || fail "the disk fills: 500" "codes ${codes[*]}" "$BODY"
eq "500 body is JSON" "$(echo "$BODY" | jq -r .error.code)" "internal"
ok_rows=$(printf '%s\n' "${codes[@]}" | grep -c '^201$')
req officer GET /session
eq "the server still answers" "$CODE" "200"
serve_stop
ok "check after the server's failed writes" check
eq "every acknowledged API write is there" "$(sql "SELECT count(*) FROM persons WHERE name LIKE '满盘网%'")" "$ok_rows"
ok "audit chain intact after the server" audit verify
ok "a write succeeds with room again" member add --name 有空间 --sex 女 --ethnicity 01 --education 21 \
  --occupation workers --org A1 --birth-date 1980-01-01 --status applicant --applied 2020-01-01
