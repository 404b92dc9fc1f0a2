#!/usr/bin/env bash
# t0592-member-read.sh - GET /members/{id}, the most frequent request:
# its body equals the record as the lists encode it (keys, order, values,
# masked and revealed); scope checks follow every change of the tree at
# once, whether made through the API, by another process (the CLI on the
# same database) or rolled back; every read reaches the access log.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"
login top "$PW"
login sysadmin "$PW"

# ---- the body equals the list row ----
newp='{"name":"张\"引号\\斜杠","sex":"male","birth_date":"1990-05-05","ethnicity":"han","education":"bachelor","occupation":"workers","org_id":'$OA1',"status":"applicant","applied":"2024-01-10","flags":["lost_contact","suspended"]}'
req officer POST /members "$newp"
eq "create a record with quotes, flags, no phone" "$CODE" "201"
PN=$(echo "$BODY" | jq -r .id)
for p in "$PA" "$PA1" "$PN"; do
  req officer GET "/members/$p"
  # the record and the list row carry the organization's name (org_name)
  [ "$(echo "$BODY" | jq -r '.org_name | type')" = string ] && pass "person $p: org_name" || fail "person $p: org_name" "$BODY"
  one=$BODY
  req officer GET "/orgs/$OA/members?subtree=1&limit=100"
  row=$(echo "$BODY" | jq -c --argjson id "$p" '.items[] | select(.id == $id)')
  eq "person $p: same keys in the same order as the list row" \
    "$(echo "$one" | jq -c 'keys_unsorted')" "$(echo "$row" | jq -c 'keys_unsorted')"
  eq "person $p: same values as the list row" "$(echo "$one" | jq -cS .)" "$(echo "$row" | jq -cS .)"
done
req officer GET "/members/$PN"
eq "quotes and backslash survive" "$(echo "$BODY" | jq -r .name)" '张"引号\斜杠'
eq "absent phone and address are null" "$(echo "$BODY" | jq -c '[.phone, .address, .id_number]')" '[null,null,null]'
eq "flags in order" "$(echo "$BODY" | jq -c .flags)" '["lost_contact","suspended"]'
req officer GET "/members/$PA"
eq "masked identifiers" "$(echo "$BODY" | jq -r '[.id_number, .phone, .address, (.masked|tostring)]|join(" ")')" \
  "110105********$(idnum 11010519500101002 | cut -c15-) 138****5671 *** true"
req officer GET "/members/$PA?reveal=1"
eq "revealed identifiers" "$(echo "$BODY" | jq -r '[.id_number, .phone, .address, (.masked|tostring)]|join(" ")')" \
  "$(idnum 11010519500101002) 13812345671 地址A false"
has "content type" "$HDRS" "application/json; charset=utf-8"

# ---- scope follows moves at once ----
req officer GET "/members/$PA1"
eq "A1 is in officer's scope (A)" "$CODE" "200"
req top POST "/orgs/$OA1/move" "{\"parent_id\":$OB}"
eq "move A1 under B through the API" "$CODE" "200"
req officer GET "/members/$PA1"
eq "the next request sees the move: 404" "$CODE" "404"
req officer GET "/members/$PA1?reveal=1"
eq "reveal after the move: 404" "$CODE" "404"
req top GET "/members/$PA1"
eq "still in top's scope" "$CODE" "200"
ow org move A1 --to A
eq "move A1 back by another process (CLI)" "$RC" "0"
req officer GET "/members/$PA1"
eq "the server sees the other process's move" "$CODE" "200"
ow org move A --to U
req top GET "/members/$PA1"
eq "a move two levels up takes A1 out of top's scope" "$CODE" "404"
req officer GET "/members/$PA1"
eq "officer (scope A) keeps A1" "$CODE" "200"
req sysadmin GET "/orgs/$OA1"
eq "unscoped reader (sysadmin, org.read) sees a moved organization" "$CODE" "200"
req sysadmin GET /orgs/999999
eq "unscoped reader: missing organization 404" "$CODE" "404"
ow org move A --to R
req top GET "/members/$PA1"
eq "back in top's scope" "$CODE" "200"
req top POST "/orgs/$OA/move" "{\"parent_id\":$OA1}"
eq "a cycle is still refused" "$CODE" "409"
req top GET "/members/$PA1"
eq "refused move changes nothing" "$CODE" "200"
ow org add --code A2 --name 第二支部 --kind branch --parent B --established 2000-01-01; OA2=$OUT
ow member add --name 新党员 --sex 女 --birth-date 1970-01-01 --ethnicity 01 --education 21 \
  --occupation workers --org A2 --status full --admitted 2001-01-01; PA2=$OUT
[ -n "$PA2" ] || fail "member in A2" "$ERR"
req officer GET "/members/$PA2"
eq "new organization under B: outside A" "$CODE" "404"
req top GET "/members/$PA2"
eq "new organization under B: inside R" "$CODE" "200"
req top POST "/orgs/$OA2/merge" "{\"into\":$OA1}"
eq "merge A2 into A1" "$CODE" "200"
req officer GET "/members/$PA2"
eq "merged people follow into the scope" "$CODE" "200"
req officer GET /members/999999
eq "missing record 404" "$CODE" "404"
req officer GET "/members/$PU"
eq "other tree 404" "$CODE" "404"

# ---- every read is in the access log ----
before=$(sql "SELECT count(*) FROM access_log WHERE object = 'person/$PA' AND action = 'read'")
for i in 1 2 3 4 5; do req officer GET "/members/$PA"; done
serve_stop
after=$(sql "SELECT count(*) FROM access_log WHERE object = 'person/$PA' AND action = 'read'")
eq "five reads, five access-log rows" "$((after - before))" "5"
eq "reveal rows" "$(sql "SELECT count(*) FROM access_log WHERE object = 'person/$PA' AND action = 'reveal'")" "1"
ow audit verify
has "access log chain intact" "$OUT" "access_log: ok"
