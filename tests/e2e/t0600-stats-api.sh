#!/usr/bin/env bash
# t0600-stats-api.sh - the statistics routes of the server: a write through
# the API (member create, status change, organization create and move) is
# counted by the very next statistics request; a write by another process
# (the CLI while the server runs) is noticed through the change counter;
# an import rebuilds; bad query arguments are 400 naming the argument; the
# caller's scope applies (outside it: 404); the engine snapshot is loaded
# at a restart only when it matches the database.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
YEAR=$(date +%Y)
SNAP="$T/stats.snap"
serve_start --snapshot "$SNAP"
login officer "$PW"; eq "officer login" "$CODE" "200"
login auditor "$PW"; eq "auditor login" "$CODE" "200"
login member "$PW"; eq "member login" "$CODE" "200"
login sysadmin "$PW"; eq "sysadmin login" "$CODE" "200"
login top "$PW"; eq "top login" "$CODE" "200"
[ -s "$SNAP" ] && pass "snapshot written at the first start" || fail "snapshot written at the first start"
builds() { grep -c 'statistics engine built\|statistics engine loaded' "$T/serve.log"; }

total() { req officer GET "/stats/rollup?org=$1&by=${2:-sex}${3:+&$3}"; echo "$BODY" | jq -r .total; }

# ---- answers ----
req officer GET "/stats/bulletin?org=$OA&year=$YEAR"
eq "bulletin: 200" "$CODE" "200"
eq "bulletin of A: members of A and A1" "$(echo "$BODY" | jq -r .members)" "2"
eq "bulletin: women" "$(echo "$BODY" | jq -r .women)" "2"
eq "bulletin: one child (A1) with its member" "$(echo "$BODY" | jq -c '[.children[] | [.org.code, .members]]')" '[["A1",1]]'
eq "bulletin: the org" "$(echo "$BODY" | jq -r '.org.code + " " + (.year|tostring)')" "A $YEAR"
req officer GET "/stats/bulletin?year=$YEAR"
eq "bulletin without org: the scope root" "$(echo "$BODY" | jq -r '.org.code + " " + (.members|tostring)')" "A 2"
eq "rollup by sex" "$(total "$OA")" "2"
req officer GET "/stats/rollup?org=$OA&by=sex,education&filter=sex:female"
eq "rollup two dims, filter dim:value" "$(echo "$BODY" | jq -c '[.by, .total, (.cells|length)]')" '[["sex","education"],2,1]'
req officer GET "/stats/rollup?org=$OA&by=sex&filter=sex=male"
eq "filter dim=value too" "$(echo "$BODY" | jq -r .total)" "0"
req officer GET "/stats/children?org=$OA&by=sex"
eq "children: 200" "$CODE" "200"
eq "children: own and A1" "$(echo "$BODY" | jq -c '[.own.total, [.children[] | [.org.code, .rollup.total]]]')" '[1,[["A1",1]]]'

# ---- writes through the API reach the next answer ----
b=$(jq -nc --arg org "$OA1" --arg id "$(idnum 11010519800101003)" \
  '{name:"新党员",sex:"male",birth_date:"1980-01-01",ethnicity:"zhuang",education:"college",
    occupation:"workers",id_number:$id,org_id:($org|tonumber),status:"probationary",admitted:"2024-03-01"}')
req officer POST /members "$b"
eq "member create: 201" "$CODE" "201"; NEW=$(echo "$BODY" | jq -r .id)
eq "created member counted at once" "$(total "$OA")" "3"
req officer GET "/stats/rollup?org=$OA&by=sex"
eq "and by sex" "$(echo "$BODY" | jq -r '.cells | map(select(.sex=="male")) | .[0].count')" "1"
req officer GET "/stats/bulletin?org=$OA&year=2024"
eq "bulletin 2024: new member of the year" "$(echo "$BODY" | jq -c '[.members, .new_members_in_year, .ethnic_minorities]')" '[3,1,1]'
req officer POST "/members/$NEW/end" "{\"kind\":\"withdrawal\",\"date\":\"2024-06-01\",\"reference\":\"退党〔2024〕1号\",\"by_org_id\":$OA1}"
eq "membership ended: 200" "$CODE" "200"
eq "withdrawn member no longer counted" "$(total "$OA")" "2"
eq "counted as withdrawn by status" "$(total "$OA" status 'filter=status:withdrawn')" "1"
req officer POST /orgs "{\"code\":\"A2\",\"name\":\"第二支部\",\"kind\":\"general_branch\",\"parent_id\":$OA,\"sector\":\"agency\",\"established\":\"2000-01-01\"}"
eq "org create: 201" "$CODE" "201"; OA2=$(echo "$BODY" | jq -r .id)
eq "new org known at once (empty)" "$(total "$OA2")" "0"
req officer POST "/orgs/$OA1/move" "{\"parent_id\":$OA2}"
eq "move: 200" "$CODE" "200"
eq "moved branch counted under its new parent" "$(total "$OA2")" "1"
req officer GET "/stats/children?org=$OA&by=sex"
eq "children after the move" "$(echo "$BODY" | jq -c '[.children[] | [.org.code, .rollup.total]]')" '[["A2",1]]'
req officer POST "/orgs/$OA2/merge" "{\"into\":$OA}"
eq "merge: 200" "$CODE" "200"
req officer GET "/stats/children?org=$OA&by=sex"
eq "after merging A2 into A: A1 is a child again, A2 dissolved" "$(echo "$BODY" | jq -c '[.total.total, [.children[] | [.org.code, .rollup.total, (.org.dissolved != null)]]]')" '[2,[["A1",1,false],["A2",0,true]]]'
api_children=$(echo "$BODY" | jq -S -c 'del(.total.as_of, .own.as_of) | .children |= map(del(.rollup.as_of))')
ow --format json report children --org A --by sex
eq "the engine after deltas answers as a fresh build" "$api_children" "$(echo "$OUT" | jq -S -c 'del(.total.as_of, .own.as_of) | .children |= map(del(.rollup.as_of))')"
req officer GET "/stats/bulletin?org=$OA&year=$YEAR"
eq "the merged organization is dissolved: one branch, no general branch" "$(echo "$BODY" | jq -c '[.grassroots_organizations.branches, .grassroots_organizations.general_branches]')" '[1,0]'
eq "API writes applied as deltas (no rebuild)" "$(builds)" "1"

# ---- a write by another process ----
ow member add --name 命令行党员 --sex 女 --ethnicity 01 --education 21 --occupation workers \
  --org A --status full --admitted 1990-01-01 --id-number "$(idnum 11010519700101004)"
eq "CLI member add while serving" "$RC" "0"
eq "the CLI's member counted at the next request" "$(total "$OA")" "3"
eq "rebuilt once for it" "$(builds)" "2"
eq "no rebuild without a change" "$(total "$OA") $(builds)" "3 2"

# ---- bulk: an import through the API rebuilds ----
printf 'name,sex,id_number,ethnicity,education,occupation,org,status,admitted\nAnna Lee,female,%s,Han,Bachelor'"'"'s graduate,Workers,A,full,2010-07-01\n' \
  "$(idnum 11010519850505006)" > "$T/one.csv"
req top POST /import "@$T/one.csv" text/csv
eq "import through the API" "$CODE $(echo "$BODY" | jq -r .members)" "200 1"
eq "imported member counted at the next request" "$(total "$OA")" "4"
eq "the import rebuilt the engine" "$(builds)" "3"

# ---- bad query arguments: 400 naming the argument ----
bad() {
  req officer GET "$1"
  eq "400 for $1" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 $2"
}
bad "/stats/rollup?org=$OA" by
bad "/stats/rollup?org=$OA&by=colour" by
bad "/stats/rollup?org=$OA&by=sex,age_band,education" by
bad "/stats/children?org=$OA&by=sex,age_band" by
bad "/stats/rollup?org=$OA&by=sex&filter=sex:robot" filter
bad "/stats/rollup?org=$OA&by=sex&filter=colour:red" filter
bad "/stats/rollup?org=$OA&by=sex&filter=sex" filter
bad "/stats/rollup?org=$OA&by=sex&as_of=2024-13-01" as_of
bad "/stats/rollup?org=$OA&by=sex&as_of=1800-01-01" as_of
bad "/stats/rollup?org=abc&by=sex" org
bad "/stats/rollup?org=-3&by=sex" org
bad "/stats/bulletin?org=$OA&year=1800" year
bad "/stats/bulletin?org=$OA&year=twenty" year

# ---- as_of ----
eq "as of 1980: the 1975 members only" "$(total "$OA" sex as_of=1980-01-01)" "2"
eq "as of 1974: nobody" "$(total "$OA" sex as_of=1974-12-31)" "0"

# ---- scope ----
req officer GET "/stats/rollup?org=$OB&by=sex"
eq "sibling outside the scope: 404" "$CODE $(echo "$BODY" | jq -r .error.code)" "404 not_found"
req officer GET "/stats/bulletin?org=$OR"
eq "parent outside the scope: 404" "$CODE" "404"
req officer GET "/stats/children?org=$OU&by=sex"
eq "unrelated outside the scope: 404" "$CODE" "404"
req officer GET "/stats/rollup?org=999999&by=sex"
eq "missing org: 404 alike" "$CODE" "404"
req auditor GET "/stats/rollup?org=$OA&by=sex"
eq "auditor reads statistics in scope" "$CODE $(echo "$BODY" | jq -r .total)" "200 4"
req auditor GET "/stats/rollup?org=$OB&by=sex"
eq "auditor outside the scope: 404" "$CODE" "404"
req member GET "/stats/rollup?org=$OA&by=sex"
eq "member: 403" "$CODE" "403"
req sysadmin GET "/stats/bulletin"
eq "sysadmin: 403" "$CODE" "403"
req - GET "/stats/bulletin"
eq "no session: 401" "$CODE" "401"

# ---- snapshot across restarts ----
serve_stop
eq "server stopped cleanly" "$SERVE_RC" "0"
has "snapshot written at the stop" "$(cat "$T/serve.log")" "statistics snapshot written"
serve_start --snapshot "$SNAP"
has "restart loads the snapshot" "$(cat "$T/serve.log")" "statistics engine loaded from"
login officer "$PW"
eq "loaded engine answers" "$(total "$OA")" "4"
serve_stop
ow member add --name 停机党员 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --org A --status full --admitted 1991-01-01 --id-number "$(idnum 11010519700101011)"
eq "CLI member add while stopped" "$RC" "0"
serve_start --snapshot "$SNAP"
has "a write while stopped outdates the snapshot" "$(cat "$T/serve.log")" "is outdated"
login officer "$PW"
eq "rebuilt engine counts it" "$(total "$OA")" "5"
echo garbage > "$SNAP"
serve_stop
serve_start --snapshot "$SNAP"
login officer "$PW"
eq "engine after the stop-time snapshot" "$(total "$OA")" "5"
serve_stop
printf 'not a snapshot' > "$SNAP"
serve_start --snapshot "$SNAP"
has "a corrupt snapshot is not used" "$(cat "$T/serve.log")" "not used"
login officer "$PW"
eq "and the engine is built" "$(total "$OA")" "5"
