#!/usr/bin/env bash
# t0908-error-codes-areas.sh - the refusals of the other areas carry their
# own code, field and params too (not only the code of their status), so
# that the UI can word them: the reason of an export, the export's format
# and row cap, accounts and account requests, authorization, to-do keys,
# member PATCH and correction bodies, uploads and XLSX workbooks, query
# arguments, cursors and dates in the past. One representative case per
# area; each code is worded in both catalogues (t0906 checks all of them).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start --export-max-rows 1
login officer "$PW"
login secretary "$PW"
login sysadmin "$PW"
login secadmin "$PW"
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
login top "$PW"

# code field params... of the last answer (params sorted by key)
cfp() { echo "$BODY" | jq -r '[.error.code, (.error.field // "-")] + [(.error.params // {}) | to_entries | sort_by(.key)[] | .key + "=" + .value] | join(" ")'; }

# ---- export: reason, format, row cap ----
req officer GET "/export?org=$OA"
eq "export without a reason: required" "$CODE $(cfp)" "422 required reason"
long=$(printf '因%.0s' $(seq 1 101))
req officer GET "/export?org=$OA&reason=$long"
eq "reason too long: too_long max" "$CODE $(cfp)" "422 too_long reason max=100"
req officer GET "/export?org=$OA&reason=r&format=pdf"
eq "unknown format: invalid_choice with the value" "$CODE $(cfp)" "400 invalid_choice format value=pdf"
req officer GET "/export?org=$OA&reason=r&subtree=1"
eq "more rows than the cap: export_row_cap max" "$CODE $(cfp)" "413 export_row_cap max_rows max=1"
has "English message kept" "$(echo "$BODY" | jq -r .error.message)" "the export is capped at 1 rows"

# ---- accounts and account requests ----
req sysadmin POST /users "{\"login\":\"officer\",\"password\":\"$PW\",\"role\":\"org_officer\",\"scope_org_id\":$OA}"
eq "a login taken: login_taken with the login" "$CODE $(cfp)" "409 login_taken login login=officer"
req sysadmin POST /users "{\"login\":\"clerk\",\"password\":\"$PW\",\"role\":\"branch_secretary\",\"scope_org_id\":$OA1}"
RQ=$(echo "$BODY" | jq -r .request.id)
req secadmin POST "/user-requests/$RQ/approve" '{}'
eq "the request approved" "$CODE" "200"
req secadmin POST "/user-requests/$RQ/reject" '{"reason":"no"}'
eq "deciding it again: request_not_pending" "$CODE $(cfp)" "409 request_not_pending id state=approved"
req secadmin GET "/user-requests?state=lost"
eq "unknown request state: invalid_choice" "$CODE $(cfp)" "422 invalid_choice state value=lost"
SYSID=$(sql "select id from users where login='sysadmin'")
req sysadmin PATCH "/users/$SYSID" '{"disabled":true}'
eq "disabling oneself: own_account" "$CODE $(cfp)" "403 own_account disabled"
req sysadmin POST /users "{\"login\":\"aud2\",\"password\":\"$PW\",\"role\":\"auditor\"}"
eq "an auditor by the API: role_cli_only" "$CODE $(cfp)" "403 role_cli_only role"

# ---- authorization ----
req officer GET /users
eq "a role without the operation: role_not_allowed" "$CODE $(cfp)" "403 role_not_allowed - role=org_officer"
req secretary POST "/orgs/$OA/rename" '{"name":"新名","date":"2025-01-01"}'
eq "a branch secretary renaming the branch: branch_secretary_own_branch" "$CODE $(cfp)" "403 branch_secretary_own_branch org"

# ---- to-do keys ----
req officer GET "/orgs/$OA/children?todo=nope"
eq "an unknown to-do: todo_org_kind with the value" "$CODE $(cfp)" "400 todo_org_kind todo value=nope"

# ---- member PATCH and corrections ----
req officer PATCH "/members/$PA" '{"status":"expelled"}'
eq "status by PATCH: not_by_edit" "$CODE $(cfp)" "422 not_by_edit status"
req officer POST "/members/$PA/corrections" '{"changes":[1],"reason":"r"}'
eq "a change that is no object: change_shape" "$CODE $(cfp)" "422 change_shape changes"
eight=$(jq -nc '[range(8) | {field:"full",value:"1976-01-01"}]')
req officer POST "/members/$PA/corrections" "{\"changes\":$eight,\"reason\":\"r\"}"
eq "too many changes: too_many_fields max" "$CODE $(cfp)" "422 too_many_fields changes max=7"

# ---- uploads and workbooks ----
: > "$T/empty.csv"
req top POST /import "@$T/empty.csv" text/csv
eq "an empty file: file_empty" "$CODE $(cfp)" "422 file_empty -"
req top POST /import "@$T/empty.csv" text/plain
eq "neither CSV nor XLSX: upload_type" "$CODE $(cfp)" "415 upload_type -"
XLSX=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
printf 'PK\003\004 but no zip archive' > "$T/junk.xlsx"
req top POST /import "@$T/junk.xlsx" "$XLSX"
eq "no zip archive: not_xlsx" "$CODE $(echo "$BODY" | jq -r '[.error.code // .errors[0].code] | join(" ")')" "422 not_xlsx"
python3 - "$T/norels.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')
PY
req top POST /import "@$T/norels.xlsx" "$XLSX"
eq "a part missing: xlsx_missing_part naming it" \
  "$CODE $(echo "$BODY" | jq -r '(.error // .errors[0]) | [.code, .params.part] | join(" ")')" "422 xlsx_missing_part xl/_rels/workbook.xml.rels"

# ---- query arguments, cursors, dates ----
req officer GET "/orgs?q=a&limit=0"
eq "a number out of range: out_of_range min max value" "$CODE $(cfp)" "400 out_of_range limit max=200 min=1 value=0"
req top POST "/import?dry_run=maybe" "@$T/empty.csv" text/csv
eq "a flag that is not 1 or 0: not_flag" "$CODE $(cfp)" "400 not_flag dry_run value=maybe"
req officer GET "/orgs/$OA?as_of=2020-13-01"
eq "a date that is no date: invalid_date" "$CODE $(cfp)" "400 invalid_date as_of value=2020-13-01"
req officer GET "/orgs/$OA?as_of=1950-01-01"
eq "before the organization existed: org_not_on_date" "$CODE $(cfp)" "404 org_not_on_date as_of date=1950-01-01"
req officer GET "/members?cursor=zz.1"
eq "a malformed cursor: malformed_cursor" "$CODE $(cfp)" "400 malformed_cursor cursor"
req officer GET "/orgs/$OA/members?status=full&overdue=1"
eq "overdue of full members: overdue_probationary_only" "$CODE $(cfp)" "400 overdue_probationary_only overdue"
