#!/usr/bin/env bash
# t0130-db-errors.sh - a database failure reaches the user as a database
# failure, not as "no such record": with the organizations table gone, the
# CLI reports a storage error (exit 1) where it would say "no organization",
# and the API answers 500 "internal" where it would answer 404 or 422.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start
login officer "$PW"; login sysadmin "$PW"
req officer GET "/orgs/$OA"
eq "before: the organization reads" "$CODE" "200"
req officer GET "/orgs/999999"
eq "before: a missing organization is 404" "$CODE" "404"

sql "PRAGMA foreign_keys=OFF; DROP TABLE orgs;"

fails "CLI: org show fails" 1 org show A
has "CLI: as a storage error" "$ERR" "orgwork: storage:"
hasnt "CLI: not as a missing organization" "$ERR" "no organization"
fails "CLI: member add into an organization fails" 1 member add --name 王五 --sex 女 --ethnicity 01 \
  --education 21 --occupation workers --birth-date 1950-01-01 --org "$OA" --status full --admitted 1975-01-01
has "CLI: member add reports storage" "$ERR" "orgwork: storage:"

req officer GET "/orgs/$OA"
eq "API: an organization read is 500" "$CODE" "500"
eq "API: code internal" "$(echo "$BODY" | jq -r .error.code)" "internal"
req officer GET "/session"
eq "API: the session with its scope organization is 500" "$CODE" "500"
req sysadmin GET "/orgs/$OA"
eq "API: an unscoped reader gets 500 too" "$CODE" "500"
req officer POST /members "{\"name\":\"王五\",\"sex\":\"female\",\"birth_date\":\"1950-01-01\",\"ethnicity\":\"han\",\"education\":\"bachelor\",\"occupation\":\"workers\",\"org_id\":$OA,\"status\":\"full\",\"admitted\":\"1975-01-01\"}"
eq "API: a member created into an organization is 500" "$CODE" "500"
has "the server logs the failure" "$(cat "$T/serve.log")" "no such table: orgs"
