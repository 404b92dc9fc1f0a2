#!/usr/bin/env bash
# t0871-member-end-api.sh - the end of a membership and corrections over
# the API: PATCH refuses the status and key dates (naming the field and the
# operations); POST /members/{id}/end and /corrections for each position of
# the person relative to the caller's scope (own, child: done; parent,
# sibling, unrelated: 404 as a missing id, nothing written), for roles
# without member.write (403), and the deciding organization, which must lie
# in the caller's scope as well.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start
for who in officer secretary auditor member; do login $who "$PW"; done

# ---- PATCH is no way to end or reinstate ----
req officer PATCH "/members/$PA" '{"status":"expelled","exited":"2025-01-01"}'
eq "PATCH of the status: 422 naming it" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 status"
has "and the operation to use" "$(echo "$BODY" | jq -r .error.message)" "POST /members/{id}/end"
req officer PATCH "/members/$PA" '{"full":"1976-01-01"}'
eq "PATCH of a key date: 422 naming it" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 full"
req officer PATCH "/members/$PA" '{"phone":"13900000000"}'
eq "PATCH of other fields still works" "$CODE" "200"

end_body() { jq -nc --argjson by "$1" '{kind:"expulsion",date:"2025-03-01",reference:"纪〔2025〕3号",by_org_id:$by}'; }

# ---- the matrix: end ----
declare -A PERSON=([own]=$PA [child]=$PA1 [parent]=$PR [sibling]=$PB [unrelated]=$PU)
declare -A ORGOF=([own]=$OA [child]=$OA1 [parent]=$OR [sibling]=$OB [unrelated]=$OU)
for who in auditor member; do
  req $who POST "/members/$PA1/end" "$(end_body "$OA")"
  eq "$who may not end a membership: 403" "$CODE" "403"
  req $who POST "/members/$PA1/corrections" '{"changes":[{"field":"full","value":"1976-01-01"}],"reason":"r"}'
  eq "$who may not correct: 403" "$CODE" "403"
done
for t in parent sibling unrelated; do
  req officer POST "/members/${PERSON[$t]}/end" "$(end_body "${ORGOF[$t]}")"
  eq "end, $t scope: 404" "$CODE" "404"
  req officer POST "/members/999999/end" "$(end_body "${ORGOF[$t]}")"
  missing=$BODY
  req officer POST "/members/${PERSON[$t]}/end" "$(end_body "${ORGOF[$t]}")"
  eq "end, $t scope: answered like a missing id" \
    "$(echo "$BODY" | jq -r .error.message | sed "s/${PERSON[$t]}/N/g")" \
    "$(echo "$missing" | jq -r .error.message | sed 's/999999/N/g')"
  req officer POST "/members/${PERSON[$t]}/corrections" '{"changes":[{"field":"status","value":"full"}],"reason":"r"}'
  eq "correction, $t scope: 404" "$CODE" "404"
done
eq "nothing ended outside the scope" "$(sql "select count(*) from persons where status <> 'full'")" "0"
req officer POST "/members/$PA1/end" "$(end_body "$OR")"
eq "a deciding organization above the caller's scope: 404 naming it" "$CODE $(echo "$BODY" | jq -r .error.field)" "404 by_org_id"
req officer POST "/members/$PA/end" "$(end_body "$OA1")"
eq "a deciding organization below the member's: 422" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 by_org_id"
req officer POST "/members/$PA/end" '{"kind":"resignation","date":"2025-03-01","reference":"r","by_org_id":'"$OA"'}'
eq "unknown kind: 422 naming it" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 kind"
req officer POST "/members/$PA/end" '{"kind":"expulsion","date":"2025-03-01","by_org_id":'"$OA"'}'
eq "no reference: 422 naming it" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 reference"
eq "still nothing ended" "$(sql "select count(*) from persons where status <> 'full'")" "0"

req officer POST "/members/$PA/end" "$(end_body "$OA")"
eq "end, own scope: 200" "$CODE" "200"
eq "the record: expelled on the act's date, masked" "$(echo "$BODY" | jq -r '.status + " " + .exited + " " + (.masked|tostring)')" "expelled 2025-03-01 true"
req secretary POST "/members/$PA1/end" "$(jq -nc --argjson by "$OA" '{kind:"death",date:"2025-05-01",by_org_id:$by}')"
eq "end, child scope (deciding organization above the member's): 200" "$CODE $(echo "$BODY" | jq -r .status)" "200 deceased"
req officer POST "/members/$PA/end" "$(end_body "$OA")"
eq "a second ending: 409 naming the status" "$CODE $(echo "$BODY" | jq -r .error.field)" "409 status"

# ---- corrections ----
req officer PATCH "/members/$PA" '{"status":"full","exited":null}'
eq "PATCH does not reinstate" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 status"
req officer POST "/members/$PA/corrections" '{"changes":[{"field":"status","value":"full"}]}'
eq "a correction without a reason: 422" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 reason"
req officer POST "/members/$PA/corrections" '{"changes":[{"field":"status","value":"full","extra":1}],"reason":"r"}'
eq "a malformed change: 422" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 changes"
req officer POST "/members/$PA/corrections" '{"changes":[{"field":"status","value":"full"}],"reason":"处分撤销"}'
eq "correction, own scope: 200, reinstated" "$CODE $(echo "$BODY" | jq -r '.status + " " + (.exited // "none")')" "200 full none"
req officer POST "/members/$PA1/corrections" '{"changes":[{"field":"exited","value":"2025-04-30"}],"reason":"死亡日期有误"}'
eq "correction, child scope: 200" "$CODE $(echo "$BODY" | jq -r .exited)" "200 2025-04-30"
req officer GET "/members/$PA/timeline"
eq "timeline: ending on its date, correction after it" \
  "$(echo "$BODY" | jq -r '[.events[] | select(.kind=="ended" or .kind=="correction") | .kind + "@" + .date] | join(",")')" \
  "ended@2025-03-01,correction@2026-11-25"
req officer GET "/stats/rollup?org=$OA&by=sex"
eq "the statistics follow the acts (A reinstated, A1 deceased)" "$(echo "$BODY" | jq -r .total)" "1"
serve_stop
ok "audit verify" audit verify
