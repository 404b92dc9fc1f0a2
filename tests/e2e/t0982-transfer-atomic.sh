#!/usr/bin/env bash
# t0982-transfer-atomic.sh - each transfer step (start, receive, return) is
# one transaction: when its last write fails (forced by a trigger) nothing
# of it is left (no transfer row or state, event, period, audit row, change
# of the member's organization); and a kill -9 at any moment of a run of
# starts and receipts leaves every transfer whole: a received transfer has
# its period, its events and the member at the receiving organization, one
# in transit has none of them.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ok "destination" org add --code P2 --name 另一党委 --kind committee --established 1949-10-01
ok "destination branch" org add --code B2 --name 另一支部 --kind branch --parent P2 --established 1950-01-01
ow member add --name 甲 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B1 --status full --admitted 2000-06-01 --full 2001-06-01; M=$OUT
state() {
  sql "SELECT (SELECT count(*) FROM transfers), (SELECT group_concat(status) FROM transfers),
       (SELECT count(*) FROM member_events), (SELECT count(*) FROM member_orgs),
       (SELECT count(*) FROM audit_log), (SELECT org_id FROM persons WHERE id = $M)"
}
S0=$(state)
fails "a refused start" 1 transfer start "$M" --to abroad --date 2025-01-01
eq "leaves nothing" "$(state)" "$S0"

# start: the transfer row is written, then the event fails
sql "CREATE TRIGGER t_fail BEFORE INSERT ON member_events WHEN NEW.kind = 'transfer_letter'
     BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "a start with its event failing" 1 transfer start "$M" --to P2 --date 2025-01-01
has "the failure is reported" "$ERR" "forced failure"
eq "no transfer, event or audit row" "$(state)" "$S0"
sql "DROP TRIGGER t_fail"
ok "start" transfer start "$M" --to P2 --date 2025-01-01
TR=$(sql "SELECT max(id) FROM transfers")
S1=$(state)

# receive: the member moves, the period and the transfer change, then the
# last event fails
sql "CREATE TRIGGER t_fail BEFORE INSERT ON member_events WHEN NEW.kind = 'transfer_received'
     BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "a receipt with its last event failing" 1 transfer receive "$TR" --date 2025-02-01 --org B2
eq "still in transit, at B1, no period, event or audit row" "$(state)" "$S1"
sql "DROP TRIGGER t_fail"
sql "CREATE TRIGGER t_fail BEFORE UPDATE ON transfers BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "a receipt with the transfer's state failing" 1 transfer receive "$TR" --date 2025-02-01 --org B2
eq "the member did not move" "$(state)" "$S1"
fails "a return with the transfer's state failing" 1 transfer return "$TR" --reason r
eq "not returned" "$(state)" "$S1"
sql "DROP TRIGGER t_fail"
sql "CREATE TRIGGER t_fail BEFORE INSERT ON member_events WHEN NEW.kind = 'transfer_returned'
     BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "a return with its event failing" 1 transfer return "$TR" --reason r
eq "still in transit" "$(state)" "$S1"
sql "DROP TRIGGER t_fail"
ok "then the receipt goes through" transfer receive "$TR" --date 2025-02-01 --org B2
eq "received, moved, one period each side" \
  "$(sql "SELECT status FROM transfers WHERE id=$TR"),$(sql "SELECT count(*) FROM member_orgs WHERE person_id=$M")" "received,2"

# ---- kill -9 during a run of starts and receipts ----
for i in $(seq 1 12); do
  ow member add --name "乙$i" --sex 男 --ethnicity 01 --education 21 --occupation workers \
    --birth-date 1970-01-01 --org B1 --status full --admitted 2000-06-01 --full 2001-06-01
done
ids=$(sql "SELECT id FROM persons WHERE org_id = (SELECT id FROM orgs WHERE code='B1') ORDER BY id")
# each orgwork of the run is started in the background and its pid kept, so
# that the kill hits the writer itself
ow1() { "$ORGWORK" --db "$DB" "$@" >"$T/run.out" 2>/dev/null & echo $! >"$T/run.pid"; wait $!; }
run() {
  for p in $ids; do
    ow1 --format json transfer start "$p" --to P2 --date 2025-03-01 || continue
    t=$(jq -r .id "$T/run.out" 2>/dev/null)
    [ -n "$t" ] && ow1 transfer receive "$t" --date 2025-03-02 --org B2
  done
}
for round in 1 2 3 4; do
  rm -f "$T/run.pid"
  run & pid=$!
  sleep "0.$((RANDOM % 6 + 1))"
  kill -9 "$pid" 2>/dev/null
  [ -s "$T/run.pid" ] && kill -9 "$(cat "$T/run.pid")" 2>/dev/null
  wait "$pid" 2>/dev/null
  # a receipt is whole: status, the member's organization, its period and its two events
  bad=$(sql "SELECT count(*) FROM transfers t JOIN persons p ON p.id = t.person_id WHERE
    (t.status = 'received') <> (p.org_id = t.to_org_id OR p.org_id = t.received_org_id)
    OR (t.status = 'received') <> EXISTS (SELECT 1 FROM member_orgs m WHERE m.transfer_id = t.id)
    OR (t.status = 'received') <> EXISTS (SELECT 1 FROM member_events e WHERE e.person_id = t.person_id
         AND e.kind = 'transfer_received')
    OR NOT EXISTS (SELECT 1 FROM member_events e WHERE e.person_id = t.person_id AND e.kind = 'transfer_letter')
    OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object = 'transfer/' || t.id)")
  eq "kill -9 round $round: every transfer step whole or absent" "$bad" "0"
  eq "kill -9 round $round: no letter event without its transfer" \
    "$(sql "SELECT count(*) FROM member_events e WHERE e.kind = 'transfer_letter' AND NOT EXISTS
      (SELECT 1 FROM transfers t WHERE t.id = json_extract(e.detail, '$.transfer_id'))")" "0"
  eq "kill -9 round $round: the database is sound" "$(sql "PRAGMA integrity_check")" "ok"
done
