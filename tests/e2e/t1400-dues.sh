#!/usr/bin/env bash
# t1400-dues.sh - party dues from the command line: the monthly amount of a
# base at the bracket bounds (in fen, --format json), farmers' range, the
# refusals naming their field, a payment of several months split evenly, a
# reduction and an exemption, a special payment kept apart, a member's
# history month by month with arrears, the ledger of a branch with totals in
# text, JSON, CSV and XLSX, the arrears list, and the audit rows of the writes.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 一支部 --kind branch --parent P1 --established 1950-01-01
ok "other branch" org add --code B2 --name 二支部 --kind branch --parent P1 --established 1950-01-01
member() {
  ow member add --name "$1" --sex 男 --ethnicity 01 --education 21 --occupation workers \
    --birth-date 1970-01-01 --org "$2" --status full --admitted 2000-06-01 --full 2001-06-01
  echo "$OUT"
}
A=$(member 甲 B1); B=$(member 乙 B1); C=$(member 丙 B2)

base() { ow --format json dues base "$@"; jq -r .monthly_fen <<<"$OUT"; }
eq "salaried 3000 -> 15.00" "$(base "$A" --category salaried --income 3000 --from 2025-01)" 1500
eq "salaried 3000.01 -> 30.00" "$(base "$A" --category salaried --income 3000.01 --from 2025-01)" 3000
eq "salaried 5000 -> 50.00" "$(base "$A" --category salaried --income 5000 --from 2025-01)" 5000
eq "salaried 10000 -> 150.00" "$(base "$A" --category salaried --income 10000 --from 2025-01)" 15000
eq "salaried 10000.01 -> 200.00" "$(base "$A" --category salaried --income 10000.01 --from 2025-01)" 20000
eq "retired 5000 -> 25.00" "$(base "$B" --category retired --income 5000 --from 2025-01)" 2500
eq "retired 5000.01 -> 50.00" "$(base "$B" --category retired --income 5000.01 --from 2025-01)" 5000
eq "student 0.20" "$(base "$C" --category student --from 2025-01)" 20
eq "farmer 0.50 set by the branch" "$(base "$C" --category farmer --amount 0.5 --from 2025-01)" 50
ow --format json dues base "$C" --category farmer --amount 0.5 --from 2025-01
eq "the review is a year later" "$(jq -r .review_month <<<"$OUT")" 2026-01

fails "farmer above 1 yuan" 1 dues base "$C" --category farmer --amount 1.01 --from 2025-01
has "names the range" "$ERR" "amount"
fails "salaried without income" 1 dues base "$A" --category salaried --from 2025-01
has "names income" "$ERR" "income"
fails "student with an income" 1 dues base "$C" --category student --income 100 --from 2025-01
fails "unknown category" 1 dues base "$A" --category soldier --income 100 --from 2025-01
fails "three decimals" 1 dues base "$A" --category salaried --income 1.234 --from 2025-01
fails "a bad month" 1 dues base "$A" --category salaried --income 100 --from 2025-13
fails "before the 2008 rules" 1 dues base "$A" --category salaried --income 100 --from 2008-03
fails "no such person" 1 dues base 999 --category student --from 2025-01

# A: 200.00 a month from 2025-01 (the last base); B 50.00
ok "A pays three months at once" dues pay "$A" --month 2025-01 --months 3 --amount 600 --date 2025-03-10 --method 现金
eq "three rows, one batch" "$(sql "SELECT count(*), count(DISTINCT batch), sum(amount_fen) FROM dues_payments WHERE person_id=$A")" "3|1|60000"
ok "B pays 150.02 for three months" dues pay "$B" --month 2025-01 --months 3 --amount 150.02 --date 2025-03-10
eq "split evenly, the odd fen first" "$(sql "SELECT group_concat(amount_fen) FROM (SELECT amount_fen FROM dues_payments WHERE person_id=$B ORDER BY month)")" "5001,5001,5000"
fails "a pay before any base" 1 dues pay "$A" --month 2024-12 --amount 10 --date 2025-03-10
has "names the base" "$ERR" "no dues base"
fails "13 months" 1 dues pay "$A" --month 2025-01 --months 13 --amount 10 --date 2025-03-10
fails "paid in the future" 1 dues pay "$A" --month 2025-01 --amount 10 --date 2999-01-01
fails "a negative amount" 1 dues pay "$A" --month 2025-01 --amount -1 --date 2025-03-10
ok "special payment" dues special "$A" --amount 10000 --date 2025-07-01 --note 自愿
eq "kept apart from the monthly payments" "$(sql "SELECT count(*) FROM dues_specials WHERE person_id=$A").$(sql "SELECT count(*) FROM dues_payments WHERE person_id=$A")" "1.3"
ok "reduction of B for April to June" dues reduce "$B" --kind reduce --from 2025-04 --to 2025-06 --amount 10 --approval "党委〔2025〕1号" --approved 2025-03-20 --reason 困难
ok "exemption of A in May" dues reduce "$A" --kind exempt --from 2025-05 --to 2025-05 --approval "党委〔2025〕2号" --approved 2025-04-20
fails "reduction without approval" 2 dues reduce "$B" --kind reduce --from 2025-04 --amount 1 --approved 2025-03-20

ow --format json dues history "$A" --month 2025-08
eq "A's months: due, paid" "$(jq -c '[.months[]|[.month,.due_fen,.paid_fen,.arrears_months]]' <<<"$OUT")" \
  '[["2025-01",20000,20000,0],["2025-02",20000,20000,0],["2025-03",20000,20000,0],["2025-04",20000,0,1],["2025-05",0,0,1],["2025-06",20000,0,2],["2025-07",20000,0,3],["2025-08",20000,0,4]]'
eq "A owes 800.00 by August" "$(jq '.months[-1].arrears_fen' <<<"$OUT")" 80000
eq "the special payment in the history" "$(jq -c '[.specials[]|.amount_fen]' <<<"$OUT")" "[1000000]"
eq "B's reduced month" "$(ow --format json dues history "$B" --month 2025-05; jq '.months[4].due_fen' <<<"$OUT")" 1000

ow --format json dues ledger --org B1 --month 2025-03
eq "ledger of B1 for March: members in pinyin order" "$(jq -c '[.items[]|[.name,.due_fen,.paid_fen,.method]]' <<<"$OUT")" '[["甲",20000,20000,"现金"],["乙",5000,5000,""]]'
eq "March totals" "$(jq -c .totals <<<"$OUT")" '{"members":2,"due_fen":25000,"paid_fen":25000,"arrears_fen":0,"in_arrears":0}'
ow --format json dues ledger --org B1 --month 2025-04
eq "April: A unpaid, B's reduced amount unpaid" "$(jq -c '[.items[]|[.name,.due_fen,.paid_fen,.arrears_months,.arrears_fen]]' <<<"$OUT")" '[["甲",20000,0,1,20000],["乙",1000,0,1,1000]]'
eq "April totals" "$(jq -c .totals <<<"$OUT")" '{"members":2,"due_fen":21000,"paid_fen":0,"arrears_fen":21000,"in_arrears":2}'
ok "text ledger" dues ledger --org B1 --month 2025-04
has "text totals" "$OUT" "total	2 members	due 210.00	paid 0.00	arrears 210.00 (2 in arrears)"
ok "csv ledger" dues ledger --org B1 --month 2025-03 --format csv
has "csv header" "$OUT" '"人员编号","姓名","月份"' 
has "csv row" "$OUT" '"甲","2025-03","200.00","200.00","2025-03-10","现金","0","0.00"'
ok "xlsx ledger" dues ledger --org B1 --month 2025-03 --format xlsx --out "$T/l.xlsx"
eq "xlsx rows: member and totals" "$(xlsx_rows "$T/l.xlsx" | tail -3)" "1,甲,2025-03,200.00,200.00,2025-03-10,现金,0,0.00
2,乙,2025-03,50.00,50.00,2025-03-10,,0,0.00
合计,2,2025-03,250.00,250.00,,,0,0.00"
fails "xlsx needs --out" 2 dues ledger --org B1 --month 2025-03 --format xlsx
ow --format json dues ledger --org B2 --month 2025-03
eq "B2's ledger holds only its member" "$(jq -c '[.items[].name]' <<<"$OUT")" '["丙"]'
ow dues arrears --org B1 --month 2025-08 --min-months 5
has "B five months short (April to August)" "$OUT" "乙"
hasnt "A four (May exempt)" "$OUT" "甲"
fails "history of no such person" 1 dues history 999
fails "unknown org" 1 dues ledger --org NOPE --month 2025-03

# findings: A (May exempt) and B paid nothing from April 2025
fnd() { ow --format json findings --org B1 --as-of "$1" --rule "$2"; jq -r '[.items[]|.org.code + " " + .due]|join(",")' <<<"$OUT"; }
eq "3 months short by August: dues_arrears_3m for B1" "$(fnd 2025-09-01 dues_arrears_3m)" "B1 2025-07-01"
eq "not yet six" "$(fnd 2025-09-01 dues_arrears_6m)" ""
eq "six months by September (B): dues_arrears_6m" "$(fnd 2025-10-15 dues_arrears_6m)" "B1 2025-10-01"
eq "A, five months (May exempt), keeps the 3-month finding" "$(fnd 2025-10-15 dues_arrears_3m)" "B1 2025-08-01"
eq "B2: C never paid from January: six months by June" "$(ow --format json findings --org B2 --as-of 2025-10-15 --rule dues_arrears_6m; jq -r '[.items[]|.org.code + " " + .due]|join(",")' <<<"$OUT")" "B2 2025-07-01"
eq "no dues base, no finding (before January 2025)" "$(ow --format json findings --org B2 --as-of 2025-01-15 --rule dues_arrears_3m; jq '.items|length' <<<"$OUT")" 0
eq "audit rows of the writes" "$(sql "SELECT count(*) FROM audit_log WHERE action LIKE 'dues%'")" \
  "$(sql "SELECT (SELECT count(*) FROM dues_bases)+(SELECT count(*) FROM dues_payments)+(SELECT count(*) FROM dues_specials)+(SELECT count(*) FROM dues_reliefs)")"
sqlite3 "$DB" "DELETE FROM dues_payments" 2>/dev/null && fail "payments are append-only" || pass "payments are append-only"

# migration 18 on a database of the version before it: the tables come, the data stays
ok "another database" --db "$T/m.db" init
sqlite3 "$T/m.db" "DROP TABLE dues_bases; DROP TABLE dues_reliefs; DROP TABLE dues_payments; DROP TABLE dues_specials; PRAGMA user_version = 17"
eq "version 17" "$(sqlite3 "$T/m.db" "PRAGMA user_version")" 17
ok "init migrates it" --db "$T/m.db" init
eq "to the current version, the dues tables there" "$(sqlite3 "$T/m.db" "SELECT count(*) FROM sqlite_master WHERE type='table' AND name LIKE 'dues_%'")" 4
ok "and the schema is the one of the migrations" --db "$T/m.db" check
