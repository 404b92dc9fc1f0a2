#!/usr/bin/env bash
# t0955-dev-register.sh - the development register (发展党员台账): the CLI
# lists everybody in the pipeline of a subtree with the next step due by the
# rules (the talk within a month, overdue after it; the conversion vote on
# the day the probation ends), filters by stage, pages by cursor and prints
# CSV; GET /orgs/{id}/development answers the same for the officer's own
# and child scope, and as a missing organization for parent, sibling and
# unrelated scope, leaking no name.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
add() { ow member add --ethnicity 01 --education 21 --occupation workers --birth-date 1990-01-01 "$@"
  [ "$RC" -eq 0 ] || fail "member $*" "$ERR"; }
add --name 申请甲 --sex 男 --org A --status applicant --applied 2026-01-05; AP=$OUT
add --name 预备乙 --sex 女 --org A1 --status probationary --applied 2020-01-02 --activist 2020-03-02 --target 2021-04-01 --admitted 2025-03-10; PR=$OUT
add --name 正式丙 --sex 男 --org A --status full --admitted 2015-01-01 --full 2016-01-01
for o in R B U; do add --name "台账$o" --sex 男 --org "$o" --status applicant --applied 2026-01-05; done

ok "register of A" --format json member register --org A --as-of 2026-01-20
eq "two in the pipeline, the full member not" "$(jq -c '[.total, ([.items[].person.name] | sort)]' <<<"$OUT")" '[2,["申请甲","预备乙"]]'
eq "the applicant's talk is due by a month after the application" \
  "$(jq -c ".items[] | select(.person.id == $AP) | [.stage, .next.step, .next.kind, .next.due, .next.overdue, .next.rule]" <<<"$OUT")" \
  '["applicant","talk","by","2026-02-05",false,"dev.talk_months"]'
eq "the probationary member's conversion vote on the day the probation ends" \
  "$(jq -c ".items[] | select(.person.id == $PR) | [.stage, .next.step, .next.kind, .next.due, .probation_end]" <<<"$OUT")" \
  '["probationary","conversion_vote","on","2026-03-10","2026-03-10"]'
eq "sorted by the day due, the earliest first" "$(jq -c '[.items[].person.id]' <<<"$OUT")" "[$AP,$PR]"
eq "counts by stage" "$(jq -c '.counts' <<<"$OUT")" '{"applicant":1,"activist":0,"target":0,"probationary":1,"overdue":0}'
ok "a month and more later" --format json member register --org A --as-of 2026-02-06
eq "the talk is overdue, one day" "$(jq -c ".items[] | select(.person.id == $AP) | [.next.overdue, .next.days_overdue]" <<<"$OUT")" '[true,1]'
ok "overdue only" --format json member register --org A --as-of 2026-02-06 --overdue
eq "the applicant alone" "$(jq -c '[.items[].person.id]' <<<"$OUT")" "[$AP]"
ok "stage filter" --format json member register --org A --as-of 2026-01-20 --stage probationary
eq "the probationary member alone" "$(jq -c '[.items[].person.id]' <<<"$OUT")" "[$PR]"
ok "page of one" --format json member register --org A --as-of 2026-01-20 --limit 1
C=$(jq -r .next_cursor <<<"$OUT"); eq "first page" "$(jq -c '[.items[].person.id]' <<<"$OUT")" "[$AP]"
ok "next page" --format json member register --org A --as-of 2026-01-20 --limit 1 --cursor "$C"
eq "second page, the last" "$(jq -c '[[.items[].person.id], .next_cursor]' <<<"$OUT")" "[[$PR],null]"
fails "a cursor of another order" 2 member register --org A --limit 1 --cursor "$C" --sort name
fails "an unknown stage" 2 member register --org A --stage full
ok "CSV" member register --org A --as-of 2026-01-20 --format csv
has "CSV header" "$OUT" "person_id,name,org_code"
has "CSV row" "$OUT" "申请甲"
ok "as of before the application" --format json member register --org A --as-of 2026-01-04
eq "nobody applied yet but the probationary member" "$(jq -c '[.items[].person.id]' <<<"$OUT")" "[$PR]"

serve_start
login officer "$PW"
req officer GET "/orgs/$OA/development?as_of=2026-01-20"
eq "own: 200" "$CODE" "200"
eq "own: A and A1" "$(jq -c '[.items[].person.id] | sort' <<<"$BODY")" "$(jq -nc --argjson a "$AP" --argjson b "$PR" '[$a,$b] | sort')"
req officer GET "/orgs/$OA1/development?as_of=2026-01-20"
eq "child: 200, A1 only" "$CODE $(jq -c '[.items[].person.id]' <<<"$BODY")" "200 [$PR]"
req officer GET "/orgs/$OA/development?stage=full"
eq "bad stage: 400 naming stage" "$CODE $(jq -r .error.field <<<"$BODY")" "400 stage"
req officer GET "/orgs/99999999/development"; missing=$(echo "$BODY" | jq -c '.error | [.code, .field]')
eq "missing organization: 404" "$CODE" "404"
for pos in R:parent B:sibling U:unrelated; do
  code=${pos%%:*}; name=${pos#*:}; var=O$code
  req officer GET "/orgs/${!var}/development"
  eq "$name: 404" "$CODE" "404"
  eq "$name: answered as a missing organization" "$(echo "$BODY" | jq -c '.error | [.code, .field]')" "$missing"
  hasnt "$name: no name of its members" "$BODY" "台账$code"
done
serve_stop
