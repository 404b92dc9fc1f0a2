#!/usr/bin/env bash
# t0905-error-shape.sh - every API error has one shape: {"error":{"code",
# "message","field","params","rule","source","errors"}}. A form with several
# bad fields hears of all of them at once (one item each, with its code,
# field and params); the ID number's check digit names the expected one; a
# missing required field is "required"; an error without a specific code
# carries the code of its status; a structure rule's refusal names the rule
# and its source text; a foreign id answers exactly as a missing one.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"
login top "$PW"

shape='.error | has("code") and has("message") and has("field") and has("params") and has("rule") and has("source") and has("errors")'

# ---- three bad fields at once ----
GOOD=$(idnum 11010519800101003)
BADID=${GOOD:0:17}$(( (${GOOD:17:1} + 1) % 10 ))
[ "${GOOD:17:1}" = X ] && BADID=${GOOD:0:17}0
req officer POST /members "$(jq -nc --argjson o "$OA" --arg id "$BADID" \
  '{name:"张三",sex:"9",id_number:$id,phone:"12",ethnicity:"han",education:"bachelor",occupation:"workers",org_id:$o,status:"full",admitted:"2001-01-01",full:"2002-01-01"}')"
eq "three bad fields: 422" "$CODE" "422"
eq "the shape" "$(echo "$BODY" | jq -r "$shape")" "true"
eq "all three items, in order" "$(echo "$BODY" | jq -r '[.error.errors[] | .field + ":" + .code] | join(" ")')" \
  "sex:invalid_choice id_number:id_number_check_digit phone:invalid_phone"
eq "the record is the first" "$(echo "$BODY" | jq -r '.error.code + " " + .error.field')" "invalid_choice sex"
eq "check digit params" "$(echo "$BODY" | jq -r '.error.errors[] | select(.field=="id_number") | .params.expected + " " + .params.found')" \
  "${GOOD:17:1} ${BADID:17:1}"
has "English message kept" "$(echo "$BODY" | jq -r '.error.errors[1].message')" "check character is ${BADID:17:1}, expected ${GOOD:17:1}"
eq "no rule" "$(echo "$BODY" | jq -r '.error.rule, .error.source' | tr '\n' ' ')" "null null "

# ---- required fields, all at once ----
req officer POST /orgs '{}'
eq "org without fields: 422" "$CODE" "422"
eq "every missing field listed" "$(echo "$BODY" | jq -r '[.error.errors[] | select(.code=="required") | .field] | length > 1')" "true"
eq "code required" "$(echo "$BODY" | jq -r .error.code)" "required"

# ---- params of a limit ----
req officer PATCH "/members/$PA" "$(jq -nc --arg n "$(printf '张%.0s' $(seq 1 60))" '{name:$n}')"
eq "name too long: code and max" "$CODE $(echo "$BODY" | jq -r '.error.code + " " + .error.field + " " + .error.params.max')" "422 too_long name 30"

# ---- an error without its own code: the status's ----
req officer POST /members '{"bogus":1}'
eq "unknown field: 400 unknown_field" "$CODE $(echo "$BODY" | jq -r '.error.code + " " + .error.field')" "400 unknown_field bogus"
req - GET /orgs/1
eq "401 unauthenticated, shape" "$CODE $(echo "$BODY" | jq -r '.error.code') $(echo "$BODY" | jq -r "$shape")" "401 unauthenticated true"
eq "no field: errors empty" "$(echo "$BODY" | jq -c .error.errors)" "[]"

# ---- a structure rule names itself and its source ----
req officer POST "/orgs" "$(jq -nc --argjson p "$OA1" '{code:"A1X",name:"支部下的支部",kind:"branch",parent_id:$p,sector:"rural",established:"2000-01-01"}')"
eq "branch under a branch: refused" "$CODE" "422"
eq "rule named" "$(echo "$BODY" | jq -r '.error.rule')" "structure.parents.branch"
eq "code of the refusal" "$(echo "$BODY" | jq -r '.error.code')" "structure_parent"
has "source text given" "$(echo "$BODY" | jq -r '.error.source')" "Regulations on the Work of Party Branches"
eq "params name the kinds" "$(echo "$BODY" | jq -r '.error.params.kind + " " + .error.params.parent_kind')" "branch branch"

# ---- a foreign id answers as a missing one ----
req officer GET "/orgs/$OB"
foreign=$(echo "$BODY" | sed "s/$OB/N/g")
eq "foreign org: 404 not_found" "$CODE $(echo "$BODY" | jq -r .error.code)" "404 not_found"
req officer GET "/orgs/999999"
eq "identical to a missing one" "$foreign" "$(echo "$BODY" | sed 's/999999/N/g')"
eq "params carry the id" "$(echo "$BODY" | jq -r .error.params.id)" "999999"

# ---- import problems: code and params per row and field ----
BADCSV=$(idnum 11010519780101001)
BADCSV=${BADCSV:0:17}$([ "${BADCSV:17:1}" = 0 ] && echo 1 || echo 0)
printf '%s\n' '姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注' \
  "欧阳明,男,$BADCSV,,汉族,大学本科毕业,工人,12,,A,正式党员,,,,2000-07-01,2001-07-01,," > "$T/bad.csv"
req top POST "/import?dry_run=1" "@$T/bad.csv" text/csv
eq "import with a bad row: 422" "$CODE" "422"
eq "the ID number's problem has its code and expected digit" \
  "$(echo "$BODY" | jq -r '.errors[] | select(.column=="公民身份号码") | .line|tostring')" "2"
eq "code and params" "$(echo "$BODY" | jq -r '.errors[] | select(.column=="公民身份号码") | .code + " " + .params.expected')" \
  "id_number_check_digit $(idnum 11010519780101001 | cut -c18)"
req officer POST "/import?dry_run=1" "@$T/bad.csv" text/csv
eq "import below the top: 403 import_scope" "$CODE $(echo "$BODY" | jq -r .error.code)" "403 import_scope"
