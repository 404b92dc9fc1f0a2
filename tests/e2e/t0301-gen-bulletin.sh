#!/usr/bin/env bash
# t0301-gen-bulletin.sh - `orgwork gen --profile FILE` followed by
# `orgwork report bulletin` reproduces every figure FILE gives (0.5 pp;
# organizations per member 1 %): the pipeline in the bulletin's definition
# (applicants include activists and targets, activists include targets), a
# profile whose new_members.occupation is null while new_members_in_year is
# given (the missing part takes the end-2023 shares of the new total), and
# street working committees counted among the grassroots committees.
source "$(dirname "$0")/lib.sh"
DIV="$FIX/divisions"
N=20000

# end-2023 figures with the new members' occupations left out and other totals changed
jq '."2023" | .new_members_in_year = 213.1 | .new_members.occupation = null
    | .women = 3100 | .applicants = 1900.4 | .activists = 1120.3
    | .grassroots_organizations.total = 520.9 | .grassroots_organizations.branches = 458.6' \
  "$ORGWORK_TOP/data/bulletins.json" > "$T/p.json"
"$ORGWORK" gen --divisions "$DIV" --members $N --seed 5 --profile "$T/p.json" "$DB" >"$T/out" 2>"$T/err"; RC=$?
eq "a profile without the new members' occupations" "$RC" 0
hasnt "no sum error" "$(cat "$T/err")" "sum to"
out=$("$ORGWORK_TOP/tools/check-gen-marginals" --db "$DB" --year 2023 --profile "$T/p.json" --tolerance 0.5); rc=$?
if [ $rc -eq 0 ]; then pass "every given figure within 0.5 pp"; else fail "every given figure within 0.5 pp" "$(grep -E 'OVER|figures' <<<"$out")"; fi
nfig=$(sed -n 's/^0 of \([0-9]*\) figures over 0.50 pp.*$/\1/p' <<<"$out")
[ "${nfig:-0}" -ge 40 ] && pass "pipeline, person and organization figures compared ($nfig)" || fail "figures compared" "$(tail -1 <<<"$out")"
has "organizations per member compared" "$out" "grassroots organizations per member"

# the pipeline as the bulletin counts it
ow report bulletin --year 2023 --format json
app=$(jq .applicants <<<"$OUT"); act=$(jq .activists <<<"$OUT"); mem=$(jq .members <<<"$OUT")
eq "applicants = N x 1900.4 / 9918.5" "$app" "$(awk -v n=$N 'BEGIN { printf "%d", n * 1900.4 / 9918.5 + 0.5 }')"
eq "activists and targets = N x 1120.3 / 9918.5" "$act" "$(awk -v n=$N 'BEGIN { printf "%d", n * 1120.3 / 9918.5 + 0.5 }')"
eq "applicants only in the database" "$(sql "SELECT count(*) FROM persons WHERE status = 'applicant'")" "$((app - act))"
# the new members' occupations: the end-2023 shares of 213.1
new=$(jq .new_members_in_year <<<"$OUT")
eq "new members = N x 213.1 / 9918.5" "$new" "$(awk -v n=$N 'BEGIN { printf "%d", n * 213.1 / 9918.5 + 0.5 }')"
stud=$(jq '.new_members.occupation.students' <<<"$OUT")
awk -v s="$stud" -v n="$new" 'BEGIN { d = 100 * s / n - 100 * 91.9 / 240.8; exit !(d < 0.5 && d > -0.5) }' &&
  pass "new students: the end-2023 share of the new total" || fail "new students share" "$stud of $new"

# street working committees are grassroots committees in the bulletin
wc=$(sql "SELECT count(*) FROM orgs WHERE level = 0 AND kind = 'working_committee'")
[ "$wc" -ge 1 ] && pass "some street working committees ($wc)" || fail "some street working committees"
eq "committees in the bulletin include them" "$(jq .grassroots_organizations.committees <<<"$OUT")" \
  "$(sql "SELECT count(*) FROM orgs WHERE level = 0 AND kind IN ('committee', 'working_committee')")"

# a profile whose activists outnumber its applicants is refused, naming the field
jq '.activists = 3000' "$T/p.json" > "$T/bad.json"
"$ORGWORK" gen --divisions "$DIV" --members 2000 --seed 5 --profile "$T/bad.json" "$T/bad.db" >"$T/out" 2>"$T/err"; RC=$?
eq "activists above applicants refused" "$RC" 1
has "naming activists" "$(cat "$T/err")" "activists"
