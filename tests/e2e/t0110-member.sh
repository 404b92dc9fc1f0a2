#!/usr/bin/env bash
# t0110-member.sh - people and members from the CLI: validation against the
# national standards, status and key dates, search by Hanzi/pinyin/initials,
# pinyin order, cursor paging, edits with a timeline, masking.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B --name 支部 --kind branch --parent R --established 1990-01-01
add() { ow member add --ethnicity 01 --education 21 --occupation workers --org B "$@"; }

add --name 张三 --sex 男 --id-number 110105194912310038 --status full --applied 1968-01-01 --activist 1969-01-01 --target 1970-01-01 --admitted 1970-07-01 --full 1971-07-01
eq "valid full member accepted" "$RC" "0"
add --name 李四 --sex 男 --id-number 110105491231003 --status full --admitted 1975-01-01
has "15-digit ID converted: duplicate of the 18-digit form" "$ERR" "already registered"
add --name 王五 --sex 女 --id-number 11010519491231002X --birth-date 1950-01-01 --status full --admitted 1975-01-01
has "birth date must match the ID" "$ERR" "does not match the ID"
add --name 王五 --sex 男 --id-number 11010519491231002X --status full --admitted 1975-01-01
has "sex must match the ID" "$ERR" "sex does not match"
add --name 王五 --sex 女 --id-number 110105194912310021 --status full --admitted 1975-01-01
has "bad check character refused" "$ERR" "check character"
add --name 王五 --sex 女 --id-number 11010519491231002X --status probationary
has "probationary needs an admission date" "$ERR" "admitted"
add --name 王五 --sex 女 --id-number 11010519491231002X --status full --applied 1980-01-01 --admitted 1975-01-01
has "dates must be in order" "$ERR" "before the applied date"
add --name 王五 --sex 女 --id-number 11010519491231002X --status applicant --applied 1960-01-01
has "applicant must be 18" "$ERR" "at least 18"
add --name 王五 --sex 女 --id-number 11010519491231002X --status full --admitted 2030-01-01
has "future dates refused" "$ERR" "future"
add --name 王五 --sex 女 --id-number 11010519491231002X --status full --admitted 1975-01-01 --phone 12345
has "bad phone refused" "$ERR" "phone"
ow member add --name 王五 --sex 女 --ethnicity 99 --education 21 --occupation workers --birth-date 1950-01-01
has "unknown ethnicity code refused" "$ERR" "ethnicity"
ow member add --name 王五 --sex 女 --ethnicity 01 --education 21 --occupation workers --birth-date 1950-01-01 --org R --status full --admitted 1975-01-01 --org NOPE
has "unknown org refused" "$ERR" "NOPE"
eq "nothing but the first record was written" "$(sql 'select count(*) from persons')" "1"

add --name 王五 --sex 女 --id-number 11010519491231002X --status full --admitted 1975-01-01 --full 1976-01-01 --phone 13812345678 --address 北京市东城区
eq "second member accepted" "$RC" "0"
add --name 曾国藩 --sex 男 --birth-date 1990-02-03 --status activist --applied 2024-01-10 --activist 2024-06-01
add --name 单田芳 --sex 男 --ethnicity 回族 --birth-date 1985-05-05 --status applicant --applied 2026-03-01
add --name 区志航 --sex 男 --birth-date 1980-05-05 --status target --applied 2020-03-01 --activist 2020-09-01 --target 2021-10-01
add --name 阿依古丽·买买提 --sex 女 --ethnicity 05 --birth-date 1995-05-05 --status probationary --applied 2023-03-01 --activist 2023-09-01 --target 2024-10-01 --admitted 2025-12-01
eq "six people now" "$(sql 'select count(*) from persons')" "6"

ow member search 曾
eq "Hanzi substring" "$(echo "$OUT" | cut -f2)" "曾国藩"
ow member search zengguofan
eq "full pinyin with the surname reading of 曾" "$(echo "$OUT" | cut -f2)" "曾国藩"
ow member search stf
eq "initials with the surname reading of 单" "$(echo "$OUT" | cut -f2)" "单田芳"
ow member search "ou zhi"
eq "pinyin with spaces, surname reading of 区" "$(echo "$OUT" | cut -f2)" "区志航"
ow member search 11010519491231002x
eq "ID number search (lower-case x)" "$(echo "$OUT" | cut -f2)" "王五"
ow member search nobody
eq "no match prints nothing" "$OUT" ""

ow --format json member list --org B
eq "list in pinyin order" "$(echo "$OUT" | jq -r '[.items[].name] | join(",")')" "阿依古丽·买买提,区志航,单田芳,王五,曾国藩,张三"
ow --format json member list --org B --status full
eq "status filter" "$(echo "$OUT" | jq -r '[.items[].name] | join(",")')" "王五,张三"
ow --format json member list --org R
eq "without --subtree only the org itself" "$(echo "$OUT" | jq '.items | length')" "0"
ow --format json member list --org R --subtree --limit 4
eq "first page" "$(echo "$OUT" | jq -r '[.items[].name] | join(",")')" "阿依古丽·买买提,区志航,单田芳,王五"
cursor=$(echo "$OUT" | jq -r .next_cursor)
ow --format json member list --org R --subtree --limit 4 --cursor "$cursor"
eq "second page continues after the cursor" "$(echo "$OUT" | jq -r '[.items[].name] | join(",")')" "曾国藩,张三"
eq "last page has no cursor" "$(echo "$OUT" | jq -r .next_cursor)" "null"
fails "malformed cursor refused" 1 member list --org R --subtree --cursor zz

ow --format json member show 2
eq "ID masked by default" "$(echo "$OUT" | jq -r .id_number)" "110105********002X"
eq "phone masked by default" "$(echo "$OUT" | jq -r .phone)" "138****5678"
eq "address masked by default" "$(echo "$OUT" | jq -r .address)" "***"
eq "masked flag" "$(echo "$OUT" | jq -r .masked)" "true"
ow --format json member show 2 --reveal
eq "--reveal shows the ID, phone and address" "$(echo "$OUT" | jq -c '[.id_number, .phone, .address, .masked]')" '["11010519491231002X","13812345678","北京市东城区",false]'
ow member show 2
eq "text output masks too" "$(grep -E '^(ID number|phone|address):' <<<"$OUT")" "ID number:  110105********002X
phone:      138****5678
address:    ***"

fails "edit does not change the status" 1 member edit 3 --status target --target 2025-07-01
has "the refusal names the option and the operations to use" "$ERR" "status: member edit does not change --status"
has "and points to member correct" "$ERR" "member correct"
fails "edit does not change a key date either" 1 member edit 3 --activist 2024-05-01
has "the refusal names the date" "$ERR" "activist:"
ok "record the target stage by a correction" member correct 3 --field status --value target --field target --value 2025-07-01 --reason "发展对象确定未登记" --ref "支委会决定"
ok "and the admission" member correct 3 --field status --value probationary --field admitted --value 2026-07-01 --reason "接收决定未登记"
fails "full membership cannot precede admission" 1 member correct 3 --field status --value full --field full --value 2026-01-01 --reason 转正
fails "a correction needs a reason" 2 member correct 3 --field full --value 2026-08-01
ok "flag as floating" member edit 3 --flag floating
ok "change the phone" member edit 3 --phone 13900001111
ow --format json member timeline 3
eq "timeline kinds in date order" "$(echo "$OUT" | jq -r '[.[].kind] | join(",")')" "applied,activist,target,admitted,created,correction,correction,flags,updated"
eq "corrections carry from/to" "$(echo "$OUT" | jq -c '[.[] | select(.kind=="correction") | .detail.status.to]')" '["target","probationary"]'
eq "corrections carry the key date set with them" "$(echo "$OUT" | jq -c '[.[] | select(.kind=="correction") | .detail.admitted.to // .detail.target.to]')" '["2025-07-01","2026-07-01"]'
eq "corrections carry their reason" "$(echo "$OUT" | jq -r '[.[] | select(.kind=="correction") | .detail.reason][0]')" "发展对象确定未登记"
eq "reference kept" "$(echo "$OUT" | jq -r '[.[] | select(.reference != null) | .reference][0]')" "支委会决定"
eq "timeline records the phone change, masked" "$(echo "$OUT" | jq -c '[.[] | select(.kind=="updated") | .detail.phone]')" '[{"from":null,"to":"139****1111"}]'
ow member edit 3 --name ""
has "empty name refused on edit" "$ERR" "name is required"
ow --format json member show 3
eq "refused edit changed nothing" "$(echo "$OUT" | jq -r '.name + " " + .status')" "曾国藩 probationary"
fails "unknown person" 1 member show 999
fails "non-numeric id is a usage error" 2 member show abc
ok "integrity" check

# the key tables follow every edit: a move to another organization and a
# new name re-key person_order, a new ID number re-keys person_ids
order_of() { sql "select o.code from person_order k join orgs o on o.id = k.org_id where k.person_id = $1"; }
eq "person_order holds the member under its organization" "$(order_of 3)" "B"
ok "move the member to the committee" member edit 3 --org R
eq "person_order follows the move" "$(order_of 3)" "R"
ok "rename the member" member edit 3 --name 曾国荃
eq "person_order keyed by the new name's sort key" \
  "$(sql "select count(*) from person_order k join persons p on p.id = k.person_id where p.id = 3 and k.sort_key = p.sort_key")" "1"
ow --format json member list --org R
eq "the moved member is listed under its new organization" "$(echo "$OUT" | jq -c '[.items[].name]')" '["曾国荃"]'
ow --format json member list --org B
eq "and no longer under the old one" "$(echo "$OUT" | jq -c '[.items[].name]')" '["阿依古丽·买买提","区志航","单田芳","王五","张三"]'
ok "integrity after the moves" check
sql "delete from person_order where person_id = 3"
fails "a missing list key is found by the check" 1 check
has "the check names the table and the person" "$ERR" "person_order does not match person 3"
sql "insert into person_order select org_id, sort_key, id from persons where id = 3"
ok "integrity once the key is back" check
