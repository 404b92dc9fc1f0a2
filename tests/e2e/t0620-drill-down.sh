#!/usr/bin/env bash
# t0620-drill-down.sh - a figure of the statistics opens the list of exactly
# the persons it counts: on a generated population, for every cell of the
# roll-ups the dashboard draws (age band x sex, education group, occupation,
# joining period, Han/minority, college, year of joining), the member list
# of the same organization with status=members, subtree=1 and the cell's
# filter has total = the cell's count, and its rows carry the cell's values.
# Bad drill filters are 400 naming the filter.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

"$ORGWORK" gen --divisions "$FIX/divisions" --members 6000 --seed 7 "$DB" >"$T/gen.out" 2>&1 ||
  fail "generate a population" "$(cat "$T/gen.out")"
ROOT=$(sql "select code from orgs where parent_id is null order by id limit 1")
ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope "$ROOT" --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"; eq "officer login" "$CODE" "200"

# the child of the root with the most members (a province)
req officer GET "/stats/children?org=$(sql "select id from orgs where code = '$ROOT'")&by=sex"
ORG=$(echo "$BODY" | jq -r '[.children[] | {id: .org.id, n: .rollup.total}] | max_by(.n) | .id')
[ -n "$ORG" ] && [ "$ORG" != null ] || fail "a province" "$CODE $BODY"

# drill DIMS: every cell of the roll-up by DIMS against the filtered list
drill() {
  local by=$1 cells mismatches=0 checked=0 filter count total
  req officer GET "/stats/rollup?org=$ORG&by=$by"
  [ "$CODE" = 200 ] || { fail "rollup by $by" "$CODE $BODY"; return; }
  cells=$(echo "$BODY" | jq -r --arg by "$by" '($by | split(",")) as $d | .cells[] | select(.count > 0)
    | [([$d[] as $k | "\($k)=\(.[$k])"] | join(",")), .count] | @tsv')
  while IFS=$'\t' read -r filter count; do
    [ -n "$filter" ] || continue
    req officer GET "/orgs/$ORG/members?subtree=1&status=members&limit=1&filter=$(jq -rn --arg f "$filter" '$f|@uri')"
    total=$(echo "$BODY" | jq -r .total)
    checked=$((checked + 1))
    if [ "$total" != "$count" ]; then
      mismatches=$((mismatches + 1))
      [ $mismatches -le 3 ] && echo "  $by: $filter counts $count, list total $total ($CODE)" >&2
    fi
  done <<< "$cells"
  eq "every cell of $by drills to a list of its count ($checked cells)" "$mismatches" "0"
  [ "$checked" -gt 1 ] && pass "$by has several non-empty cells" || fail "$by has several non-empty cells" "$checked"
}
drill age_band,sex
drill education_group
drill occupation
drill join_period
drill ethnicity
drill education
drill ethnic_group
drill join_year

# the rows are the ones counted: an age band of women lists women of that age
req officer GET "/orgs/$ORG/members?subtree=1&status=members&limit=50&filter=sex%3Dfemale%2Cage_band%3D31-35"
eq "a drilled list answers" "$CODE" "200"
eq "the rows are women" "$(echo "$BODY" | jq -r '[.items[].sex] | unique | join(",")')" "female"
today=$(date +%Y-%m-%d)
lo=$(date -d "$today -36 years" +%Y-%m-%d); hi=$(date -d "$today -31 years" +%Y-%m-%d)
eq "born in the band's range" \
  "$(echo "$BODY" | jq -r --arg lo "$lo" --arg hi "$hi" '[.items[] | select(.birth_date <= $lo or .birth_date > $hi)] | length')" "0"
eq "and they are members" "$(echo "$BODY" | jq -r '[.items[].status] | unique - ["full","probationary"] | length')" "0"

# the export of a drilled list holds the same rows
req officer GET "/stats/rollup?org=$ORG&by=occupation&filter=occupation=workers"
workers=$(echo "$BODY" | jq -r .total)
req officer GET "/export?org=$ORG&format=csv&subtree=1&status=members&filter=occupation%3Dworkers&reason=check"
eq "export of a drilled list: 200" "$CODE" "200"
eq "export of a drilled list: the cell's rows" "$(grep -i '^x-row-count:' "$T/hdrs" | tr -dc '0-9')" "$workers"
eq "export of a drilled list: one line per row after the header" "$(($(wc -l < "$T/body") - 1))" "$workers"

# bad drill filters
for f in "sector%3Denterprise" "sex%3Dmale%7Cfemale" "sex%3Drobot" "colour%3Dred" "sex"; do
  req officer GET "/orgs/$ORG/members?subtree=1&filter=$f"
  eq "filter $f: 400" "$CODE" "400"
  eq "filter $f: names the filter" "$(echo "$BODY" | jq -r .error.field)" "filter"
done
serve_stop
