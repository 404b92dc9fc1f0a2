#!/usr/bin/env bash
# t0972-findings-steps.sh - the findings of the development steps and of
# standing: talk_overdue, approval_overdue, extension_overdue and
# lost_contact_6m, each produced for a constructed case (CLI and API, with
# the rule key, due date, days overdue and the catalogue rule's source),
# absent when the case is fixed (the talk held in time, the approval
# recorded, the conversion or the cancellation, contact regained) and kept
# as of the days before the fix; a late talk keeps its finding until the
# applicant is listed as an activist; the findings of another scope answer
# like a missing organization. Today is 2026-11-25 (lib.sh).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
add() { ow member add --sex 男 --ethnicity 01 --education 21 --occupation workers --birth-date 1960-01-01 "$@"
  [ "$RC" -eq 0 ] || fail "member add $*" "$ERR"; }
add --name 老党员甲 --org A1 --status full --admitted 1990-01-02 --full 1991-01-02; F1=$OUT
add --name 老党员乙 --org A1 --status full --admitted 1991-01-02 --full 1992-01-02; F2=$OUT
add --name 未谈话; TA=$OUT
ok "application recorded as a step" member step "$TA" application --date 2026-09-01 --field org="$OA1"
add --name 按时谈话; TB=$OUT
ok "application" member step "$TB" application --date 2026-09-01 --field org="$OA1"
ok "a talk within the month" member step "$TB" talk --date 2026-09-15
add --name 待审批 --org A1 --status target --applied 2023-06-01 --activist 2024-01-02 --target 2025-03-03; VA=$OUT
ok "sponsors" member step "$VA" sponsors --date 2026-05-11 --field sponsors="$F1,$F2"
ok "political review" member step "$VA" political_review --date 2026-05-12
ok "training" member step "$VA" training --date 2026-05-13 --field hours=24
ok "pre-review" member step "$VA" pre_review --date 2026-06-01 --field committee=党委
ok "publicity" member step "$VA" publicity --date 2026-06-22 --field to=2026-06-26
ok "branch vote" member step "$VA" branch_vote --date 2026-06-29 --field members=10 --field present=8 --field in_favour=7
add --name 延长甲 --org A1 --status probationary --admitted 2025-03-02; XA=$OUT
ok "an extension of six months" member step "$XA" probation_extension --date 2026-03-03 --field months=6
add --name 延长乙 --org A1 --status probationary --admitted 2025-03-02; XB=$OUT
ok "an extension of six months" member step "$XB" probation_extension --date 2026-03-03 --field months=6
add --name 失联党员 --org A1 --status full --admitted 2000-01-03 --full 2001-01-03; LC=$OUT
ok "lost contact" member standing "$LC" lost-contact --date 2026-04-10 --search 走访未果
add --name 外面失联 --org B --status full --admitted 2000-01-03 --full 2001-01-03; LB=$OUT
ok "lost contact outside A" member standing "$LB" lost-contact --date 2026-01-10 --search 走访未果

# find RULE PERSON [AS-OF]: "due days" of the person's finding, or "" when absent
find() {
  local args=(findings --org A --format json --limit 1000)
  [ -n "${3-}" ] && args+=(--as-of "$3")
  ow "${args[@]}"
  [ "$RC" -eq 0 ] || fail "findings ${args[*]}" "$ERR"
  echo "$OUT" | jq -r --arg r "$1" --arg w "$2" '.items[] | select(.rule == $r)
    | select((.person.id|tostring) == $w) | "\(.due) \(.days_overdue)"'
}
src() { ow findings --org A --format json --rule "$1"; echo "$OUT" | jq -r '.items[0].source'; }

# talk_overdue: dev.talk_months (1 month) after the application
eq "talk_overdue: no talk a month after the application" "$(find talk_overdue "$TA")" "2026-10-01 55"
has "talk_overdue: source" "$(src talk_overdue)" "(2014) art. 7"
eq "talk_overdue: not on the due day" "$(find talk_overdue "$TA" 2026-10-01)" ""
eq "talk_overdue: the day after" "$(find talk_overdue "$TA" 2026-10-02)" "2026-10-01 1"
eq "talk_overdue: a talk held in time leaves none" "$(find talk_overdue "$TB")" ""
ok "a late talk" member step "$TA" talk --date 2026-11-20
eq "talk_overdue: a late talk keeps the finding" "$(find talk_overdue "$TA")" "2026-10-01 55"
ok "activist" member step "$TA" activist --date 2026-11-24 --field recommending_body=党小组 --field contacts="$F1,$F2"
eq "talk_overdue: gone once the applicant is an activist" "$(find talk_overdue "$TA")" ""
eq "talk_overdue: as of the day before, still there" "$(find talk_overdue "$TA" 2026-11-23)" "2026-10-01 53"

# approval_overdue: dev.approval_months (3 months) after the branch vote
eq "approval_overdue: no approval 3 months after the vote" "$(find approval_overdue "$VA")" "2026-09-29 57"
has "approval_overdue: source" "$(src approval_overdue)" "within three months of the vote"
eq "approval_overdue: not on the due day" "$(find approval_overdue "$VA" 2026-09-29)" ""
ok "the approval, late" member step "$VA" approval --date 2026-11-20 --field committee=党委
eq "approval_overdue: gone once approved" "$(find approval_overdue "$VA")" ""
eq "approval_overdue: as of before the approval, still there" "$(find approval_overdue "$VA" 2026-11-19)" "2026-09-29 51"

# extension_overdue: admitted + 6 months + 1 year, neither converted nor cancelled
eq "extension_overdue: the extended probation is over" "$(find extension_overdue "$XA")" "2026-09-02 84"
has "extension_overdue: source" "$(src extension_overdue)" "Party Constitution art. 7"
eq "extension_overdue: not on the day the extension ends" "$(find extension_overdue "$XA" 2026-09-02)" ""
ok "the conversion vote" member step "$XA" conversion_vote --date 2026-11-02 --field members=10 --field present=8 --field in_favour=8
ok "the conversion approval" member step "$XA" conversion_approval --date 2026-11-16 --field committee=党委
eq "extension_overdue: gone once converted" "$(find extension_overdue "$XA")" ""
ok "the cancellation" member step "$XB" probation_cancelled --date 2026-11-16 --field reason=不合格
eq "extension_overdue: gone once cancelled" "$(find extension_overdue "$XB")" ""
eq "extension_overdue: as of before the cancellation, still there" "$(find extension_overdue "$XB" 2026-11-10)" "2026-09-02 69"

# lost_contact_6m: open for standing.lost_contact_months (6) or more
eq "lost_contact_6m: six months without contact" "$(find lost_contact_6m "$LC")" "2026-10-10 46"
has "lost_contact_6m: source" "$(src lost_contact_6m)" "six months or more"
eq "lost_contact_6m: not the day before the six months" "$(find lost_contact_6m "$LC" 2026-10-09)" ""
eq "lost_contact_6m: on the day" "$(find lost_contact_6m "$LC" 2026-10-10)" "2026-10-10 0"
eq "lost_contact_6m: not outside the subtree" "$(find lost_contact_6m "$LB")" ""
ok "contact regained" member standing "$LC" contact-regained --date 2026-11-20
eq "lost_contact_6m: gone once contact is regained" "$(find lost_contact_6m "$LC")" ""
eq "lost_contact_6m: as of before, still there" "$(find lost_contact_6m "$LC" 2026-11-19)" "2026-10-10 40"

# the API answers the same; another scope answers like a missing organization
serve_start
login officer "$PW"
req officer GET "/findings?org=$OA&as_of=2026-11-19&rule=lost_contact_6m"
eq "API: 200" "$CODE" "200"
eq "API: the finding with its rule, due, days and person" \
  "$(echo "$BODY" | jq -c '[.items[] | [.rule, .person.id, .due, .days_overdue]]')" "[[\"lost_contact_6m\",$LC,\"2026-10-10\",40]]"
has "API: the source" "$(echo "$BODY" | jq -r '.items[0].source')" "six months or more"
req officer GET "/findings?org=$OA&as_of=2026-10-02&rule=talk_overdue"
eq "API: talk_overdue" "$(echo "$BODY" | jq -c '[.items[] | [.person.id, .due, .days_overdue]]')" "[[$TA,\"2026-10-01\",1]]"
req officer GET "/findings?org=$OA&as_of=2026-11-19&rule=approval_overdue"
eq "API: approval_overdue" "$(echo "$BODY" | jq -c '[.items[] | [.person.id, .due]]')" "[[$VA,\"2026-09-29\"]]"
req officer GET "/findings?org=$OA&as_of=2026-11-10&rule=extension_overdue"
eq "API: extension_overdue" "$(echo "$BODY" | jq -c '[.items[] | [.person.id, .due]] | sort')" "[[$XB,\"2026-09-02\"]]"
req officer GET "/findings?org=99999999&rule=lost_contact_6m"; missing=$(echo "$BODY" | jq -c '.error | [.code, .field]')
req officer GET "/findings?org=$OB&rule=lost_contact_6m"
eq "another scope: 404" "$CODE" "404"
eq "another scope: answered as a missing organization" "$(echo "$BODY" | jq -c '.error | [.code, .field]')" "$missing"
hasnt "another scope: no name of its members" "$BODY" "外面失联"
req officer GET "/orgs/$OA/todo"
eq "todo: the new kinds link to the findings page" \
  "$(echo "$BODY" | jq -r '[.items[] | select(.key == "talk_overdue" or .key == "lost_contact_6m") | .link] | join(" ")')" \
  "/org/$OA/findings?rule=talk_overdue /org/$OA/findings?rule=lost_contact_6m"
serve_stop
