#!/usr/bin/env bash
# t0932-calendar-api.sh - GET /calendar/workdays and /calendar/add-workdays.
# The calendar is not scoped data: it names no organization or person, so
# there is no own/child/parent/sibling/unrelated target, and every role
# (officer, secretary, auditor and member scoped to A; sysadmin and
# secadmin without scope) gets the same answer, byte for byte; without a
# session, 401. Refusals are 422 with the code, field and params of the
# error shape; a malformed date is 400. The answers follow the notices and
# the installation's imported dates alike.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
printf '2024-02-19,holiday\n' > "$T/local.csv"
ok "a local holiday" calendar import "$T/local.csv"
serve_start
ROLES="officer secretary auditor member sysadmin secadmin"
for r in $ROLES; do login "$r" "$PW"; [ "$CODE" = 200 ] || fail "login $r" "$BODY"; done

same() {   # DESC PATH EXPECTED-BODY: every role, the same 200 answer
  local r
  for r in $ROLES; do
    req "$r" GET "$2"
    eq "$1 ($r)" "$CODE $(jq -c . <<<"$BODY")" "200 $3"
  done
}
same "February 2024 (Spring Festival, 4 and 18 Feb worked, 19 Feb imported holiday)" \
  "/calendar/workdays?from=2024-02-01&to=2024-02-29" '{"workdays":17}'
same "2025 Labour Day" "/calendar/workdays?from=2025-04-27&to=2025-05-05" '{"workdays":4}'
same "2026 National Day" "/calendar/workdays?from=2026-09-20&to=2026-10-10" '{"workdays":11}'
same "five working days from before the 2026 Spring Festival" \
  "/calendar/add-workdays?date=2026-02-13&n=5" '{"date":"2026-02-26"}'
same "the first working day after the 2024 Spring Festival" \
  "/calendar/add-workdays?date=2024-02-10&n=1" '{"date":"2024-02-18"}'

req - GET "/calendar/workdays?from=2024-02-01&to=2024-02-29"
eq "no session: 401" "$CODE" 401
req - GET "/calendar/add-workdays?date=2024-02-01&n=1"
eq "no session: 401 (add-workdays)" "$CODE" 401

err() {   # DESC PATH HTTP CODE FIELD [PARAMS]
  req member GET "$2"
  eq "$1" "$CODE $(jq -r '[.error.code,.error.field]|@tsv' <<<"$BODY")" "$3 $(printf '%s\t%s' "$4" "$5")"
  [ -z "${6:-}" ] || eq "$1: params" "$(jq -c .error.params <<<"$BODY")" "$6"
}
err "to before from" "/calendar/workdays?from=2024-02-02&to=2024-02-01" 422 calendar_order to \
  '{"from":"2024-02-02","to":"2024-02-01"}'
err "a day of 2019" "/calendar/workdays?from=2019-12-31&to=2020-01-02" 422 calendar_not_covered from '{"year":"2019"}'
err "a day of 2027" "/calendar/workdays?from=2026-12-31&to=2027-01-04" 422 calendar_not_covered to '{"year":"2027"}'
err "from missing" "/calendar/workdays?to=2024-02-01" 422 required from
err "a malformed date" "/calendar/workdays?from=2024-13-01&to=2024-12-31" 400 invalid_date from
err "n = 0" "/calendar/add-workdays?date=2024-02-01&n=0" 422 calendar_n_range n '{"min":"1","max":"2500"}'
err "n negative" "/calendar/add-workdays?date=2024-02-01&n=-1" 422 calendar_n_range n
err "n missing" "/calendar/add-workdays?date=2024-02-01" 422 required n
err "n not a number" "/calendar/add-workdays?date=2024-02-01&n=x" 400 out_of_range n
err "add-workdays from 2027" "/calendar/add-workdays?date=2027-01-04&n=1" 422 calendar_not_covered date '{"year":"2027"}'
err "add-workdays past 2026" "/calendar/add-workdays?date=2026-12-30&n=5" 422 calendar_beyond_covered n '{"year":"2026"}'
req member POST "/calendar/workdays?from=2024-02-01&to=2024-02-29" '{}'
eq "no route writes the calendar" "$CODE" 405
