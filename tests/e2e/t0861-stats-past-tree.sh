#!/usr/bin/env bash
# t0861-stats-past-tree.sh - statistics as of a date count over the tree of
# that date, with each member at the organization of that date: a branch
# moved away on 2025-06-01 still counts under its old parent as of
# 2025-01-01; the bulletin of 2024 is the same before and after later moves
# and a merge (also from a snapshot, and through the server, whose engine
# learns the move as a delta); a merge moves the members on the merge date.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
ok "init" init
ok "root" org add --code R --name 省委 --kind committee --level 3 --established 1949-10-01
ok "P1" org add --code P1 --name 甲党委 --kind committee --parent R --established 1980-01-01
ok "P2" org add --code P2 --name 乙党委 --kind committee --parent R --established 1980-01-01
ok "B1" org add --code B1 --name 一支部 --kind branch --parent P1 --established 1990-01-01
ok "B2" org add --code B2 --name 二支部 --kind branch --parent P2 --established 1990-01-01
ok "B3" org add --code B3 --name 三支部 --kind branch --parent P1 --established 1990-01-01
n=0
m() { n=$((n + 1)); ow member add --name "党员$n" --sex 女 --ethnicity 01 --education 21 --occupation workers \
        --birth-date 1970-01-01 --org "$1" --status full --admitted 2000-01-01 --full 2001-01-01
      [ "$RC" -eq 0 ] || fail "member in $1" "$ERR"; }
m B1; m B1; m B1; m B2; m B2; m B3
B3M=$OUT
total() { "$ORGWORK" --db "$DB" --format json report rollup --org "$1" --by sex --as-of "$2" "${@:3}" | jq .total; }
bulletin() { "$ORGWORK" --db "$DB" --format json report bulletin --org "$1" --year 2024 "${@:2}" |
             jq -cS '.children |= sort_by(.org.code)'; }
eq "before: P1 as of 2025-01-01" "$(total P1 2025-01-01)" 4
BEFORE_P1=$(bulletin P1); BEFORE_R=$(bulletin R)
eq "before: the 2024 bulletin of P1 counts 4 members" "$(jq .members <<<"$BEFORE_P1")" 4

ok "B1 moves to P2 on 2025-06-01" org move B1 --to P2 --date 2025-06-01
eq "P1 as of 2025-01-01 still counts B1's members" "$(total P1 2025-01-01)" 4
eq "P2 as of 2025-01-01 does not yet" "$(total P2 2025-01-01)" 2
eq "P1 as of 2025-07-01 no longer does" "$(total P1 2025-07-01)" 1
eq "P2 as of 2025-07-01 does" "$(total P2 2025-07-01)" 5
eq "P1 today" "$(total P1 2026-11-25)" 1
ow --format json report children --org P1 --by sex --as-of 2025-01-01
eq "children of P1 as of 2025-01-01 are B1 and B3" "$(jq -c '[.children[].org.code]' <<<"$OUT")" '["B1","B3"]'
eq "B1's count among them" "$(jq '.children[] | select(.org.code=="B1") | .rollup.total' <<<"$OUT")" 3

ok "B3 merges into B2 on 2025-08-01" org merge B3 --into B2 --date 2025-08-01
eq "the merge dates the member's transfer on the merge date" \
   "$(sql "SELECT date FROM member_events WHERE person_id=$B3M AND kind='transfer'")" 2025-08-01
eq "P1 as of 2025-07-15 counts B3's member" "$(total P1 2025-07-15)" 1
eq "P1 as of 2025-09-01 counts nobody" "$(total P1 2025-09-01)" 0
eq "B3 as of 2025-07-15 counts its member" "$(total B3 2025-07-15)" 1
eq "the 2024 bulletin of P1 is unchanged" "$(bulletin P1)" "$BEFORE_P1"
eq "the 2024 bulletin of R is unchanged" "$(bulletin R)" "$BEFORE_R"
ok "snapshot" report snapshot --out "$T/s.snap"
eq "from a snapshot too" "$(bulletin P1 --snapshot "$T/s.snap")" "$BEFORE_P1"
eq "rollup from a snapshot" "$(total P1 2025-01-01 --snapshot "$T/s.snap")" 4

# the server: its engine learns a move as a delta and the history with it
ow org add --code P3 --name 丙党委 --kind committee --parent R --established 1980-01-01; OP3=$OUT
OP2=$(sql "SELECT id FROM orgs WHERE code='P2'"); OB2=$(sql "SELECT id FROM orgs WHERE code='B2'")
OP1=$(sql "SELECT id FROM orgs WHERE code='P1'")
ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"
req officer GET "/stats/rollup?org=$OP1&by=sex&as_of=2025-01-01"
eq "API: P1 as of 2025-01-01" "$(jq .total <<<"$BODY")" 4
req officer POST "/orgs/$OB2/move" '{"parent_id":'"$OP3"',"date":"2026-01-01"}'
eq "API: move B2 to P3" "$CODE" 200
req officer GET "/stats/rollup?org=$OP2&by=sex&as_of=2025-12-31"
eq "API: P2 as of 2025-12-31 still counts B2 (with B3's member) and B1" "$(jq .total <<<"$BODY")" 6
req officer GET "/stats/rollup?org=$OP2&by=sex"
eq "API: P2 today counts B1 only" "$(jq .total <<<"$BODY")" 3
req officer GET "/stats/bulletin?org=$OP1&year=2024"
eq "API: the 2024 bulletin of P1 counts 4 members" "$(jq .members <<<"$BODY")" 4
serve_stop
