#!/usr/bin/env bash
# t0100-org.sh - the organization tree from the CLI: add, show, tree (text and
# JSON with --depth), move with cycle refusal, rename, merge, dissolve, and
# history "as of" a date.
source "$(dirname "$0")/lib.sh"

ok "init creates the database" init
has "init names the schema" "$OUT" "schema version"
ok "init is idempotent" init

ok "add the root" org add --code ROOT --name 中央委员会 --kind committee --level 4 --established 1949-10-01
eq "add prints the id" "$OUT" "1"
ok "add a province committee by Chinese kind" org add --code P11 --name 北京市委 --kind 党委 --parent ROOT --sector agency --division 11 --level 3 --established 1950-01-01
ok "add a general branch" org add --code G1 --name 机关党总支 --kind general_branch --parent P11 --established 1990-01-01
ok "add branch 1" org add --code B1 --name 第一党支部 --kind branch --parent G1 --established 2000-01-01
ok "add branch 2" org add --code B2 --name 第二党支部 --kind branch --parent G1 --established 2000-01-01
ok "add a party group with a building label" org add --code B1-G1 --name 第一党小组 --kind party_group --parent B1 --label "3号楼" --established 2001-01-01
fails "a party group cannot have children" 1 org add --code X1 --name 下级 --kind branch --parent B1-G1 --established 2002-01-01
has "party-group refusal says why" "$ERR" "party group"
fails "duplicate code refused" 1 org add --code B1 --name 重复 --kind branch --parent G1
has "duplicate code named" "$ERR" "already in use"
fails "unknown kind refused" 1 org add --code Z --name 某 --kind club --parent G1
has "unknown kind named" "$ERR" "kind"
fails "temporary org needs purpose" 1 org add --code T1 --name 临时党支部 --kind temporary --parent G1 --end-date 2027-01-01
has "purpose named" "$ERR" "purpose"
ok "temporary org with purpose and end date" org add --code T1 --name 援建项目临时党支部 --kind temporary --parent G1 --purpose 援建项目 --end-date 2027-06-30 --established 2025-03-01
fails "future establishment refused" 1 org add --code F1 --name 未来 --kind branch --parent G1 --established 2099-01-01
fails "bad division code refused" 1 org add --code D1 --name 某 --kind branch --parent G1 --division 12345
has "division named" "$ERR" "division"
fails "missing parent refused" 1 org add --code M1 --name 某 --kind branch --parent NOPE
fails "usage error without --kind" 2 org add --code M2 --name 某

ok "show by code" org show B1
eq "show prints every field" "$OUT" "id:          4
code:        B1
name:        第一党支部
kind:        branch (党支部)
sector:      other (其他)
level:       0
parent:      3
established: 2000-01-01
state:       active"
ow --format json org show id:4
eq "show by id:N as JSON" "$(echo "$OUT" | jq -r '.code + " " + .kind')" "B1 branch"

# A code is never taken for an id: territorial codes are all digits. An
# organization with code "4" (id 8) and B1 (id 4): "4" names the former.
ok "add an organization whose code is all digits" org add --code 4 --name 数字编码党委 --kind committee --parent P11 --division 11 --established 2001-01-01
ow --format json org show 4
eq "a bare number is a code, not the id" "$(echo "$OUT" | jq -r '.code + " " + (.id|tostring)')" "4 8"
ow --format json org tree 4 --depth 0
eq "org tree takes the code too" "$(echo "$OUT" | jq -r .name)" "数字编码党委"
fails "a number that is no code is not resolved as an id" 1 org show 5
has "the error says how an id is written" "$ERR" "id:5"
hasnt "the error names no organization" "$ERR" "第二党支部"
fails "id: needs a positive number" 1 org show id:x
has "the malformed id is named" "$ERR" "id:x"
fails "an unknown id is not found" 1 org show id:999
printf 'pw-digits-code-1\n' | "$ORGWORK" --db "$DB" user add --login digits --role org_officer --scope 4 --password-stdin >/dev/null
ow --format json user list
eq "user add --scope 4 scopes to code 4, not id 4" "$(echo "$OUT" | jq -r '.items[] | select(.login == "digits") | .scope_org_id')" "8"
ok "org dissolve by code" org dissolve 4 --date 2026-01-01

ow --format json org tree P11 --depth 1
eq "tree --depth 1 stops at children" "$(echo "$OUT" | jq -c '[.code, [.children[].code], [.children[].children | length]]')" '["P11",["G1"],[0]]'
ow --format json org tree P11
eq "full tree nests every level" "$(echo "$OUT" | jq -c '[.. | objects | .code]')" '["P11","G1","B1","B1-G1","B2","T1"]'
eq "tree nodes carry exactly id, code, name, kind, children" "$(echo "$OUT" | jq -c '.children[0] | keys')" '["children","code","id","kind","name"]'
ow --format json org tree --depth 0
eq "forest roots at depth 0" "$(echo "$OUT" | jq -c '[.[].code]')" '["ROOT"]'
ow org tree G1
eq "text tree: one line per organization, indented by depth" "$OUT" "G1 机关党总支 [党总支]
  B1 第一党支部 [党支部]
    B1-G1 第一党小组 [党小组]
  B2 第二党支部 [党支部]
  T1 援建项目临时党支部 [临时党组织]"

ok "move B1 under B2's sibling parent P11" org move B1 --to P11 --date 2024-05-01 --ref "京组〔2024〕5号"
fails "moving a committee under its own descendant is a cycle" 1 org move G1 --to B2
has "cycle named" "$ERR" "cycle"
fails "moving under itself is a cycle" 1 org move G1 --to G1
fails "moving to the same parent is refused" 1 org move B1 --to P11
ow --format json org tree G1 --as-of 2024-04-30
eq "as of the day before the move B1 was under G1" "$(echo "$OUT" | jq -c '[.children[].code]')" '["B1","B2"]'
ow --format json org tree G1
eq "now B1 is no longer under G1" "$(echo "$OUT" | jq -c '[.children[].code]')" '["B2","T1"]'

ok "rename with a date" org rename B2 --name 第二党支部（机关） --date 2025-01-01
ow --format json org show B2 --as-of 2024-12-31
eq "old name as of the day before" "$(echo "$OUT" | jq -r .name)" "第二党支部"
ow --format json org show B2 --as-of 2025-01-01
eq "new name from the rename date" "$(echo "$OUT" | jq -r .name)" "第二党支部（机关）"
fails "as of a date before establishment" 1 org show B2 --as-of 1999-01-01

ok "member in B2" member add --name 李娜 --sex 女 --ethnicity 汉族 --education 21 --occupation professionals --id-number 11010519491231002X --org B2 --status full --admitted 1975-07-01 --full 1976-07-01
fails "dissolve refused while people remain" 1 org dissolve B2
has "people named in the refusal" "$ERR" "people"
fails "dissolve refused while children remain" 1 org dissolve G1
ok "merge B2 into B1" org merge B2 --into B1 --date 2026-01-01 --ref 合并决定
ow --format json member show 1
eq "members moved with the merge" "$(echo "$OUT" | jq -r .org_id)" "4"
ow --format json org show B2
eq "merged org is dissolved" "$(echo "$OUT" | jq -c '[.dissolved, .merged_into]')" '["2026-01-01",4]'
fails "merged org cannot be moved" 1 org move B2 --to P11
fails "merge into own subtree refused" 1 org merge P11 --into B1
ow --format json member timeline 1
eq "the member got a transfer event" "$(echo "$OUT" | jq -r '[.[] | select(.kind=="transfer")] | length')" "1"
ok "dissolve the temporary org" org dissolve T1 --date 2026-02-01
ow --format json org tree G1
eq "dissolved orgs leave the tree" "$(echo "$OUT" | jq -c '[.children[].code]')" '[]'
ow --format json org tree G1 --all
eq "--all shows dissolved orgs" "$(echo "$OUT" | jq -c '[.children[].code]')" '["B2","T1"]'
ow --format json org history B2
eq "history lists every change in order" "$(echo "$OUT" | jq -c '[.[].kind]')" '["establish","rename","merge"]'
eq "history keeps the reference" "$(echo "$OUT" | jq -r '.[2].reference')" "合并决定"
ow --format json org search 党支部
eq "search by name finds active orgs" "$(echo "$OUT" | jq -c '[.[].code]')" '["B1"]'
ok "integrity check" check
fails "unknown subcommand" 2 org frobnicate
fails "missing database" 1 --db "$T/none.db" org show 1
has "missing database explained" "$ERR" "does not exist"

# --format may also follow the command, as `org tree --depth N --format json`
ow org tree P11 --depth 1 --format json
eq "--format json after the command" "$(echo "$OUT" | jq -c '[.code, [.children[].code]]')" '["P11",["B1","G1"]]'
ow org tree P11 --depth 0 --format=json
eq "--format=json after the command" "$(echo "$OUT" | jq -r .code)" "P11"
