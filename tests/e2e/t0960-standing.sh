#!/usr/bin/env bash
# t0960-standing.sh - a member's standing from the command line: lost contact
# (with the search made) until contact is regained, floating membership (where,
# and the organization taking them in) until it ends, stopped party standing
# until restoration. Each act accepted in order, each out of order refused
# naming its field; the flags of the record follow the records.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ok "other branch" org add --code B2 --name 流动党员党支部 --kind branch --parent P1 --established 1950-01-01
ow member add --name 甲 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B1 --status full --admitted 2000-06-01 --full 2001-06-01; M=$OUT
ow member add --name 乙 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B1 --status applicant --applied 2020-01-01; APPL=$OUT
flags() { ow --format json member show "$M"; jq -c '.flags' <<<"$OUT"; }

# ---- lost contact ----
fails "lost contact without --date: usage" 2 member standing "$M" lost-contact --search x
fails "lost contact without the search made" 1 member standing "$M" lost-contact --date 2025-01-10
has "names search" "$ERR" "search"
fails "lost contact before admission" 1 member standing "$M" lost-contact --date 1999-01-01 --search 走访
has "names date and the admission" "$ERR" "date: the date is before the admission (2000-06-01)"
fails "lost contact in the future" 1 member standing "$M" lost-contact --date 2027-01-01 --search 走访
has "future named" "$ERR" "date: the date of the act is in the future"
fails "an applicant has no standing" 1 member standing "$APPL" lost-contact --date 2025-01-10 --search 走访
has "status named" "$ERR" "status: person $APPL is not a member"
ok "lost contact recorded" --format json member standing "$M" lost-contact --date 2025-01-10 --search "电话、走访均未联系上"
eq "the record" "$(jq -c '[.kind,.start,.end,.in_force,.search]' <<<"$OUT")" '["lost_contact","2025-01-10",null,true,"电话、走访均未联系上"]'
eq "flag lost_contact set" "$(flags)" '["lost_contact"]'
fails "a second open lost contact is refused" 1 member standing "$M" lost-contact --date 2025-02-01 --search x
has "conflict on action" "$ERR" "conflict: action: contact is already recorded as lost"
fails "regained before it was lost" 1 member standing "$M" contact-regained --date 2025-01-01
has "end before start named" "$ERR" "date: the date is before the start of the record it ends (2025-01-10)"
ok "contact regained" member standing "$M" contact-regained --date 2025-08-01 --note 已取得联系
eq "flag cleared" "$(flags)" '[]'
fails "regained again: nothing open" 1 member standing "$M" contact-regained --date 2025-09-01
has "no lost contact" "$ERR" "no lost contact is recorded to end"
ok "a new lost contact after the regaining" member standing "$M" lost-contact --date 2025-10-01 --search 再次失联
ok "and its end" member standing "$M" contact-regained --date 2025-10-15

# ---- floating ----
fails "floating without the host organization" 1 member standing "$M" floating --date 2025-03-01 --place 深圳
has "host named" "$ERR" "host"
fails "floating with an unknown host" 1 member standing "$M" floating --date 2025-03-01 --place 深圳 --host NOPE
has "host named (unknown)" "$ERR" "host"
fails "floating without the place" 1 member standing "$M" floating --date 2025-03-01 --host B2
has "place named" "$ERR" "place"
fails "a place over 200 characters" 1 member standing "$M" floating --date 2025-03-01 --host B2 --place "$(printf '深%.0s' $(seq 201))"
has "too long" "$ERR" "place is longer than 200 characters"
fails "floating end without floating" 1 member standing "$M" floating-end --date 2025-03-01
has "not floating" "$ERR" "no floating membership is recorded to end"
ok "floating recorded" --format json member standing "$M" floating --date 2025-03-01 --place 广东省深圳市 --host B2
eq "host and place" "$(jq -c '[.kind,.place,.host.code]' <<<"$OUT")" '["floating","广东省深圳市","B2"]'
eq "flag floating" "$(flags)" '["floating"]'
fails "a second floating refused" 1 member standing "$M" floating --date 2025-04-01 --place 北京 --host B2
has "floating open" "$ERR" "a floating membership is already recorded"

# ---- stopped standing ----
fails "stop without the deciding organization" 1 member standing "$M" stop --date 2025-05-01 --reason 失联超过6个月
has "by named" "$ERR" "by"
fails "stop decided by a sibling branch" 1 member standing "$M" stop --date 2025-05-01 --reason 失联 --by B2
has "not above" "$ERR" "by: B2 is neither the member's organization nor above it"
fails "restore without a stop" 1 member standing "$M" restore --date 2025-05-01 --by P1
has "only a stopped standing is restored" "$ERR" "only a stopped party standing is restored"
ok "stop" member standing "$M" stop --date 2025-05-01 --reason 失联超过6个月 --by P1 --ref 组〔2025〕1号
eq "flags floating and suspended" "$(flags)" '["floating","suspended"]'
fails "stop again" 1 member standing "$M" stop --date 2025-06-01 --reason x --by P1
has "already stopped" "$ERR" "the party standing is already stopped"
ok "restore" member standing "$M" restore --date 2025-07-01 --by B1
ok "floating ends" member standing "$M" floating-end --date 2025-09-01
eq "flags clear again" "$(flags)" '[]'
fails "unknown act" 1 member standing "$M" vanish --date 2025-01-01
has "act named" "$ERR" "action"

# ---- the list ----
ok "list" --format json member standing "$M"
eq "every record in order of start" "$(jq -c '[.items[]|[.kind,.start,.end,.in_force]]' <<<"$OUT")" \
  '[["lost_contact","2025-01-10","2025-08-01",false],["floating","2025-03-01","2025-09-01",false],["stopped","2025-05-01","2025-07-01",false],["lost_contact","2025-10-01","2025-10-15",false]]'
eq "the stop's reason, deciding organization and reference" \
  "$(jq -c '.items[2]|[.reason,.by.code,.reference]' <<<"$OUT")" '["失联超过6个月","P1","组〔2025〕1号"]'
eq "the regaining's note" "$(jq -r '.items[0].note' <<<"$OUT")" "已取得联系"
ok "text list" member standing "$M"
eq "four lines" "$(wc -l <<<"$OUT")" 4
ok "discipline list is apart (empty)" --format json member discipline "$M"
eq "no sanctions" "$(jq -c .items <<<"$OUT")" "[]"

# ---- the timeline and the audit log ----
ok "timeline" --format json member timeline "$M"
eq "each act is an event on its date" \
  "$(jq -c '[.[]? // .events[] | select(.kind|test("lost_contact|contact_regained|floating|standing_"))|[.date,.kind]]' <<<"$OUT")" \
  '[["2025-01-10","lost_contact"],["2025-03-01","floating"],["2025-05-01","standing_stopped"],["2025-07-01","standing_restored"],["2025-08-01","contact_regained"],["2025-09-01","floating_end"],["2025-10-01","lost_contact"],["2025-10-15","contact_regained"]]'
eq "audit rows of the records (4 inserts, 4 ends) under the act's action" \
  "$(sql "SELECT count(*) FROM audit_log WHERE object GLOB 'standing/*' AND action = 'member.standing'")" 8
eq "the last audit row of a record holds it as it is" \
  "$(sql "SELECT json_extract(after, '$.end_date') || ' ' || json_extract(after, '$.end_note') FROM audit_log WHERE object = 'standing/1' ORDER BY id DESC LIMIT 1")" "2025-08-01 已取得联系"
fails "unknown person" 1 member standing 99999
