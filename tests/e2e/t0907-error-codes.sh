#!/usr/bin/env bash
# t0907-error-codes.sh - the errors users meet carry their own code, field
# and params (not only the code of their status), so that the UI can word
# them: ending and correcting a membership (date missing, in the future,
# before admission; reference missing or too long; a deciding organization
# not above the member's; an ending already recorded; corrections that
# repeat a field, change nothing or end a membership). Each code is worded
# in both catalogues (t0906 checks all of them).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start
login officer "$PW"

# code field params... of the last answer
cfp() { echo "$BODY" | jq -r '[.error.code, .error.field] + [(.error.params // {}) | to_entries[] | .key + "=" + .value] | join(" ")'; }
end() { req officer POST "/members/$1/end" "$2"; }

# ---- ending a membership ----
end "$PA" "$(jq -nc --argjson by "$OA" '{kind:"expulsion",reference:"r",by_org_id:$by}')"
eq "end without a date: required" "$CODE $(cfp)" "422 required date"
end "$PA" "$(jq -nc --argjson by "$OA" --arg d "$(date -u -d tomorrow +%F)" '{kind:"expulsion",date:$d,reference:"r",by_org_id:$by}')"
eq "end in the future: date_in_future" "$CODE $(cfp)" "422 date_in_future date"
end "$PA" "$(jq -nc --argjson by "$OA" '{kind:"expulsion",date:"1974-06-01",reference:"r",by_org_id:$by}')"
eq "end before admission: end_before_admission with the date" "$CODE $(cfp)" "422 end_before_admission date after=admitted date=1975-01-01"
has "English message kept" "$(echo "$BODY" | jq -r .error.message)" "exited date is before the admitted date"
end "$PA" "$(jq -nc --argjson by "$OA" '{kind:"expulsion",date:"2025-03-01",by_org_id:$by}')"
eq "end without a reference: required" "$CODE $(cfp)" "422 required reference"
end "$PA" "$(jq -nc --argjson by "$OA" --arg r "$(printf '文%.0s' $(seq 1 41))" '{kind:"expulsion",date:"2025-03-01",reference:$r,by_org_id:$by}')"
eq "reference too long: too_long max" "$CODE $(cfp)" "422 too_long reference max=40"
end "$PA" "$(jq -nc --argjson by "$OA" '{kind:"resign",date:"2025-03-01",reference:"r",by_org_id:$by}')"
eq "unknown kind: invalid_choice" "$CODE $(cfp)" "422 invalid_choice kind"
end "$PA" "$(jq -nc --argjson by "$OA1" '{kind:"expulsion",date:"2025-03-01",reference:"r",by_org_id:$by}')"
eq "deciding organization below: by_org_not_above" "$CODE $(cfp)" "422 by_org_not_above by_org_id org=第一支部 code=A1"
end "$PA" "$(jq -nc --argjson by "$OA" '{kind:"expulsion",date:"2025-03-01",reference:"r",by_org_id:$by}')"
eq "the ending itself: 200" "$CODE" "200"
end "$PA" "$(jq -nc --argjson by "$OA" '{kind:"expulsion",date:"2025-03-01",reference:"r",by_org_id:$by}')"
eq "a second ending: membership_ended" "$CODE $(cfp)" "409 membership_ended status status=expelled date=2025-03-01"
end 999999 "$(jq -nc --argjson by "$OA" '{kind:"expulsion",date:"2025-03-01",reference:"r",by_org_id:$by}')"
missing=$BODY
end "$PU" "$(jq -nc --argjson by "$OA" '{kind:"expulsion",date:"2025-03-01",reference:"r",by_org_id:$by}')"
eq "a foreign id: the same 404 as a missing one" \
  "$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')" "404 $(echo "$missing" | jq -c '.error | del(.message, .params, .errors)')"

# ---- corrections ----
fix() { req officer POST "/members/$1/corrections" "$2"; }
fix "$PA1" '{"changes":[{"field":"full","value":"1976-01-01"},{"field":"full","value":"1977-01-01"}],"reason":"r"}'
eq "a field twice: field_given_twice" "$CODE $(cfp)" "422 field_given_twice field value=full"
fix "$PA1" '{"changes":[{"field":"full","value":"1976-13-01"}],"reason":"r"}'
eq "not a date: invalid_date" "$CODE $(cfp)" "422 invalid_date value value=1976-13-01 field=full"
fix "$PA1" '{"changes":[{"field":"status","value":"expelled"}],"reason":"r"}'
eq "ending by a correction: end_by_correction" "$CODE $(cfp)" "422 end_by_correction value"
fix "$PA1" '{"changes":[{"field":"status","value":"full"}],"reason":"r"}'
eq "no change: no_change" "$CODE $(cfp)" "422 no_change value"
fix "$PA1" '{"changes":[{"field":"status","value":"full"}],"reason":""}'
eq "no reason: required" "$CODE $(cfp)" "422 required reason"
fix "$PA1" '{"changes":[{"field":"full","value":"1974-01-01"}],"reason":"r"}'
eq "dates out of order: date_order" "$CODE $(echo "$BODY" | jq -r '.error.code + " " + .error.field + " " + .error.params.after')" "422 date_order full admitted"


# ---- import checks ----
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
login top "$PW"
HDR='姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注'
ID1=$(idnum 11010519780101011)
printf '%s\n' "$HDR" \
  "欧阳明,男,$ID1,,汉族,大学本科毕业,工人,,,NOPE,正式党员,,,,2000-07-01,2001-07-01,," \
  "欧阳亮,男,$ID1,,汉族,大学本科毕业,工人,,,A,正式党员,,,,2000-07-01,2001-07-01,," > "$T/m.csv"
req top POST "/import?dry_run=1" "@$T/m.csv" text/csv
issue() { echo "$BODY" | jq -r --arg c "$1" '[.errors[] | select(.column==$c)] | first | [(.line|tostring), .code] + [(.params // {}) | to_entries[] | .key + "=" + .value] | join(" ")'; }
eq "unknown organization: import_unknown_org with the code" "$(issue 所在党组织)" "2 import_unknown_org code=NOPE"
eq "the same ID number twice in the file: duplicate_in_file with the line" "$(issue 公民身份号码)" "3 duplicate_in_file line=2"
printf '%s\n' '姓名,性别,民族' '张三,男,汉族' > "$T/cols.csv"
req top POST "/import?dry_run=1" "@$T/cols.csv" text/csv
eq "a missing column: import_missing_column naming it" "$(issue 学历)" "1 import_missing_column column=学历"
printf '%s\n' 'x,y' 'a,b' > "$T/nohdr.csv"
req top POST "/import?dry_run=1" "@$T/nohdr.csv" text/csv
eq "no header: import_no_header" "$(echo "$BODY" | jq -r '.errors[0].code')" "import_no_header"

# ---- statistics query arguments ----
req officer GET "/stats/rollup?org=$OA&by=colour"
eq "unknown dimension: unknown_dimension" "$CODE $(cfp)" "400 unknown_dimension by value=colour"
req officer GET "/stats/rollup?org=$OA&by=sex&filter=colour:red"
eq "unknown filter dimension: unknown_dimension" "$CODE $(cfp)" "400 unknown_dimension filter value=colour"
req officer GET "/stats/rollup?org=$OA&by=sex&filter=sex:purple"
eq "unknown filter value: unknown_dimension_value" "$CODE $(cfp)" "400 unknown_dimension_value filter value=purple dimension=sex"
req officer GET "/stats/rollup?org=$OA&by=sex&filter=sex"
eq "filter without a value: filter_syntax" "$CODE $(cfp)" "400 filter_syntax filter value=sex"
req officer GET "/stats/rollup?org=$OA&by=sex&as_of=1800-01-01"
eq "as_of out of range: date_out_of_range" "$CODE $(cfp)" "400 date_out_of_range as_of min=1900-01-01 max=2079-06-05"
req officer GET "/stats/rollup?org=$OA"
eq "no dimension: required" "$CODE $(cfp)" "400 required by"
req officer GET "/stats/children?org=$OA&by=sex,education"
eq "two dimensions where one is allowed: too_many_dimensions" "$CODE $(cfp)" "400 too_many_dimensions by max=1"
req officer GET "/stats/bulletin?org=$OA&year=1800"
eq "bulletin year out of range: out_of_range" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 year"
