#!/usr/bin/env bash
# t0951-dev-steps-api.sh - the development steps over HTTP: each refusal
# of a rule carries its code and the rule key and source; the same step
# accepted when the rule holds; a late step marked late; GET lists the
# steps, the status, the steps that may come next and the next step due
# (the register's row of the person, with the rule and its source); the scope matrix
# (own, child, parent, sibling, unrelated) with ids outside the scope
# answered as missing ones.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ow member add --name 申请人 --sex 男 --birth-date 1995-05-05 --ethnicity 01 --education 21 \
  --occupation workers --org A1 --status applicant --applied 2024-03-04; P=$OUT
ow member add --name 党员乙 --sex 女 --birth-date 1960-01-01 --ethnicity 01 --education 21 \
  --occupation workers --org A1 --status full --admitted 1990-01-02 --full 1991-01-02; F=$OUT
serve_start
login officer "$PW"

post() { req officer POST "/members/$1/steps" "$2"; }
crr() { echo "$BODY" | jq -r '[.error.code, .error.rule, (.error.source | length > 0)] | join(" ")'; }

req officer GET "/members/$P/steps"
eq "an applicant's next step due: the talk within the catalogue's month, with the rule and its source" \
  "$(echo "$BODY" | jq -r '[.due.step, .due.due, .due.kind, .due.rule, (.due.source | length > 0), .due.overdue] | join(" ")')" \
  "talk 2024-04-04 by dev.talk_months true true"
post "$P" '{"step":"talk","date":"2024-03-18"}'
eq "talk: 201" "$CODE" 201
eq "answer holds the step and the status" "$(echo "$BODY" | jq -r '[.step.step, .status] | join(" ")')" "talk applicant"
post "$P" "$(jq -nc --arg c "$PA,$PR" '{step:"activist",date:"2024-04-08",fields:{recommending_body:"党小组",contacts:$c}}')"
eq "activist with contacts outside the caller's scope is still checked by membership only" "$CODE" 201
post "$P" '{"step":"target","date":"2025-04-07"}'
eq "target before a year: 422 with the rule" "$CODE $(crr)" "422 dev_cultivation_too_short dev.cultivation_years true"
post "$P" '{"step":"target","date":"2025-04-08"}'
eq "target after a year: 201" "$CODE" 201
post "$P" "$(jq -nc --arg s "$F,$P" '{step:"sponsors",date:"2025-04-14",fields:{sponsors:$s}}')"
eq "the person as their own sponsor: refused" "$CODE $(crr)" "422 dev_sponsor_not_full dev.sponsors true"
post "$P" "$(jq -nc --arg s "$F,$PA" '{step:"sponsors",date:"2025-04-14",fields:{sponsors:$s}}')"
eq "two full members: 201" "$CODE" 201
post "$P" '{"step":"political_review","date":"2025-04-15"}'
post "$P" '{"step":"training","date":"2025-04-16","fields":{"days":2}}'
eq "training of two days: refused" "$CODE $(crr)" "422 dev_training_short dev.training_days true"
post "$P" '{"step":"training","date":"2025-04-16","fields":{"days":3}}'
eq "training of three days (an integer field): 201" "$CODE" 201
post "$P" '{"step":"pre_review","date":"2025-05-12","fields":{"committee":"市委甲"}}'
post "$P" '{"step":"publicity","date":"2025-05-19","fields":{"to":"2025-05-22"}}'
eq "publicity of four working days: refused" "$CODE $(crr)" "422 dev_publicity_short dev.publicity_workdays true"
post "$P" '{"step":"publicity","date":"2025-05-19","fields":{"to":"2025-05-23"}}'
eq "publicity of five working days: 201" "$CODE" 201
post "$P" '{"step":"branch_vote","date":"2025-05-22","fields":{"members":10,"present":8,"in_favour":8}}'
eq "a vote during the publicity: refused" "$CODE $(crr)" "422 dev_vote_before_publicity dev.publicity_workdays true"
post "$P" '{"step":"branch_vote","date":"2025-05-26","fields":{"members":10,"present":5,"in_favour":5}}'
eq "a vote without quorum: refused" "$CODE $(crr)" "422 dev_no_quorum dev.quorum_permille true"
post "$P" '{"step":"branch_vote","date":"2025-05-26","fields":{"members":10,"present":6,"in_favour":5}}'
eq "a vote without majority: refused" "$CODE $(crr)" "422 dev_no_majority dev.majority_permille true"
post "$P" '{"step":"branch_vote","date":"2025-05-26","fields":{"members":10,"present":6,"in_favour":6}}'
eq "the vote: 201" "$CODE" 201
post "$P" '{"step":"oath","date":"2025-06-02"}'
eq "an oath before the approval: 409 naming the missing step" "$CODE $(echo "$BODY" | jq -r '[.error.code, .error.params.missing] | join(" ")')" "409 dev_step_not_eligible approval"
post "$P" '{"step":"approval","date":"2025-09-01","fields":{"committee":"市委甲"}}'
eq "a late approval: 201, late, probationary" "$CODE $(echo "$BODY" | jq -r '[.step.late, .status] | join(" ")')" "201 true probationary"
req officer GET "/members/$P/steps"
eq "GET lists the steps" "$CODE $(echo "$BODY" | jq -r '.items | length')" "200 10"
eq "and what may come next" "$(echo "$BODY" | jq -r '.next | join(",")')" "oath,probation_extension,probation_cancelled"
due=$(echo "$BODY" | jq -c .due)
req officer GET "/orgs/$OA1/development?limit=1000"
eq "the next step due is the register's row of the person" "$due" "$(echo "$BODY" | jq -c --argjson p "$P" '.items[] | select(.person.id == $p) | .next')"
eq "and says which step" "$(echo "$due" | jq -r .step)" "oath"
req officer GET "/members/$F/steps"
eq "a full member is not in the pipeline: no step due" "$CODE $(echo "$BODY" | jq -c .due)" "200 null"
post "$P" '{"step":"oath","date":"2025-09-02","fields":{"colour":"red"}}'
eq "an unknown field: named" "$CODE $(echo "$BODY" | jq -r '[.error.code, .error.field] | join(" ")')" "422 dev_unknown_field colour"
post "$P" '{"step":"oath","date":"2025-09-02","fields":{"note":["x"]}}'
eq "a field of another type: named" "$CODE $(echo "$BODY" | jq -r '.error.field')" "422 note"

# the scope matrix: officer holds the subtree of A
for t in "own $PA" "child $PA1"; do
  set -- $t
  req officer GET "/members/$2/steps"
  eq "GET steps of $1 scope: 200" "$CODE" 200
  post "$2" '{"step":"oath","date":"2025-01-02"}'
  eq "POST a recorded step in $1 scope: 409 from the operation" "$CODE $(echo "$BODY" | jq -r .error.code)" "409 dev_step_recorded"
done
req officer GET "/members/999999/steps"; MISSING_GET="$CODE $BODY"
post 999999 '{"step":"oath","date":"2025-01-02"}'; MISSING_POST="$CODE $BODY"
for t in "parent $PR" "sibling $PB" "unrelated $PU"; do
  set -- $t
  req officer GET "/members/$2/steps"
  eq "GET steps of $1 scope: as a missing id" "$CODE $(echo "$BODY" | sed "s/$2/ID/g")" "$(echo "$MISSING_GET" | sed 's/999999/ID/g')"
  post "$2" '{"step":"oath","date":"2025-01-02"}'
  eq "POST steps of $1 scope: as a missing id" "$CODE $(echo "$BODY" | sed "s/$2/ID/g")" "$(echo "$MISSING_POST" | sed 's/999999/ID/g')"
done
has "a missing id is 404" "$MISSING_GET" "404"
