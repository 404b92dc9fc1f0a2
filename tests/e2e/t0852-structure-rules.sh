#!/usr/bin/env bash
# t0852-structure-rules.sh - which kind may sit under which, and which kinds
# hold members' formal relationship, are catalogue rules: the cases of
# issue 11 are refused in org add, move, merge and import and in member
# assignment, with an error naming the field, the rule key and its source;
# an installation's override of a rule changes the answer.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "centre" org add --code ROOT --name 中央 --kind committee --level 4 --established 1949-10-01
ok "province" org add --code P11 --name 北京市委 --kind committee --level 3 --parent ROOT --established 1950-01-01
ok "street committee" org add --code ST --name 街道党工委 --kind committee --parent P11 --sector community --established 1990-01-01
ok "community branch" org add --code CB --name 社区党支部 --kind branch --parent ST --sector community --established 2000-01-01
ok "leading party group" org add --code LG --name 区政府党组 --kind leading_group --parent P11 --sector agency --established 2000-01-01
ok "temporary organization" org add --code TMP --name 项目临时党支部 --kind temporary --parent ST --purpose 项目 --end-date 2027-01-01 --established 2025-01-01
ok "a branch under a general branch" org add --code GB --name 总支 --kind general_branch --parent ST --established 2000-01-01
ok "a party group under a branch" org add --code G1 --name 第一党小组 --kind party_group --parent CB --established 2001-01-01

# organizations
fails "a provincial committee under a community branch" 1 org add --code P2 --name 省委 --kind committee --level 3 --parent CB --established 2001-01-01
has "names field and rule" "$ERR" "invalid: parent: a committee (党委) may not sit under a branch (党支部) (CB): rule structure.parents.committee (Party Constitution"
fails "a provincial committee under a street committee" 1 org add --code P3 --name 省委 --kind committee --level 3 --parent ST --established 2001-01-01
has "names the level rule" "$ERR" "rule structure.level_below_parent"
fails "a branch under a branch" 1 org add --code B2 --name 支部 --kind branch --parent CB --established 2001-01-01
has "names the branch rule" "$ERR" "rule structure.parents.branch (Regulations on the Work of Party Branches (2018)"
fails "a branch under a leading party group" 1 org add --code B3 --name 支部 --kind branch --parent LG --established 2001-01-01
has "leading group named" "$ERR" "may not sit under a leading party group (党组) (LG)"
fails "a party group moved straight under a provincial committee" 1 org move G1 --to P11 --date 2024-01-01
has "move names the rule" "$ERR" "rule structure.parents.party_group"
eq "the party group stays where it was" "$(sql "SELECT p.code FROM orgs o JOIN orgs p ON p.id = o.parent_id WHERE o.code = 'G1'")" CB
ok "a branch may move under a general branch" org move CB --to GB --date 2024-01-01
ok "a general branch for the merge" org add --code GB2 --name 总支二 --kind general_branch --parent ST --established 2000-01-01
ok "a branch under it" org add --code B5 --name 支部五 --kind branch --parent GB2 --established 2001-01-01
fails "merging a general branch into a branch moves its branches under a branch" 1 org merge GB2 --into CB --date 2024-02-01
has "merge names the rule" "$ERR" "rule structure.parents.branch"
eq "nothing of the refused merge is kept" "$(sql "SELECT dissolved IS NULL FROM orgs WHERE code = 'GB2'")" 1

# import (organizations)
cat > "$T/orgs.csv" <<'CSV'
code,name,kind,parent,sector,established
IB1,导入支部,党支部,CB,城市社区,2010-01-01
CSV
ow import "$T/orgs.csv"
[ "$RC" -ne 0 ] && pass "import of a branch under a branch fails" || fail "import of a branch under a branch fails" "$OUT"
has "import names the rule" "$OUT$ERR" "structure.parents.branch"
eq "nothing imported" "$(sql "SELECT count(*) FROM orgs WHERE code = 'IB1'")" 0

# members' formal relationship
m() { ow member add --name 张三 --sex 男 --ethnicity 01 --education 21 --occupation workers --birth-date 1960-01-01 \
        --status full --admitted 1990-01-01 --full 1991-01-01 "$@"; }
m --org LG
eq "a member registered with a leading party group is refused" "$RC" 1
has "names field and rule" "$ERR" "invalid: org: members' formal relationship is not held by LG, a leading_group (党组): rule membership.formal_kinds"
m --org TMP
eq "a member registered with a temporary organization is refused" "$RC" 1
has "temporary named" "$ERR" "TMP, a temporary (临时党组织)"
m --org CB
eq "a member registered with a branch" "$RC" 0
P=$OUT
ow member edit "$P" --org TMP
eq "moving a member into a temporary organization is refused" "$RC" 1
has "edit names the rule" "$ERR" "rule membership.formal_kinds"

# an installation's rule changes the answer
ok "override: branches may sit under branches here" rules set structure.parents.branch committee,working_committee,general_branch,branch --from 2000-01-01 --reason "local practice"
ok "a branch under a branch now" org add --code B4 --name 支部四 --kind branch --parent CB --established 2001-01-01

# the generator creates nothing the default rules refuse
G="$T/gen.db"
"$ORGWORK" gen --divisions "$FIX/divisions" --members 3000 --seed 5 "$G" >"$T/gen.out" 2>"$T/gen.err" \
  && pass "gen" || fail "gen" "$(cat "$T/gen.err")"
"$ORGWORK" --db "$G" --format json rules list > "$T/rules.json"
bad=0
while IFS=$'\t' read -r kind allowed; do
  n=$(sqlite3 "$G" "SELECT count(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id
    WHERE c.kind = '$kind' AND ',' || '$allowed' || ',' NOT LIKE '%,' || p.kind || ',%'")
  [ "$n" -eq 0 ] || { bad=$((bad + n)); echo "    $n of kind $kind under a parent outside $allowed"; }
done < <(jq -r '.items[] | select(.key | startswith("structure.parents.")) | [(.key | ltrimstr("structure.parents.")), .value] | @tsv' "$T/rules.json")
eq "generated organizations sit under the kinds the rules allow" "$bad" 0
eq "generated local committees sit under a higher level" \
  "$(sqlite3 "$G" "SELECT count(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE c.level > 0 AND p.level <= c.level")" 0
formal=$(jq -r '.items[] | select(.key == "membership.formal_kinds").value' "$T/rules.json")
eq "generated members are registered with kinds that hold the formal relationship" \
  "$(sqlite3 "$G" "SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id WHERE ',' || '$formal' || ',' NOT LIKE '%,' || o.kind || ',%'")" 0
eq "generated terms are left to the rule" "$(sqlite3 "$G" "SELECT count(*) FROM orgs WHERE term_years <> 0")" 0
