#!/usr/bin/env bash
# t0910-todo-api.sh - the workbench's to-do list and the ledgers' columns:
# GET /orgs/{id}/todo counts, over the subtree in scope, the probationary
# members past their year (probation 1 year, rule membership.probation_years),
# the organizations whose leadership term ran out and the temporary
# organizations past their end date, each equal to a hand count and to the
# total of the list its link opens (?status=probationary&overdue=1,
# children?todo=KEY); the route for each role and target position; the
# member lists' organization name, party age and totals; the children's
# member counts (asked with counts=1); bad filters are 400 naming the parameter.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
today=$ORGWORK_TODAY   # the day the server counts on (lib.sh)
ago() { date -d "$today -$1" +%Y-%m-%d; }
# under A: a branch whose term ran out, one still in its term, two temporary
# organizations (one ended); under B (outside the officer's scope): another
# expired term and an ended temporary organization
ok "expired term" org add --code A2 --name 第二支部 --kind branch --parent A --established 1990-01-01 --term-start 2015-01-01
ok "term running" org add --code A3 --name 第三支部 --kind branch --parent A --established 1990-01-01 --term-start "$(ago '1 year')"
ok "general branch, expired term" org add --code AG --name 机关党总支 --kind general_branch --parent A --established 1990-01-01 --term-start 2016-05-01
ok "a branch below it, expired term" org add --code AG1 --name 机关第一支部 --kind branch --parent AG --established 1990-01-01 --term-start 2012-05-01
ok "ended temporary" org add --code T1 --name 临时党支部甲 --kind temporary --parent A --established 2020-01-01 --purpose 项目 --end-date 2021-01-01
ok "running temporary" org add --code T2 --name 临时党支部乙 --kind temporary --parent A --established 2020-01-01 --purpose 项目 --end-date 2099-01-01
ok "expired term outside" org add --code B1 --name 乙支部 --kind branch --parent B --established 1990-01-01 --term-start 2010-01-01
ok "ended temporary outside" org add --code TB --name 临时党支部丙 --kind temporary --parent B --established 2020-01-01 --purpose 项目 --end-date 2021-01-01
n=20
prob() { # org admitted
  n=$((n + 1))
  ow member add --name "预备$n" --sex 男 --ethnicity 01 --education 21 --occupation workers \
    --birth-date 1990-01-01 --org "$1" --status probationary --admitted "$2"
  [ "$RC" -eq 0 ] || fail "probationary member in $1" "$ERR"
}
prob A1 2020-03-01            # overdue
prob A2 "$(ago '400 days')"   # overdue
prob A2 "$(ago '200 days')"   # in probation
prob A "$(ago '1 year')"      # exactly one year today: due today, not past
prob B 2019-01-01             # overdue, outside the scope
ow member add --name 全员 --sex 女 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org A1 --status full --admitted 2000-03-01 --full 2001-03-01
FULLP=$OUT
OA2=$(sql "select id from orgs where code='A2'")
hand_terms=$(sql "select count(*) from orgs where code in ('A2','AG','AG1')")

serve_start
for u in officer secretary auditor member sysadmin; do login "$u" "$PW"; done

req officer GET "/orgs/$OA/todo"
eq "todo: 200" "$CODE" "200"
cnt() { echo "$BODY" | jq -r --arg k "$1" '.items[] | select(.key == $k) | .count'; }
lnk() { echo "$BODY" | jq -r --arg k "$1" '.items[] | select(.key == $k) | .link'; }
eq "probationary past a year in A's subtree (hand count)" "$(cnt probation_overdue)" "2"
eq "expired terms in A's subtree (hand count)" "$(cnt term_expired)" "$hand_terms"
eq "ended temporary organizations in A's subtree" "$(cnt temporary_ended)" "1"
eq "links to the filtered lists" "$(lnk probation_overdue) $(lnk term_expired) $(lnk temporary_ended)" \
  "/org/$OA/members?status=probationary&overdue=1 /org/$OA/children?todo=term_expired /org/$OA/children?todo=temporary_ended"
c_over=$(cnt probation_overdue); c_term=$(cnt term_expired); c_temp=$(cnt temporary_ended)

# each link's list holds exactly the counted rows
req officer GET "/orgs/$OA/members?status=probationary&overdue=1&subtree=1"
eq "overdue list total = the count" "$(echo "$BODY" | jq .total)" "$c_over"
eq "overdue list rows" "$(echo "$BODY" | jq '.items | length')" "$c_over"
eq "overdue rows are probationary without full date, admitted over a year ago" \
  "$(echo "$BODY" | jq --arg d "$(ago '1 year')" '[.items[] | select(.status == "probationary" and .full == null and .admitted < $d)] | length')" "$c_over"
req officer GET "/orgs/$OA/children?todo=term_expired"
eq "expired-term list = the count" "$(echo "$BODY" | jq '.items | length')" "$c_term"
eq "expired-term list: ended terms" "$(echo "$BODY" | jq --arg t "$today" '[.items[] | select(.term_end != null and .term_end < $t)] | length')" "$c_term"
req officer GET "/orgs/$OA/children?todo=temporary_ended"
eq "ended temporary list = the count" "$(echo "$BODY" | jq -r '[.items[].code] | join(",")')" "T1"

# a child's subtree counts only its own
req officer GET "/orgs/$OA1/todo"
eq "child A1: 200" "$CODE" "200"
eq "child A1: one overdue member" "$(cnt probation_overdue)" "1"
eq "child A1: no ended temporary organization" "$(cnt temporary_ended)" "0"

# who and where: own/child ok, parent/sibling/unrelated as missing
for o in "$OR" "$OB" "$OU" 99999999; do
  req officer GET "/orgs/$o/todo"
  eq "officer: todo of $o outside the scope is 404" "$CODE" "404"
done
req officer GET "/orgs/99999999/todo"; missing=$BODY
req officer GET "/orgs/$OB/todo"
eq "a foreign id answers like a missing one" "$(echo "$BODY" | jq -c '.error | [.code, .field]')" "$(echo "$missing" | jq -c '.error | [.code, .field]')"
req secretary GET "/orgs/$OA/todo"; eq "secretary: 200" "$CODE" "200"
req auditor GET "/orgs/$OA/todo"; eq "auditor: 200" "$CODE" "200"
req member GET "/orgs/$OA/todo"; eq "member: 403" "$CODE" "403"
req sysadmin GET "/orgs/$OA/todo"; eq "sysadmin: 403" "$CODE" "403"

# filters: bad values name their parameter
req officer GET "/orgs/$OA/members?status=full&overdue=1"
eq "overdue with another status: 400" "$CODE" "400"; eq "names overdue" "$(echo "$BODY" | jq -r .error.field)" "overdue"
req officer GET "/orgs/$OA/members?overdue=2"
eq "overdue not a flag: 400" "$CODE" "400"
req officer GET "/orgs/$OA/children?todo=probation_overdue"
eq "todo of members on the org list: 400" "$CODE" "400"; eq "names todo" "$(echo "$BODY" | jq -r .error.field)" "todo"
req officer GET "/orgs/$OA/children?todo=nonsense"
eq "unknown todo: 400" "$CODE" "400"

# the ledger's columns: organization name, party age; totals; children's member counts
req officer GET "/orgs/$OA/members?subtree=1&limit=200"
eq "every row names its organization" "$(echo "$BODY" | jq '[.items[] | select(.org_name == null or .org_code == null)] | length')" "0"
eq "organization name of a row" "$(echo "$BODY" | jq -r --argjson id "$FULLP" '.items[] | select(.id == $id) | .org_name')" "第一支部"
want_age=$(( ${today:0:4} - 2001 - ( 10#${today:5:2}${today:8:2} < 301 ? 1 : 0 ) ))
eq "party age from the full date" "$(echo "$BODY" | jq -r --argjson id "$FULLP" '.items[] | select(.id == $id) | .party_age')" "$want_age"
eq "probationary: no party age" "$(echo "$BODY" | jq '[.items[] | select(.status == "probationary" and .party_age != null)] | length')" "0"
req officer GET "/members?q=yubei"
eq "search: 200" "$CODE" "200"
eq "search gives the total" "$(echo "$BODY" | jq .total)" "4"
eq "search rows name their organization" "$(echo "$BODY" | jq '[.items[] | select(.org_name == null)] | length')" "0"
req officer GET "/orgs/$OA/children"
eq "without counts=1 (the tree) no member counts" "$(echo "$BODY" | jq '[.items[] | select(has("member_count"))] | length')" "0"
req officer GET "/orgs/$OA/children?counts=1"
eq "A2's member count (members of its subtree)" "$(echo "$BODY" | jq -r '.items[] | select(.code == "A2") | .member_count')" "2"
eq "A1's member count" "$(echo "$BODY" | jq -r '.items[] | select(.code == "A1") | .member_count')" \
  "$(sql "select count(*) from persons where org_id in (select id from orgs where code in ('A1')) and status in ('probationary','full')")"
req sysadmin GET "/orgs/$OA/children?counts=1"
eq "sysadmin: children without member counts" "$(echo "$BODY" | jq '[.items[] | select(has("member_count"))] | length')" "0"
serve_stop
