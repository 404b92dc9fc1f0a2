#!/usr/bin/env bash
# t1403-gen-dues.sh - 'orgwork gen' carries party dues: every current
# member a base from January of the reference year whose amount follows the
# rules (checked against `dues base` of the same income on another
# database), payments of July to December with arrears (most paid every
# month, some stopped 1-5 months before the end, some nothing), the findings
# dues_arrears_3m and dues_arrears_6m then find branches, and the same seed
# gives the same dues.
source "$(dirname "$0")/lib.sh"
DIV="$FIX/divisions"
"$ORGWORK" gen --members 3000 --seed 5 --year 2023 --divisions "$DIV" "$DB" >/dev/null 2>"$T/err"
eq "gen exits 0" "$?" 0
eq "a base for every current member" "$(sql "SELECT count(*) FROM persons WHERE status IN ('probationary','full') AND id NOT IN (SELECT person_id FROM dues_bases)")" 0
eq "bases from January 2023, review a year later" "$(sql "SELECT DISTINCT from_month || ' ' || review_month FROM dues_bases")" "2023-01 2024-01"
# the amount of a salaried base is the rules' amount of its income
row=$(sql "SELECT income_fen, monthly_fen FROM dues_bases WHERE category='salaried' ORDER BY id LIMIT 1")
inc=${row%|*}; fen=${row#*|}
ok "init another" --db "$T/o.db" init
"$ORGWORK" --db "$T/o.db" org add --code P --name 党委 --kind committee --established 1950-01-01 >/dev/null
"$ORGWORK" --db "$T/o.db" org add --code B --name 支部 --kind branch --parent P --established 1950-01-01 >/dev/null
m=$("$ORGWORK" --db "$T/o.db" member add --name 甲 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B --status full --admitted 2000-06-01 --full 2001-06-01)
yuan=$(printf '%d.%02d' $((inc / 100)) $((inc % 100)))
eq "salaried $yuan yuan: the rules' amount" "$("$ORGWORK" --db "$T/o.db" --format json dues base "$m" --category salaried --income "$yuan" --from 2023-01 | jq .monthly_fen)" "$fen"
eq "months July to December only" "$(sql "SELECT min(month) || ' ' || max(month) FROM dues_payments")" "2023-07 2023-12"
full=$(sql "SELECT count(*) FROM (SELECT person_id FROM dues_payments GROUP BY person_id HAVING count(*) = 6)")
none=$(sql "SELECT count(*) FROM dues_bases WHERE person_id NOT IN (SELECT person_id FROM dues_payments)")
part=$(sql "SELECT count(*) FROM (SELECT person_id FROM dues_payments GROUP BY person_id HAVING count(*) < 6)")
total=$(sql "SELECT count(*) FROM dues_bases")
[ $((full * 100 / total)) -ge 85 ] && pass "most paid every month ($full of $total)" || fail "most paid every month" "$full of $total"
[ "$part" -gt 0 ] && [ "$none" -gt 0 ] && pass "some in arrears ($part stopped, $none paid nothing)" || fail "arrears generated" "$part $none"
eq "findings of six months' arrears" "$(ow --format json findings --as-of 2024-01-05 --rule dues_arrears_6m; [ "$(jq .total <<<"$OUT")" -gt 0 ] && echo yes)" yes
eq "and of three" "$(ow --format json findings --as-of 2024-01-05 --rule dues_arrears_3m; [ "$(jq .total <<<"$OUT")" -gt 0 ] && echo yes)" yes
"$ORGWORK" gen --members 3000 --seed 5 --year 2023 --divisions "$DIV" "$T/same.db" >/dev/null 2>&1
eq "the same seed, the same dues" "$(sqlite3 "$T/same.db" "SELECT category, income_fen, set_fen, monthly_fen FROM dues_bases ORDER BY id; SELECT person_id, month, amount_fen, paid_date, batch FROM dues_payments ORDER BY id" | md5sum)" \
  "$(sql "SELECT category, income_fen, set_fen, monthly_fen FROM dues_bases ORDER BY id; SELECT person_id, month, amount_fen, paid_date, batch FROM dues_payments ORDER BY id" | md5sum)"
ok "the database checks" check
