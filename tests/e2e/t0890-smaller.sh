#!/usr/bin/env bash
# t0890-smaller.sh - the smaller defects: `user add` says what it created
# and `user list` has a header; a temporary organization past its end date
# is "ended", not active; a move that leaves an organization's division code
# outside its new parent's division warns (CLI and API); `export --filter`
# keeps one roll-up cell, as the API's filter= does.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree

# user add / user list
ow user add --login adm2 --role sysadmin --password-stdin <<< "$PW"
has "user add names the account" "$OUT" "created user "
has "with its login and role" "$OUT" "login adm2, role sysadmin, scope -"
ORGWORK_INSECURE_DEMO=1 ow user add --login off2 --role org_officer --scope A --no-totp --password-stdin <<< "$PW"
has "and its scope by code and name" "$OUT" "role org_officer, scope A 市委甲"
ow user list
eq "user list starts with a header" "$(head -1 <<<"$OUT")" "$(printf 'id\tlogin\trole\tscope\tperson\tstate\ttotp')"
has "the officer's scope by code" "$OUT" "$(printf 'off2\torg_officer\tA 市委甲\t-\tactive\tno')"

# a temporary organization past its end date has ended
ok "temporary org" org add --code T1 --name 抗洪临时党支部 --kind temporary --parent A \
  --established 2024-01-01 --purpose 抗洪 --end-date 2024-06-30
ow org show T1
has "past its end date: ended" "$OUT" "state:       ended"
ow --format json org show T1
eq "JSON state ended" "$(jq -r .state <<<"$OUT")" "ended"
ow --format json org show A1
eq "a branch is active" "$(jq -r .state <<<"$OUT")" "active"
fails "no member recorded with it after its end" 1 org attach T1 --person "$PA1"

# a move that leaves the division code outside the new parent's division
ok "county A" org add --code 110101 --name 东城区委 --kind committee --parent R --division 110101 --established 1980-01-01
ok "county B" org add --code 110102 --name 西城区委 --kind committee --parent R --division 110102 --established 1980-01-01
ok "a community committee of A" org add --code 110101001001 --name 社区党委 --kind committee --parent 110101 --division 110101001001 --established 1990-01-01
ow org move 110101001001 --to 110102
eq "moved" "$RC" "0"
has "warns that the division code stays outside" "$ERR" "warning: 110101001001 keeps division code 110101001001, outside the division 110102 of its new parent 110102"
ow org move 110101001001 --to 110101
hasnt "no warning once back inside" "$ERR" "warning"

serve_start
login officer "$PW"
ow org add --code 110105 --name 朝阳区委 --kind committee --parent A --division 110105 --established 1980-01-01; OC=$OUT
ow org add --code 110106 --name 丰台区委 --kind committee --parent A --division 110106 --established 1980-01-01; OD=$OUT
ow org add --code 110105001 --name 街道党工委 --kind committee --parent 110105 --division 110105001 --established 1990-01-01; OS=$OUT
req officer POST "/orgs/$OS/move" "{\"parent_id\":$OD}"
eq "API move 200" "$CODE" "200"
eq "API warning code and field" "$(jq -c '[.warnings[0].code, .warnings[0].field, .warnings[0].params.parent_division]' <<<"$BODY")" '["division_outside_parent","division","110106"]'
req officer POST "/orgs/$OS/move" "{\"parent_id\":$OC}"
eq "no warning inside" "$(jq -r '.warnings // "none"' <<<"$BODY")" "none"
serve_stop

# export --filter, as the API's filter=
ow member add --name 男党员 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --org A1 --status full --admitted 1990-01-01 --id-number "$(idnum 11010519600101011)"
ok "export women of A's subtree" export --org A --filter sex=female --out "$T/w.csv"
eq "only the women" "$(tail -n +2 "$T/w.csv" | cut -d, -f2 | sort -u | tr -d '\r')" "女"
ok "export everybody" export --org A --out "$T/all.csv"
[ "$(wc -l < "$T/all.csv")" -gt "$(wc -l < "$T/w.csv")" ] && pass "the filter left the man out" || fail "the filter left the man out"
fails "a filter it cannot take is a usage error" 2 export --org A --filter colour=red --out "$T/x.csv"
has "naming filter" "$ERR" "filter"
[ ! -e "$T/x.csv" ] && pass "no file" || fail "no file"
