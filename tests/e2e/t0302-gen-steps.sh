#!/usr/bin/env bash
# t0302-gen-steps.sh - 'orgwork gen' writes the development steps and the
# standing records of the people it makes (src/gen/gen-steps.c): every
# generated step was accepted by the model's rule check as it was made (the
# summary counts none refused), the key dates and statuses are those the
# steps give (conversion on the day the probation ends, approval after the
# vote, cancellation withdraws), flags agree with the standing records, and
# a small country shows at least one finding of every finding rule on the
# reference day.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
DIV="$FIX/divisions"
N=5000
"$ORGWORK" --format json gen --divisions "$DIV" --members $N --seed 3 "$DB" >"$T/out" 2>"$T/err"
eq "gen exits 0" "$?" 0
eq "no step refused by the rules" "$(grep -c refused "$T/err")" 0
eq "orgwork check passes on the generated database" "$("$ORGWORK" --db "$DB" check >/dev/null 2>&1; echo $?)" 0
for s in application talk activist target sponsors political_review training pre_review publicity branch_vote approval oath conversion_vote conversion_approval probation_extension; do
  n=$(sql "SELECT count(*) FROM dev_steps WHERE step = '$s'")
  [ "$n" -gt 0 ] && pass "steps $s generated ($n)" || fail "steps $s generated" "none"
done
eq "late talks recorded late" "$(sql "SELECT count(*) > 0 FROM dev_steps WHERE step = 'talk' AND late = 1")" 1
eq "a late talk is more than a month after the application" "$(sql "SELECT count(*) FROM dev_steps t JOIN persons p ON p.id = t.person_id WHERE t.step = 'talk' AND t.late = 1 AND t.date <= date(p.applied, '+1 month')")" 0
eq "the vote is the admission" "$(sql "SELECT count(*) FROM dev_steps v JOIN persons p ON p.id = v.person_id WHERE v.step = 'branch_vote' AND p.admitted IS NOT NULL AND p.admitted <> v.date")" 0
eq "converted on the day the probation ends" "$(sql "SELECT count(*) FROM persons p JOIN dev_steps c ON c.person_id = p.id AND c.step = 'conversion_approval' LEFT JOIN dev_steps e ON e.person_id = p.id AND e.step = 'probation_extension' WHERE p.full_date <> date(p.admitted, '+1 year', '+' || coalesce(json_extract(e.fields, '$.months'), 0) || ' months')")" 0
eq "every full member with steps has its conversion approval" "$(sql "SELECT count(*) FROM persons p WHERE p.status = 'full' AND EXISTS (SELECT 1 FROM dev_steps s WHERE s.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM dev_steps s WHERE s.person_id = p.id AND s.step = 'conversion_approval')")" 0
eq "sponsors are full members before the step" "$(sql "SELECT count(*) FROM dev_steps s, json_each('[' || json_extract(s.fields, '$.sponsors') || ']') j JOIN persons q ON q.id = j.value WHERE s.step = 'sponsors' AND (q.status <> 'full' OR q.full_date > s.date)")" 0
eq "cancelled probation withdraws" "$(sql "SELECT count(*) FROM dev_steps s JOIN persons p ON p.id = s.person_id WHERE s.step = 'probation_cancelled' AND (p.status <> 'withdrawn' OR p.exited <> s.date)")" 0
eq "floating flag = open floating record" "$(sql "SELECT count(*) FROM persons WHERE flags & 2")" "$(sql "SELECT count(DISTINCT person_id) FROM standing_records WHERE kind = 'floating' AND end_date IS NULL")"
eq "lost contact flag = open lost-contact record" "$(sql "SELECT count(*) FROM persons WHERE flags & 1")" "$(sql "SELECT count(DISTINCT person_id) FROM standing_records WHERE kind = 'lost_contact' AND end_date IS NULL")"
eq "suspended flag = stopped standing" "$(sql "SELECT count(*) FROM persons WHERE flags & 4")" "$(sql "SELECT count(DISTINCT person_id) FROM standing_records WHERE kind = 'stopped'")"
eq "sanctions of full members only" "$(sql "SELECT count(*) FROM standing_records r JOIN persons p ON p.id = r.person_id WHERE r.kind IN ('warning','serious_warning','removal','probation') AND (p.status <> 'full' OR r.start_date < p.full_date)")" 0
# every finding rule this build knows has a finding on the reference day
for r in target_eligible conversion_due conversion_overdue medal_50_due talk_overdue approval_overdue extension_overdue lost_contact_6m; do
  out=$("$ORGWORK" --db "$DB" --format json findings --as-of 2023-12-31 --rule "$r" --limit 1 2>/dev/null) || continue
  n=$(echo "$out" | jq .total)
  [ "$n" -gt 0 ] && pass "finding $r present ($n)" || fail "finding $r present" "total $n"
done

# the statistics engine's counts (the workbench's to-dos of the whole
# country, from the server) agree with the per-person scan's totals
ROOT=$(sql "SELECT code FROM orgs WHERE parent_id IS NULL")
ROOTID=$(sql "SELECT id FROM orgs WHERE parent_id IS NULL")
PW='correct horse battery staple 42'
ORGWORK_INSECURE_DEMO=1 "$ORGWORK" --db "$DB" user add --login officer --role org_officer --scope "$ROOT" --no-totp --password-stdin <<< "$PW" >/dev/null 2>"$T/user.err" ||
  fail "officer added" "$(cat "$T/user.err")"
serve_start
login officer "$PW"
req officer GET "/orgs/$ROOTID/todo"
eq "todo answers" "$CODE" 200
todo=$BODY
kinds=0
for k in $(echo "$todo" | jq -r '.items[] | select(.finding != null) | .finding'); do
  kinds=$((kinds + 1))
  total=$("$ORGWORK" --db "$DB" --format json findings --rule "$k" --limit 1 | jq .total)
  eq "engine count of $k = the per-person total" "$(echo "$todo" | jq --arg k "$k" '.items[] | select(.finding == $k) | .count')" "$total"
done
[ "$kinds" -gt 0 ] && pass "todo has finding kinds ($kinds)" || fail "todo has finding kinds" "$todo"
serve_stop
