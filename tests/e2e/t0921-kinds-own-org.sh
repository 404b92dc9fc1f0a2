#!/usr/bin/env bash
# t0921-kinds-own-org.sh - what the forms read: GET /rules tells which kinds
# may sit under a parent (structure.parents.KIND lists the parent kinds;
# under a branch only a party group or a temporary organization, never a
# branch), and the server refuses a branch under a branch; a member reading
# their own record gets their organization's name (org_name) although they
# may not read the organization itself.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start
login officer "$PW"; eq "officer logs in" "$CODE" "200"
req officer GET /rules
eq "rules 200" "$CODE" "200"
under_branch=$(echo "$BODY" | jq -r '[.items[] | select(.key | startswith("structure.parents.")) |
  select(.value | split(",") | index("branch")) | .key | ltrimstr("structure.parents.")] | sort | join(",")')
eq "kinds allowed under a branch" "$under_branch" "party_group,temporary"
under_committee=$(echo "$BODY" | jq -r '[.items[] | select(.key | startswith("structure.parents.")) |
  select(.value | split(",") | index("committee")) | .key | ltrimstr("structure.parents.")] | index("branch") != null')
eq "a branch is allowed under a committee" "$under_committee" "true"
req officer POST /orgs "$(jq -nc --argjson p "$OA1" '{code:"A1X",name:"支部下的支部",kind:"branch",sector:"agency",parent_id:$p}')"
eq "a branch under a branch is refused: 422" "$CODE" "422"
req officer POST /orgs "$(jq -nc --argjson p "$OA1" '{code:"A1G",name:"第一党小组",kind:"party_group",sector:"agency",parent_id:$p}')"
eq "a party group under a branch: 201" "$CODE" "201"

login member "$PW"; eq "member logs in" "$CODE" "200"
req member GET "/members/$PA"
eq "member reads own record" "$CODE" "200"
eq "with the organization's name" "$(echo "$BODY" | jq -r .org_name)" "市委甲"
req member GET "/orgs/$OA"
case "$CODE" in 403|404) pass "the organization itself stays closed to the member ($CODE)" ;; *) fail "organization closed to member" "$CODE" ;; esac
req officer GET "/members/$PA1"
eq "officer sees the name too" "$(echo "$BODY" | jq -r .org_name)" "第一支部"
