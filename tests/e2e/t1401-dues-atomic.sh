#!/usr/bin/env bash
# t1401-dues-atomic.sh - a dues payment of several months is one
# transaction: when the write of one month fails (forced by a trigger) no
# month and no audit row is left; and processes killed with SIGKILL in the
# middle of payments of twelve months leave every batch whole (twelve rows,
# twelve audit rows) or absent, never part of one.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ow member add --name 甲 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B1 --status full --admitted 2000-06-01 --full 2001-06-01; M=$OUT
ok "base" dues base "$M" --category student --from 2020-01
state() {
  sql "SELECT (SELECT count(*) FROM dues_payments), (SELECT count(*) FROM audit_log)"
}
S0=$(state)

# the third month's row fails: the first two roll back with it
sql "CREATE TRIGGER t_fail BEFORE INSERT ON dues_payments WHEN NEW.month = '2020-03'
     BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
fails "a payment whose third month fails" 1 dues pay "$M" --month 2020-01 --months 6 --amount 1.2 --date 2020-06-30
has "the failure is reported" "$ERR" "forced failure"
eq "no month and no audit row left" "$(state)" "$S0"
sql "DROP TRIGGER t_fail"
ok "then it goes through" dues pay "$M" --month 2020-01 --months 6 --amount 1.2 --date 2020-06-30
eq "six months" "$(sql "SELECT count(*) FROM dues_payments")" 6

# kill -9 in the middle of twelve-month payments
for i in $(seq 1 25); do
  m=$(printf '%04d-01' $((2020 + i % 6)))
  "$ORGWORK" --db "$DB" dues pay "$M" --month "$m" --months 12 --amount 2.4 --date 2026-01-01 \
    >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
ok "the database is sound after the kills" check
eq "every batch has twelve months or is absent (the first has six)" \
  "$(sql "SELECT count(*) FROM (SELECT batch, count(*) n FROM dues_payments GROUP BY batch) WHERE n NOT IN (6, 12)")" 0
eq "each month of a batch has its audit row" \
  "$(sql "SELECT count(*) FROM dues_payments")" \
  "$(sql "SELECT count(*) FROM audit_log WHERE object LIKE 'dues_payment/%'")"
# the other writes under kill -9: each row with its audit row, or neither
for i in $(seq 1 15); do
  case $((i % 3)) in
    0) args=(dues base "$M" --category salaried --income "$((3000 + i)).5" --from 2021-0$((1 + i % 9))) ;;
    1) args=(dues special "$M" --amount "$((100 + i))" --date 2026-01-02) ;;
    2) args=(dues reduce "$M" --kind exempt --from 2022-0$((1 + i % 9)) --approval "批$i" --approved 2022-01-01) ;;
  esac
  "$ORGWORK" --db "$DB" "${args[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
for t in base:dues_bases special:dues_specials relief:dues_reliefs; do
  eq "${t%%:*}: each row has its audit row" "$(sql "SELECT count(*) FROM ${t#*:}")" \
    "$(sql "SELECT count(*) FROM audit_log WHERE object LIKE 'dues_${t%%:*}/%'")"
done
ok "sound after these kills too" check
n=$(sql "SELECT count(DISTINCT batch) FROM dues_payments")
echo "# batches written: $n of 26"
