#!/usr/bin/env bash
# t0870-member-end.sh - ending a membership is an act, not an edit (issue 11
# point 8): the case of the issue (expel; an edit that would reinstate is
# refused; a correction reinstates, with its reason, dated after the
# expulsion), the four kinds of ending with their statuses, the rules of the
# act (date, reference, deciding organization, who can be ended), the
# audit rows that carry the decision and the reason, and the timeline order.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "province" org add --code 11 --name 北京市委 --kind committee --established 1949-10-01
ok "county" org add --code C --name 区委 --kind committee --parent 11 --established 1950-01-01
ok "branch" org add --code B --name 支部 --kind branch --parent C --established 1990-01-01
ok "another committee" org add --code X --name 另一区委 --kind committee --parent 11 --established 1950-01-01
n=0
member() {
  n=$((n + 1))
  ow member add --name "$1" --sex 男 --ethnicity 01 --education 21 --occupation workers \
    --birth-date 1950-01-0$n --org B --status full --admitted 1975-01-01 --full 1976-01-01
  [ "$RC" -eq 0 ] || fail "member $1" "$ERR"
}
member 甲; P1=$OUT
member 乙; P2=$OUT
member 丙; P3=$OUT
member 丁; P4=$OUT

# ---- the case of the issue ----
ok "expulsion recorded by its own act" member end "$P1" --kind expulsion --date 2025-03-01 \
  --ref "京纪〔2025〕3号" --by C
eq "it says so" "$OUT" "ended $P1"
ow --format json member show "$P1"
eq "status expelled, exit date the act's date" "$(echo "$OUT" | jq -r '.status + " " + .exited')" "expelled 2025-03-01"
fails "an edit does not reinstate" 1 member edit "$P1" --status full --exited ""
has "the refusal names the option and the operations" "$ERR" "status: member edit does not change --status"
has "the refusal says where endings go" "$ERR" "member end"
fails "nor clears the exit date" 1 member edit "$P1" --exited ""
has "naming it" "$ERR" "exited:"
ow --format json member show "$P1"
eq "still expelled" "$(echo "$OUT" | jq -r '.status + " " + .exited')" "expelled 2025-03-01"
fails "a second ending is refused" 1 member end "$P1" --kind death --date 2025-04-01 --by C
has "as already ended" "$ERR" "conflict: status: the membership of person $P1 already ended (expelled, 2025-03-01)"
fails "a correction to an ended status is refused" 1 member correct "$P1" --field status --value deceased --reason 去世
has "pointing to member end" "$ERR" "member end"
fails "a correction needs a reason" 2 member correct "$P1" --field status --value full
ow member correct "$P1" --field status --value full --reason ""
has "an empty reason is refused" "$ERR" "reason: reason is required"
ok "a correction reinstates" member correct "$P1" --field status --value full \
  --reason "开除党籍处分经复查撤销" --ref "京纪复〔2026〕1号"
ow --format json member show "$P1"
eq "full again, exit date cleared" "$(echo "$OUT" | jq -r '.status + " " + (.exited // "none")')" "full none"
ow --format json member timeline "$P1"
eq "timeline: the ending on its date, the correction after it" \
  "$(echo "$OUT" | jq -r '[.[] | select(.kind=="ended" or .kind=="correction") | .kind + "@" + .date] | join(",")')" \
  "ended@2025-03-01,correction@2026-11-25"
eq "timeline in date order" "$(echo "$OUT" | jq -r '[.[].date] | . == sort')" "true"
eq "the ending carries kind, deciding organization and reference" \
  "$(echo "$OUT" | jq -c '.[] | select(.kind=="ended") | [.detail.kind, .detail.by, .detail.status.to, .reference]')" \
  '["expulsion","C","expelled","京纪〔2025〕3号"]'
eq "the correction carries the change and its reason" \
  "$(echo "$OUT" | jq -c '.[] | select(.kind=="correction") | [.detail.status.from, .detail.status.to, .detail.exited.from, .detail.reason]')" \
  '["expelled","full","2025-03-01","开除党籍处分经复查撤销"]'

# ---- the four kinds ----
ok "withdrawal" member end "$P2" --kind withdrawal --date 2024-05-01 --ref "退党〔2024〕1号" --by B
ok "removal (how self-withdrawal ends)" member end "$P3" --kind removal --date 2024-06-01 --ref "除名〔2024〕2号" --by 11
ok "death needs no reference" member end "$P4" --kind death --date 2024-07-01 --by B
eq "statuses after the acts" "$(sql "select group_concat(status, ',') from (select status from persons where id in ($P2,$P3,$P4) order by id)")" \
  "withdrawn,withdrawn,deceased"
ow --format json member timeline "$P3"
eq "removal recorded as such" "$(echo "$OUT" | jq -r '.[] | select(.kind=="ended") | .detail.kind + " " + .detail.by + " " + .date')" "removal 11 2024-06-01"

# ---- the rules of the act ----
member 戊; P5=$OUT
ow member end "$P5" --kind resignation --date 2024-01-01 --ref r --by B
has "unknown kind named" "$ERR" "kind:"
ow member end "$P5" --kind withdrawal --date 2030-01-01 --ref r --by B
has "future date refused" "$ERR" "date: the date of the act is in the future"
ow member end "$P5" --kind withdrawal --date 1975-06-01 --ref r --by B
has "a date before full membership refused" "$ERR" "date:"
ow member end "$P5" --kind withdrawal --date 2024-01-01 --by B
has "the reference is required but for a death" "$ERR" "reference: reference is required"
ow member end "$P5" --kind withdrawal --date 2024-01-01 --ref "$(printf '号%.0s' $(seq 41))" --by B
has "an over-long reference refused" "$ERR" "reference is longer than 40 characters"
ow member end "$P5" --kind withdrawal --date 2024-01-01 --ref r --by X
has "a deciding organization beside the member's refused" "$ERR" "by: X is neither the member's organization nor above it"
ow member end "$P5" --kind withdrawal --date 2024-01-01 --ref r --by NOPE
has "an unknown deciding organization refused" "$ERR" "by:"
fails "--by is required" 2 member end "$P5" --kind withdrawal --date 2024-01-01 --ref r
ow member add --name 申请人 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1990-01-01 --org B --status applicant --applied 2024-01-01; PA=$OUT
ow member end "$PA" --kind withdrawal --date 2024-02-01 --ref r --by B
has "an applicant has no membership to end" "$ERR" "conflict: status: person $PA is not a member"
ow --format json member show "$P5"
eq "nothing written by the refusals" "$(echo "$OUT" | jq -r .status)" "full"
eq "no event from the refusals" "$(sql "select count(*) from member_events where person_id = $P5 and kind = 'ended'")" "0"

# ---- corrections of dates ----
ok "a wrongly recorded exit date corrected" member correct "$P2" --field exited --value 2024-04-15 --reason "退党日期登记有误"
eq "exit date corrected" "$(sql "select exited from persons where id = $P2")" "2024-04-15"
ow member correct "$P2" --field exited --value 2024-04-15 --reason again
has "a correction that changes nothing is refused" "$ERR" "value: the correction changes nothing"
ow member correct "$P2" --field full --value 2025-01-01 --reason r
has "a correction that breaks the record is refused, naming the field" "$ERR" "exited: exited date is before the full date"
ow member correct "$P2" --field name --value x --reason r
has "only status and key dates are corrected" "$ERR" "field: field is status"
ok "--format json prints the record" --format json member correct "$P5" --field full --value 1976-02-01 --reason 日期有误
eq "the corrected record" "$(echo "$OUT" | jq -r .full)" "1976-02-01"

# ---- the audit log holds the decision and the reason ----
ow audit show --limit 200
has "the ending's audit row" "$OUT" $'member.end\tmembership/'"$P1"
has "with its decision" "$OUT" '"kind":"expulsion","by":"C"'
has "the correction's audit row" "$OUT" $'member.correct\tmembership/'"$P1"
has "with its reason" "$OUT" '"reason":"开除党籍处分经复查撤销"'
has "the person row under the act's action" "$OUT" $'member.end\tperson/'"$P1"
ok "audit verify passes" audit verify
ok "integrity" check
