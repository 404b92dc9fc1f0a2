#!/usr/bin/env bash
# t0962-standing-api.sh - POST/GET /members/{id}/standing and /discipline:
# each act accepted and listed, each refusal with its code, field and params;
# the organizations a body names must lie in the caller's scope (else 404
# naming the field, as a missing one), a list shows organizations outside the
# reader's scope as null; a member reads their own records; foreign persons
# answer like missing ones; the timeline shows each act.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start
login officer "$PW"
login member "$PW"
cfp() { echo "$BODY" | jq -r '[.error.code, .error.field] + [(.error.params // {}) | to_entries[] | .key + "=" + .value] | join(" ")'; }
st() { req officer POST "/members/$1/standing" "$2"; }
di() { req officer POST "/members/$1/discipline" "$2"; }

# ---- standing ----
st "$PA1" '{"action":"lost_contact","search":"走访"}'
eq "no date: required" "$CODE $(cfp)" "422 required date"
st "$PA1" '{"action":"lost_contact","date":"1970-01-01","search":"走访"}'
eq "before admission: with the date" "$CODE $(cfp)" "422 standing_before_admission date date=1975-01-01"
st "$PA1" '{"action":"lost_contact","date":"2025-01-10"}'
eq "no search: required search" "$CODE $(cfp)" "422 required search"
st "$PA1" '{"action":"beam_up","date":"2025-01-10"}'
eq "unknown action: invalid_choice" "$CODE $(cfp)" "422 invalid_choice action"
st "$PA1" '{"action":"contact_regained","date":"2025-01-10"}'
eq "regained without lost: 409" "$CODE $(cfp)" "409 standing_no_lost_contact action"
st "$PA1" '{"action":"lost_contact","date":"2025-01-10","search":"电话走访"}'
eq "lost contact: 200 with the list" "$CODE $(jq -c '[.items[]|[.kind,.start,.search]]' <<<"$BODY")" '200 [["lost_contact","2025-01-10","电话走访"]]'
st "$PA1" '{"action":"lost_contact","date":"2025-02-10","search":"x"}'
eq "a second: 409 with the open record's date" "$CODE $(cfp)" "409 standing_lost_contact_open action date=2025-01-10"
st "$PA1" '{"action":"contact_regained","date":"2025-01-01"}'
eq "regained before lost" "$CODE $(cfp)" "422 standing_end_before_start date date=2025-01-10"
st "$PA1" '{"action":"contact_regained","date":"2025-03-01","note":"已联系"}'
eq "regained: 200" "$CODE $(jq -c '[.items[0].end,.items[0].note,.items[0].in_force]' <<<"$BODY")" '200 ["2025-03-01","已联系",false]'

st "$PA1" "$(jq -nc --argjson h "$OB" '{action:"floating",date:"2025-04-01",place:"深圳",host_org_id:$h}')"
eq "host outside the scope: 404 naming host_org_id" "$CODE $(jq -r .error.field <<<"$BODY")" "404 host_org_id"
B404=$(jq -c .error <<<"$BODY")
st "$PA1" '{"action":"floating","date":"2025-04-01","place":"深圳","host_org_id":999999}'
eq "a missing host: the same answer (but the id)" "$CODE $(jq -c .error <<<"$BODY" | sed 's/999999/N/g')" "404 $(sed "s/\b$OB\b/N/g" <<<"$B404")"
st "$PA1" "$(jq -nc --argjson h "$OA" '{action:"floating",date:"2025-04-01",host_org_id:$h}')"
eq "no place: required place" "$CODE $(cfp)" "422 required place"
st "$PA1" "$(jq -nc --argjson h "$OA" '{action:"floating",date:"2025-04-01",place:"深圳"}')"
eq "no host: required host_org_id" "$CODE $(cfp)" "422 required host_org_id"
st "$PA1" "$(jq -nc --argjson h "$OA" '{action:"floating",date:"2025-04-01",place:"深圳",host_org_id:$h}')"
eq "floating: 200" "$CODE $(jq -c '[.items[1]|.kind,.place,.host.code]' <<<"$BODY")" '200 ["floating","深圳","A"]'

st "$PA1" "$(jq -nc --argjson b "$OR" '{action:"stop",date:"2025-05-01",reason:"失联",by_org_id:$b}')"
eq "deciding organization above the scope: 404 naming by_org_id" "$CODE $(jq -r .error.field <<<"$BODY")" "404 by_org_id"
st "$PA" "$(jq -nc --argjson b "$OA1" '{action:"stop",date:"2025-05-01",reason:"失联",by_org_id:$b}')"
eq "deciding organization below the member's: by_org_not_above" "$CODE $(cfp)" "422 by_org_not_above by_org_id org=第一支部 code=A1"
st "$PA1" "$(jq -nc --argjson b "$OA" '{action:"restore",date:"2025-05-01",by_org_id:$b}')"
eq "restore without a stop: 409" "$CODE $(cfp)" "409 standing_not_stopped action"
st "$PA1" "$(jq -nc --argjson b "$OA" '{action:"stop",date:"2025-05-01",reason:"失联",by_org_id:$b,reference:"组1"}')"
eq "stop: 200" "$CODE $(jq -c '[.items[2]|.kind,.reason,.by.code,.reference]' <<<"$BODY")" '200 ["stopped","失联","A","组1"]'
st "$PA1" "$(jq -nc --argjson b "$OA" '{action:"stop",date:"2025-06-01",reason:"x",by_org_id:$b}')"
eq "stop again: 409" "$CODE $(cfp)" "409 standing_already_stopped action date=2025-05-01"
req officer GET "/members/$PA1"
eq "flags of the record follow" "$(jq -c .flags <<<"$BODY")" '["floating","suspended"]'

# ---- discipline ----
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"probation",date:"2025-08-01",reference:"纪1",by_org_id:$b,years:5}')"
eq "probation of 5 years: with the range and the rule" \
  "$CODE $(cfp) $(jq -r .error.rule <<<"$BODY")" "422 discipline_probation_years years min=1 max=2 discipline.probation_max_years"
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"probation",date:"2025-08-01",by_org_id:$b,years:1}')"
eq "no reference: required" "$CODE $(cfp)" "422 required reference"
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"caution",date:"2025-08-01",reference:"r",by_org_id:$b}')"
eq "unknown kind: invalid_choice" "$CODE $(cfp)" "422 invalid_choice kind"
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"lost_contact",date:"2025-08-01",reference:"r",by_org_id:$b}')"
eq "a standing kind is no sanction" "$CODE $(cfp)" "422 invalid_choice kind"
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"warning",date:"2025-08-01",reference:"r",by_org_id:$b,years:1}')"
eq "years for a warning" "$CODE $(cfp)" "422 discipline_years_not_probation years"
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"probation",date:"2025-08-01",reference:"纪1",by_org_id:$b,years:1}')"
eq "probation: 200" "$CODE $(jq -c '[.items[0]|.kind,.years,.end,.by.code]' <<<"$BODY")" '200 ["probation",1,"2026-08-01","A"]'
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"probation",date:"2026-01-01",reference:"纪2",by_org_id:$b,years:1}')"
eq "probation while one runs: 409" "$CODE $(cfp)" "409 discipline_probation_running kind date=2025-08-01"
di "$PA1" "$(jq -nc --argjson b "$OA" '{kind:"warning",date:"2026-01-01",reference:"纪3",by_org_id:$b}')"
eq "warning: 200, ends a year later" "$CODE $(jq -c '[.items[1]|.kind,.end]' <<<"$BODY")" '200 ["warning","2027-01-01"]'

# ---- reading ----
req officer GET "/members/$PA1/standing"
eq "GET standing" "$CODE $(jq -c '[.items[]|.kind]' <<<"$BODY")" '200 ["lost_contact","floating","stopped"]'
req officer GET "/members/$PA1/discipline"
eq "GET discipline" "$CODE $(jq -c '[.items[]|.kind]' <<<"$BODY")" '200 ["probation","warning"]'
req officer GET "/members/$PB/standing"
eq "a person outside the scope: 404" "$CODE" "404"
N404=$BODY
req officer GET "/members/999999/standing"
eq "a missing person: the same body (but the id)" "$CODE $(sed 's/999999/N/g' <<<"$BODY")" "404 $(sed "s/\b$PB\b/N/g" <<<"$N404")"
req officer POST "/members/$PB/discipline" "$(jq -nc --argjson b "$OA" '{kind:"warning",date:"2026-01-01",reference:"r",by_org_id:$b}')"
eq "a sanction for a person outside the scope: 404" "$CODE" "404"
eq "nothing was written for them" "$(sql "SELECT count(*) FROM standing_records WHERE person_id=$PB")" 0

# an organization outside the reader's scope is null in a list
ow member standing "$PB" floating --date 2025-04-01 --place 外地 --host U
login sysadmin "$PW" >/dev/null 2>&1 || true
ORGWORK_INSECURE_DEMO=1 ow user add --login officerb --role org_officer --scope B --no-totp --password-stdin <<< "$PW"
login officerb "$PW"
req officerb GET "/members/$PB/standing"
eq "host outside the reader's scope: null" "$CODE $(jq -c '[.items[0].host,.items[0].place]' <<<"$BODY")" '200 [null,"外地"]'

# the member reads their own, not another's, and writes nothing
ow member standing "$PA" lost-contact --date 2025-01-10 --search 走访
req member GET "/members/$PA/standing"
eq "a member reads their own standing" "$CODE $(jq '.items|length' <<<"$BODY")" "200 1"
req member GET "/members/$PA1/discipline"
eq "not another's" "$CODE" "404"
req member POST "/members/$PA/standing" '{"action":"contact_regained","date":"2025-02-01"}'
eq "a member writes nothing" "$CODE" "403"

# the timeline
req officer GET "/members/$PA1/timeline"
eq "each act on the timeline" \
  "$(jq -c '[.events[]|select(.kind|test("lost_contact|contact_regained|floating|standing_|sanction"))|.kind]' <<<"$BODY")" \
  '["lost_contact","contact_regained","floating","standing_stopped","sanction_probation","sanction_warning"]'
eq "the floating's host organization by id" \
  "$(jq -c '[.events[]|select(.kind=="floating")|.detail]' <<<"$BODY")" "[{\"date\":\"2025-04-01\",\"to_org_id\":$OA}]"
eq "reads are logged" "$(sql "SELECT count(*) FROM access_log WHERE object = 'person/$PA1/standing'" 2>/dev/null)" 1
