#!/usr/bin/env bash
# t0590-authz-matrix.sh - every API route x every role x the target's
# position relative to the caller's scope (own, child, parent, sibling,
# unrelated), against the expectations of tools/authz-matrix. A route in
# the server's table that the matrix does not know fails the test, and so
# does a route the matrix knows that the server lost. Also: list, search
# and export row counts never include rows outside the scope.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
MATRIX="$ORGWORK_TOP/tools/authz-matrix"

make_tree

# ---- the route tables agree ----
server_routes=$("$ORGWORK" --db "$DB" serve --print-routes | awk '{print $1, $2}' | sort)
matrix_routes=$("$MATRIX" --routes | sort)
missing=$(comm -23 <(echo "$server_routes") <(echo "$matrix_routes"))
extra=$(comm -13 <(echo "$server_routes") <(echo "$matrix_routes"))
eq "every server route has a matrix entry" "$missing" ""
eq "every matrix route exists in the server" "$extra" ""

# letters in transit for the {transfer} of each target position (tools/authz-matrix)
declare -A TRANSFER
tr_start() { ow --format json transfer start "$1" --to "$2" --date 2025-01-02; TRANSFER[$3]=$(echo "$OUT" | jq -r .id); }
tr_start "$PA" A1 own; tr_start "$PA1" A child; tr_start "$PR" U parent
tr_start "$PB" U sibling; tr_start "$PU" B unrelated
[ -n "${TRANSFER[unrelated]}" ] && [ "${TRANSFER[unrelated]}" != null ] || fail "fixture transfers" "$ERR"
TRANSFER[-]=0

serve_start
declare -A LOGIN=([org_officer]=officer [branch_secretary]=secretary [member]=member
                  [auditor]=auditor [sysadmin]=sysadmin [secadmin]=secadmin [anonymous]=-)
for r in org_officer branch_secretary member auditor sysadmin secadmin; do
  login "${LOGIN[$r]}" "$PW"
  [ "$CODE" = 200 ] || fail "login ${LOGIN[$r]}" "$BODY"
done
declare -A ORG=([own]=$OA [child]=$OA1 [parent]=$OR [sibling]=$OB [unrelated]=$OU [-]=0)
declare -A PERSON=([own]=$PA [child]=$PA1 [parent]=$PR [sibling]=$PB [unrelated]=$PU [-]=0)
USERID=$(sql "select id from users where login='officer'")

class() {
  case $1 in
    200|201|202|409|422) echo ok ;;
    403) echo deny ;;
    404) echo hide ;;
    401) echo unauth ;;
    *) echo "http$1" ;;
  esac
}

n=0; bad=0; badlist=
while IFS=$'\t' read -r method pattern path body ctype role target want; do
  o=${ORG[$target]}; p=${PERSON[$target]}
  path=${path//\{org\}/$o}; path=${path//\{person\}/$p}; path=${path//\{user\}/$USERID}
  path=${path//\{transfer\}/${TRANSFER[$target]}}
  body=${body//\{org\}/$o}; body=${body//\{role\}/$role}; body=${body//\{person\}/$p}
  [ "$body" = - ] && body=
  [ "$ctype" = - ] && ctype=application/json
  req "${LOGIN[$role]}" "$method" "$path" "$body" "$ctype"
  got=$(class "$CODE")
  n=$((n + 1))
  if [ "$got" != "$want" ]; then
    bad=$((bad + 1))
    badlist+="$method $pattern as $role on $target: got $CODE ($got), expected $want: $(echo "$BODY" | head -c 160)"$'\n'
  fi
done < <("$MATRIX")
[ "$n" -gt 500 ] && pass "matrix ran ($n requests)" || fail "matrix ran" "only $n requests"
eq "every matrix cell as expected" "$bad" "0"
[ "$bad" -gt 0 ] && printf '%s' "$badlist" | head -40

# ---- zero leaks in counts ----
for who in officer secretary auditor sysadmin; do login $who "$PW"; done
for who in officer secretary; do
  req $who GET "/members?limit=1000"
  eq "$who: search lists only the scope's people" "$(echo "$BODY" | jq -r '[.items[].name]|sort|join(",")')" "党员A,党员A1"
  req $who GET "/orgs?q=&limit=200"
  eq "$who: org search counts only the scope" "$(echo "$BODY" | jq -r '.items|length')" "2"
  req $who GET "/orgs/$OA/members?subtree=1"
  eq "$who: subtree total" "$(echo "$BODY" | jq -r .total)" "2"
  req $who GET "/export?org=$OA&subtree=1&reason=check"
  eq "$who: export row count" "$(grep -i '^x-row-count' "$T/hdrs" | tr -d '\r' | cut -d' ' -f2)" "2"
done
req auditor GET "/orgs?q=&limit=200"
eq "auditor: org search in scope" "$(echo "$BODY" | jq -r '[.items[].code]|sort|join(",")')" "A,A1"
req sysadmin GET "/orgs?q=&limit=200"
eq "sysadmin: every organization (no scope)" "$(echo "$BODY" | jq -r '.items|length')" "5"
eq "no state changed by the matrix" "$(sql "select count(*) from orgs"),$(sql "select count(*) from persons"),$(sql "select count(*) from users")" "5,5,6"
