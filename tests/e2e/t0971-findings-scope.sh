#!/usr/bin/env bash
# t0971-findings-scope.sh - GET /findings for each position of the target
# against the officer's scope (A): own and child answer their subtree's
# findings only; parent, sibling and unrelated answer exactly as an
# organization that does not exist (404, same code and field), and leak
# no finding of theirs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
prob() { ow member add --name "$1" --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1980-01-01 --org "$2" --status probationary --admitted 2024-01-01
  [ "$RC" -eq 0 ] || fail "member $1" "$ERR"; }
for o in A A1 R B U; do prob "逾期$o" "$o"; printf -v "Q$o" '%s' "$OUT"; done
serve_start
login officer "$PW"
ids() { echo "$BODY" | jq -c '[.items[] | select(.rule == "conversion_overdue") | .person.id] | sort'; }
req officer GET "/findings?org=$OA"
eq "own: 200" "$CODE" "200"
eq "own: the findings of A and A1" "$(ids)" "$(jq -nc --argjson a "$QA" --argjson b "$QA1" '[$a, $b] | sort')"
req officer GET "/findings?org=$OA1"
eq "child: 200" "$CODE" "200"
eq "child: A1's finding only" "$(ids)" "[$QA1]"
req officer GET "/findings?org=99999999"; missing=$(echo "$BODY" | jq -c '.error | [.code, .field]')
eq "missing organization: 404" "$CODE" "404"
for pos in R:parent B:sibling U:unrelated; do
  code=${pos%%:*}; name=${pos#*:}; var=O$code
  req officer GET "/findings?org=${!var}"
  eq "$name: 404" "$CODE" "404"
  eq "$name: answered as a missing organization" "$(echo "$BODY" | jq -c '.error | [.code, .field]')" "$missing"
  hasnt "$name: no name of its members" "$BODY" "逾期$code"
done
serve_stop
