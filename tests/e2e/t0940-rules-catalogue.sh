#!/usr/bin/env bash
# t0940-rules-catalogue.sh - the catalogue of DESIGN section 3: the JSON shape
# of `rules list` equal to GET /api/v1/rules (one encoder), the range of each
# unit refused and accepted by `rules set` (naming the field, nothing written
# or audited when refused, audited once when accepted), `rules show` with every
# version of a key, and versions answering by the date asked.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
ok "init" init

ok "list" --format json rules list
L=$OUT
eq "every item has key, value, unit, source, applies_from, overridden" \
  "$(jq '[.items[]|select((has("key") and has("value") and has("unit") and has("source") and has("applies_from") and (.overridden|type)=="boolean")|not)]|length' <<<"$L")" 0
for k in life.branch_meeting.months life.committee_meeting.months life.group_meeting.months \
         life.party_lesson.months life.theme_day.months life.org_life_meeting.months \
         life.appraisal.months life.appraisal.excellent_max_permille term.shift_max_years \
         structure.branch.min_full_members structure.branch.usual_max_members \
         structure.branch_committee.min_full_members structure.branch_committee.min_size \
         structure.branch_committee.usual_max_size structure.branch_committee.max_size \
         structure.joint_branch.max_units structure.temporary_work.months \
         election.differential_min_permille membership.self_withdrawal_months \
         dues.salaried.bound_1_fen dues.salaried.bound_2_fen dues.salaried.bound_3_fen \
         dues.salaried.rate_1_permille dues.salaried.rate_2_permille dues.salaried.rate_3_permille \
         dues.salaried.rate_4_permille dues.retired.bound_1_fen dues.retired.rate_1_permille \
         dues.retired.rate_2_permille dues.fixed_monthly_fen dues.farmer.min_fen dues.farmer.max_fen \
         transfer.letter_valid_months transfer.formal_after_months cadre.public_notice_workdays \
         cadre.probation_years cadre.years_deputy_to_principal cadre.years_principal_to_upper_deputy \
         cadre.personal_report_due cadre.personal_report_check_permille \
         cadre.training.county_hours_5_years cadre.training.other_hours_year; do
  [ "$(jq --arg k "$k" '[.items[]|select(.key==$k)]|length' <<<"$L")" = 1 ] && pass "listed: $k" || fail "not listed: $k"
done
eq "values of section 3" \
  "$(jq -c '[.items[]|select(.key=="life.branch_meeting.months" or .key=="dues.salaried.bound_1_fen" or .key=="dues.salaried.rate_3_permille" or .key=="cadre.public_notice_workdays" or .key=="cadre.personal_report_due" or .key=="life.appraisal.excellent_max_permille")|[.key,.value,.unit]]' <<<"$L")" \
  '[["life.branch_meeting.months","3","months"],["life.appraisal.excellent_max_permille","333","permille"],["dues.salaried.bound_1_fen","300000","fen"],["dues.salaried.rate_3_permille","15","permille"],["cadre.public_notice_workdays","5","workdays"],["cadre.personal_report_due","01-31","monthday"]]'

# each unit of the catalogue: the bounds accepted, one past them and other shapes refused
n_set=0
try_unit() { # unit key good... -- bad...
  local unit=$1 key=$2; shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    ok "$unit: $key = '$1' accepted" rules set "$key" "$1" --from 2030-01-01 --reason "check $unit"
    n_set=$((n_set + 1)); shift
  done
  shift
  for v in "$@"; do
    fails "$unit: $key = '$v' refused" 1 rules set "$key" "$v" --from 2030-01-01 --reason "check $unit"
    has "$unit: the error names the field and the rule" "$ERR" "value: rule $key takes"
  done
}
try_unit years term.branch 0 99 -- 100 -1 3.5 three ""
try_unit months life.branch_meeting.months 9999 1 -- 10000 1,5 " 3" 0x3
try_unit workdays cadre.public_notice_workdays 9999 -- 10000 5d
try_unit hours cadre.training.other_hours_year 90 -- 1e2 99999
try_unit count structure.branch.min_full_members 3 -- +3 -3
try_unit fen dues.fixed_monthly_fen 99999999 0 -- 100000000 0.2 20fen
try_unit permille dues.salaried.rate_1_permille 1000 0 -- 1001 0.5 5%
try_unit monthday cadre.personal_report_due 02-29 12-31 01-01 -- 02-30 04-31 13-01 00-10 1-31 01/31 2024-01-31
try_unit flag structure.level_below_parent yes no -- maybe 1
try_unit kinds membership.formal_kinds branch "" -- branch, club
has "a monthday refusal says the shape" "$(ow rules set cadre.personal_report_due 02-30 --reason x; echo "$ERR")" "MM-DD"
fails "a reason over 200 characters refused" 1 rules set term.branch 4 --reason "$(printf 'x%.0s' {1..201})"
has "names the reason" "$ERR" "reason"
fails "an unknown rule refused" 1 rules set dues.nothing 1 --reason x
has "names the key" "$ERR" "key: no rule 'dues.nothing'"
eq "only the accepted values were written" "$(sql 'SELECT count(*) FROM rule_overrides')" "$n_set"
ok "audit" audit show --limit 200
eq "each accepted value audited once as rule.set" "$(awk -F'\t' '$4=="rule.set"' <<<"$OUT" | wc -l)" "$n_set"
has "the audit row holds the value and the reason" "$OUT" '"key":"cadre.personal_report_due","value":"01-01","applies_from":"2030-01-01","reason":"check monthday"'


# show: every version of a key, defaults and overrides, the one in force marked
ok "override from 2021" rules set term.village_community 4 --from 2021-03-01 --reason "county rule 2021/3"
ok "show json" --format json rules show term.village_community
S=$OUT
eq "key and unit" "$(jq -c '[.key,.unit]' <<<"$S")" '["term.village_community","years"]'
eq "versions in date order, the override last and in force" \
  "$(jq -c '[.versions[]|[.value,.applies_from,.overridden,.in_force]]' <<<"$S")" \
  '[["3","1921-07-01",false,false],["5","2018-07-12",false,false],["4","2021-03-01",true,true]]'
eq "the override's reason and who set it" \
  "$(jq -r '.versions[2]|[.reason,.set_by]|@tsv' <<<"$S")" "$(printf 'county rule 2021/3\tcli:%s' "$(id -un)")"
has "and when (UTC)" "$(jq -r '.versions[2].set_at' <<<"$S")" "$(date -u +%Y-)"
eq "defaults carry their source" "$(jq -r '.versions[1].source' <<<"$S")" \
  "Opinions on the Terms of Grassroots Party Organizations (2018), point 1"
ok "show by date" --format json rules show term.village_community --date 2019-01-01
eq "in force on 2019-01-01: the 2018 default" "$(jq -c '[.versions[].in_force]' <<<"$OUT")" '[false,true,false]'
ok "show text" rules show term.village_community --date 2016-06-01
eq "text marks the version in force" "$(grep -c '^\* 1921-07-01 3 ' <<<"$OUT")" 1
has "text gives the override's reason" "$OUT" "county rule 2021/3 (set by cli:"
fails "show of an unknown rule" 1 rules show no.such.rule
has "names it" "$ERR" "no rule 'no.such.rule'"
fails "show without a key is a usage error" 2 rules show

# dated versions answer by the date asked
ok "list 2016" --format json rules list --date 2016-05-01
eq "village term in 2016: 3" "$(jq -r '.items[]|select(.key=="term.village_community").value' <<<"$OUT")" 3
ok "list 2020" --format json rules list --date 2020-01-01
eq "village term in 2020: 5 (2018 Opinions)" "$(jq -r '.items[]|select(.key=="term.village_community").value' <<<"$OUT")" 5
has "term shift before 13 July 2020: the 1990 regulations" \
  "$(jq -r '.items[]|select(.key=="term.shift_max_years").source' <<<"$OUT")" "(1990)"
ok "list 2020-07-13" --format json rules list --date 2020-07-13
has "from 13 July 2020: the 2020 regulations, art. 3" \
  "$(jq -r '.items[]|select(.key=="term.shift_max_years")|[.applies_from,.source]|@tsv' <<<"$OUT")" "2020-07-13	Regulations on the Election Work of Grassroots Organizations (2020), art. 3"
ok "list 2022" --format json rules list --date 2022-01-01
eq "village term in 2022: the override" "$(jq -c '.items[]|select(.key=="term.village_community")|[.value,.overridden,.reason]' <<<"$OUT")" '["4",true,"county rule 2021/3"]'

# the CLI and the API print the same items (one encoder), today and by date
ok "org" org add --code P --name 省委 --kind committee --established 1949-10-01
ORGWORK_INSECURE_DEMO=1 ok "user" user add --login sec --role branch_secretary --scope P --no-totp --password-stdin <<< "$PW"
serve_start
login sec "$PW"
for d in "" 2016-05-01 2022-01-01 2031-01-01; do
  if [ -n "$d" ]; then ow --format json rules list --date "$d"; q="?date=$d"; else ow --format json rules list; q=""; fi
  cli=$(jq -S . <<<"$OUT")
  req sec GET "/rules$q"
  eq "GET /rules$q 200" "$CODE" 200
  eq "GET /rules$q equals rules list ${d:-today}" "$(jq -S . <<<"$BODY")" "$cli"
done
req sec GET "/rules?date=2016-13-01"
eq "a bad date is refused" "$CODE" 400
eq "naming the field" "$(jq -r .error.field <<<"$BODY")" date
