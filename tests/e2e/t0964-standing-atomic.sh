#!/usr/bin/env bash
# t0964-standing-atomic.sh - each standing or discipline act is one
# transaction: when any of its writes fails (forced here by a trigger that
# refuses the timeline event, or the record after the membership's end), no
# record, event, audit row, flag or status change is left behind; and a
# refused act leaves nothing either.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ow member add --name 甲 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B1 --status full --admitted 2000-06-01 --full 2001-06-01; M=$OUT
state() {
  sql "SELECT (SELECT count(*) FROM standing_records), (SELECT count(*) FROM member_events),
       (SELECT count(*) FROM audit_log), (SELECT flags || status || coalesce(exited, '-') FROM persons WHERE id = $M)"
}
S0=$(state)

fails "a refused act" 1 member standing "$M" stop --date 2025-01-01 --reason x --by NOPE
eq "leaves nothing" "$(state)" "$S0"

# the record is written, then the event fails: all of it rolls back
sql "CREATE TRIGGER t_fail BEFORE INSERT ON member_events WHEN NEW.kind IN ('lost_contact', 'sanction_probation', 'standing_stopped')
     BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "lost contact with its event failing" 1 member standing "$M" lost-contact --date 2025-01-10 --search 走访
has "the failure is reported" "$ERR" "forced failure"
eq "no record, event, audit row or flag" "$(state)" "$S0"
fails "a stop with its event failing" 1 member standing "$M" stop --date 2025-01-10 --reason x --by P1
eq "no suspended flag, nothing" "$(state)" "$S0"
fails "a probation with its event failing" 1 member discipline "$M" probation --date 2025-01-10 --ref r --by P1 --years 1
eq "no sanction" "$(state)" "$S0"
sql "DROP TRIGGER t_fail"

# the expulsion ends the membership, then its record fails: the membership stays
sql "CREATE TRIGGER t_fail BEFORE INSERT ON standing_records WHEN NEW.kind = 'expulsion'
     BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "an expulsion whose record fails" 1 member discipline "$M" expulsion --date 2025-02-01 --ref r --by P1
eq "still a full member, no ending, no audit row" "$(state)" "$S0"
sql "DROP TRIGGER t_fail"

# the end of a record with its flag write failing: the record stays open
ok "lost contact" member standing "$M" lost-contact --date 2025-01-10 --search 走访
S1=$(state)
sql "CREATE TRIGGER t_fail BEFORE UPDATE OF flags ON persons BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "contact regained with the flag failing" 1 member standing "$M" contact-regained --date 2025-02-01
eq "the record stays open" "$(sql "SELECT coalesce(end_date, 'open') FROM standing_records")" "open"
eq "and nothing else changed" "$(state)" "$S1"
sql "DROP TRIGGER t_fail"
ok "then it goes through" member standing "$M" contact-regained --date 2025-02-01
