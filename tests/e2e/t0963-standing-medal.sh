#!/usr/bin/env bash
# t0963-standing-medal.sh - the 50-year medal is due only to members in good
# standing on 1 July: not under probation within the party, party standing not
# stopped on that day. The count leaves them out in the total, in the
# organization's own row and in the child that holds them, by the CLI and the
# API; a probation that ended before 1 July, a restored standing and the other
# sanctions do not count against it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ok "branch 2" org add --code B2 --name 支部二 --kind branch --parent P1 --established 1950-01-01
m() { ow member add --name "$1" --sex 男 --ethnicity 01 --education 21 --occupation retired \
        --birth-date 1950-01-01 --status full --admitted 1975-06-01 --full 1976-03-01 "${@:2}"
      [ "$RC" -eq 0 ] || fail "member $1" "$ERR"; }
# all four have a party age of 50 in the year up to 1 July 2026
m 甲 --org B1; A=$OUT
m 乙 --org B1; B=$OUT
m 丙 --org B2; C=$OUT
m 丁 --org P1; D=$OUT
due() { "$ORGWORK" --db "$DB" --format json report bulletin --org "$1" --year 2026; }
eq "four due in 2026 before any record" "$(due P1 | jq .medals_glory_50_years_due)" 4

ok "甲: probation within the party over 1 July 2026" member discipline "$A" probation --date 2026-03-01 --ref 纪1 --by P1 --years 1
ok "乙: a probation that ended before 1 July" member discipline "$B" probation --date 2025-01-01 --ref 纪2 --by P1 --years 1
ok "乙: a serious warning in force (not against good standing)" member discipline "$B" serious-warning --date 2026-01-01 --ref 纪3 --by P1
ok "丙: stopped standing" member standing "$C" stop --date 2026-02-01 --reason 失联 --by P1
ok "丁: stopped and restored before 1 July" member standing "$D" stop --date 2026-01-01 --reason 失联 --by P1
ok "丁: restored" member standing "$D" restore --date 2026-06-30 --by P1

J=$(due P1)
eq "two are not in good standing on 1 July 2026" "$(jq .medals_glory_50_years_due <<<"$J")" 2
eq "per child: B1 loses 甲, B2 loses 丙" \
  "$(jq -c '[.children[]|[.org.code // .code, .medals_glory_50_years_due]]' <<<"$J")" '[["B1",1],["B2",0]]'
eq "the subtree of B2 alone" "$(due B2 | jq .medals_glory_50_years_due)" 0
eq "the subtree of B1 alone" "$(due B1 | jq .medals_glory_50_years_due)" 1

# the day matters: 丙 restored on 1 July itself is in good standing that day
ok "丙: restored on 1 July" member standing "$C" restore --date 2026-07-01 --by P1
eq "restored on the day: due again" "$(due P1 | jq .medals_glory_50_years_due)" 3

# the same figure over the API
ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope P1 --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"
P1=$(sql "SELECT id FROM orgs WHERE code='P1'")
req officer GET "/stats/bulletin?org=$P1&year=2026"
eq "API bulletin: the same count" "$CODE $(jq .medals_glory_50_years_due <<<"$BODY")" "200 3"
