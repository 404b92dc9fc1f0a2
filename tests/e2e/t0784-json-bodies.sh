#!/usr/bin/env bash
# t0784-json-bodies.sh - JSON bodies: integers out of their field's range
# are refused, never wrapped (term_years 4294967297 is not stored as 1);
# PATCH /users/{id} validates the whole body before changing anything (a
# short password with disabled:true leaves the account enabled); a name of
# CJK Extension B characters (4-byte UTF-8) is taken and read back.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start
login top "$PW"
org='{"code":"X9","name":"新支部","kind":"branch","parent_id":'$OR',"sector":"other","established":"2020-01-01"}'
for v in 4294967297 -1 2147483648 1000; do
  req top POST /orgs "$(echo "$org" | jq -c ".term_years=$v")"
  eq "term_years $v refused 422" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 term_years"
done
eq "nothing stored" "$(sql "select count(*) from orgs where code='X9'")" "0"
req top POST /orgs "$(echo "$org" | jq -c '.term_years=5')"
eq "term_years 5 taken" "$CODE $(echo "$BODY" | jq -r .term_years)" "201 5"
req top POST "/orgs/$OA1/move" "{\"parent_id\":99999999999999999999}"
eq "id beyond 64 bits refused" "$CODE" "400"

# PATCH is all or nothing (a valid one becomes a request a secadmin decides)
login sysadmin "$PW"
uid=$(sql "select id from users where login='secretary'")
req sysadmin PATCH "/users/$uid" '{"disabled":true,"password":"short"}'
eq "short password 422" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 password"
eq "account not disabled" "$(sql "select disabled from users where id=$uid")" "0"
login secretary "$PW"
eq "secretary still logs in" "$CODE" "200"
req sysadmin PATCH "/users/$uid" '{"disabled":true,"role":"nonsense"}'
eq "bad role 422" "$CODE" "422"
eq "still not disabled" "$(sql "select disabled from users where id=$uid")" "0"
req sysadmin PATCH "/users/$uid" '{"disabled":true,"password":"a new long enough password"}'
eq "valid PATCH waits for a secadmin: 202" "$CODE $(echo "$BODY" | jq -r .request.state)" "202 pending"
eq "not yet disabled" "$(sql "select disabled from users where id=$uid")" "0"
rid=$(echo "$BODY" | jq -r .request.id)
login secadmin "$PW"
req secadmin POST "/user-requests/$rid/approve" '{}'
eq "approved: 200" "$CODE" "200"
eq "disabled now" "$(sql "select disabled from users where id=$uid")" "1"

# Extension B names (U+20000...)
name='𠀀𠀁𠂉𠃌'
newp=$(jq -nc --arg n "$name" --argjson o "$OA1" '{name:$n,sex:"male",birth_date:"1980-05-05",
  ethnicity:"han",education:"bachelor",occupation:"workers",org_id:$o,status:"full",admitted:"2000-01-01"}')
login officer "$PW"
req officer POST /members "$newp"
eq "Ext-B name taken" "$CODE" "201"
pid=$(echo "$BODY" | jq -r .id)
eq "Ext-B name read back" "$(echo "$BODY" | jq -r .name)" "$name"
req officer PATCH "/members/$pid" "$(jq -nc --arg n "𠀀王$name" '{name:$n}')"
eq "Ext-B name changed" "$CODE $(echo "$BODY" | jq -r .name)" "200 𠀀王$name"
req officer GET "/members?q=$(python3 -c 'import urllib.parse;print(urllib.parse.quote("𠀀王"))')"
eq "Ext-B name found" "$CODE $(echo "$BODY" | jq -r '.items | length')" "200 1"
