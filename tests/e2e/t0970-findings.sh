#!/usr/bin/env bash
# t0970-findings.sh - the findings engine: each rule's finding produced for a
# constructed case, with its due date, days overdue and source, absent when
# the case is fixed (conversion recorded, target listed, death, dissolution),
# and as of past dates (before the due date, and between the due date and a
# late fix); `orgwork findings` and GET /findings answer the same; the
# keyset cursor pages through without repeats; bad arguments name their
# field with a code. Today is 2026-11-25 (lib.sh).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
today=$ORGWORK_TODAY
mem() { # name org status dates...
  local name=$1 org=$2; shift 2
  ow member add --name "$name" --sex 男 --ethnicity 01 --education 21 --occupation workers \
    --birth-date 1950-01-01 --org "$org" "$@"
  [ "$RC" -eq 0 ] || fail "member $name" "$ERR"
}
mem 积极分子 A1 --status activist --applied 2025-01-01 --activist 2025-06-01; PACT=$OUT
mem 预备将满 A1 --status probationary --admitted 2025-12-10; PDUE=$OUT
mem 预备逾期 A1 --status probationary --admitted 2025-03-01; POVER=$OUT
mem 老党员 A1 --status full --admitted 1975-06-01 --full 1976-08-01; PMED=$OUT
mem 老党员乙 A1 --status full --admitted 1975-05-01 --full 1976-06-01; PMED2=$OUT
mem 外面预备 B --status probationary --admitted 2024-01-01; POUT=$OUT
ok "expired term" org add --code E1 --name 届满支部 --kind branch --parent A --established 1990-01-01 --term-start 2015-01-01
ok "running term" org add --code E2 --name 在任支部 --kind branch --parent A --established 1990-01-01 --term-start 2025-01-01
ok "ended temporary" org add --code T1 --name 临时支部 --kind temporary --parent A --established 2020-01-01 --purpose 项目 --end-date 2021-01-01

# find RULE [PERSON|ORG-CODE] [AS-OF]: "due days" of the finding, or "" when absent
find() {
  local args=(findings --org A --format json --limit 1000)
  [ -n "${3-}" ] && args+=(--as-of "$3")
  ow "${args[@]}"
  [ "$RC" -eq 0 ] || fail "findings ${args[*]}" "$ERR"
  echo "$OUT" | jq -r --arg r "$1" --arg w "$2" '.items[] | select(.rule == $r)
    | select((.person.id|tostring) == $w or .org.code == $w) | "\(.due) \(.days_overdue)"'
}
src() { ow findings --org A --format json --rule "$1"; echo "$OUT" | jq -r '.items[0].source'; }

# target_eligible: an activist for a year (dev.cultivation_years), not yet a target
eq "target_eligible: due a year after becoming an activist" "$(find target_eligible "$PACT")" "2026-06-01 177"
has "target_eligible: source from the catalogue" "$(src target_eligible)" "Development of Party Members (2014) art. 13"
eq "target_eligible: not before the year is out" "$(find target_eligible "$PACT" 2026-05-31)" ""
eq "target_eligible: on the day the year is out" "$(find target_eligible "$PACT" 2026-06-01)" "2026-06-01 0"
# conversion_due: probation ends within 30 days (findings.conversion_due_days)
eq "conversion_due: probation ends in 15 days" "$(find conversion_due "$PDUE")" "2026-12-10 -15"
eq "conversion_due: not 31 days before" "$(find conversion_due "$PDUE" 2026-11-09)" ""
eq "conversion_due: 30 days before" "$(find conversion_due "$PDUE" 2026-11-10)" "2026-12-10 -30"
# conversion_overdue: past the year of probation, not converted
eq "conversion_overdue: a year after admission" "$(find conversion_overdue "$POVER")" "2026-03-01 269"
has "conversion_overdue: source" "$(src conversion_overdue)" "Party Constitution art. 7"
eq "conversion_overdue: not on its last day" "$(find conversion_overdue "$POVER" 2026-03-01)" ""
eq "... then it was coming due" "$(find conversion_due "$POVER" 2026-03-01)" "2026-03-01 0"
eq "conversion_overdue: as of a past date" "$(find conversion_overdue "$POVER" 2026-03-15)" "2026-03-01 14"
# medal_50_due: party age from the full date reaches 50 on the next 1 July
eq "medal_50_due: next 1 July" "$(find medal_50_due "$PMED")" "2027-07-01 -218"
has "medal_50_due: source" "$(src medal_50_due)" "Glory in the Party for 50 Years"
eq "medal_50_due: a medal of last July is not due any more" "$(find medal_50_due "$PMED2")" ""
eq "medal_50_due: as of before that July it was" "$(find medal_50_due "$PMED2" 2026-05-01)" "2026-07-01 -61"
# election_overdue: the term (org_term) ran out
eq "election_overdue: term of 2015 ran out in 2018" "$(find election_overdue E1)" "2018-01-01 3250"
has "election_overdue: the term rule's source" "$(src election_overdue)" "Party Constitution art. 30"
eq "election_overdue: not while the term runs" "$(find election_overdue E2)" ""
eq "election_overdue: not as of 2017" "$(find election_overdue E1 2017-06-01)" ""
# temporary_ended
eq "temporary_ended: past its end date" "$(find temporary_ended T1)" "2021-01-01 2154"
eq "temporary_ended: not before" "$(find temporary_ended T1 2020-06-01)" ""
# nothing outside the subtree asked about
ow findings --org A --format json --limit 1000
eq "no finding of B in A's findings" "$(echo "$OUT" | jq --argjson p "$POUT" '[.items[] | select(.person.id == $p)] | length')" "0"
eq "total = the items" "$(echo "$OUT" | jq '.total == (.items | length)')" "true"
eq "oldest due first" "$(echo "$OUT" | jq '[.items[].due] == ([.items[].due] | sort)')" "true"
ow findings --format json --limit 1000
eq "without --org: every organization" "$(echo "$OUT" | jq --argjson p "$POUT" '[.items[] | select(.person.id == $p)] | length')" "1"
ow findings --org A
has "table: a line per finding" "$OUT" "conversion_overdue   2026-03-01    269  A1               预备逾期 ($POVER)"

# the API answers what the CLI prints
serve_start
for u in officer auditor; do login "$u" "$PW"; done
for q in "" "&rule=conversion_overdue" "&as_of=2026-03-15" "&rule=medal_50_due&as_of=2026-05-01"; do
  req officer GET "/findings?org=$OA&limit=1000$q"
  eq "API $q: 200" "$CODE" "200"
  api=$(echo "$BODY" | jq -S -c .)
  args=(findings --org A --format json --limit 1000)
  case $q in *rule=*) r=${q#*rule=}; args+=(--rule "${r%%&*}") ;; esac
  case $q in *as_of=*) args+=(--as-of "${q#*as_of=}") ;; esac
  ow "${args[@]}"
  eq "CLI and API agree ($q)" "$(echo "$OUT" | jq -S -c .)" "$api"
done
req officer GET "/findings?rule=conversion_overdue&limit=1000"
eq "without org: the scope root A" "$(echo "$BODY" | jq -c '[.items[].person.id]')" "[$POVER]"
req auditor GET "/findings?org=$OA"
eq "auditor (no member.read): 403" "$CODE" "403"

# the workbench's to-do counts (from the server's statistics engine) are the
# findings engine's totals, each kind a finding rule
req officer GET "/orgs/$OA/todo"
eq "todo: a finding rule per kind" "$(echo "$BODY" | jq '[.items[] | select(.finding == null)] | length')" "0"
eq "todo: the new kinds link to the findings page" "$(echo "$BODY" | jq -r '.items[] | select(.key == "conversion_due") | .link')" "/org/$OA/findings?rule=conversion_due"
todo=$BODY
for k in $(echo "$todo" | jq -r '.items[].finding'); do
  req officer GET "/findings?org=$OA&rule=$k&limit=1"
  eq "todo count of $k = the findings total" "$(echo "$todo" | jq --arg k "$k" '.items[] | select(.finding == $k) | .count')" "$(echo "$BODY" | jq .total)"
done
eq "todo: the medal counted" "$(echo "$todo" | jq '.items[] | select(.key == "medal_50_due") | .count')" "1"

# paging: a page of 2 and its cursor, to the end, without repeats
req officer GET "/findings?org=$OA&limit=1000"; all=$(echo "$BODY" | jq -c '[.items[] | [.rule, .org.id, .person.id]]')
pages='[]'; cur=""; n=0
while :; do
  req officer GET "/findings?org=$OA&limit=2${cur:+&cursor=$cur}"
  pages=$(jq -c --argjson a "$pages" '$a + [.items[] | [.rule, .org.id, .person.id]]' <<< "$BODY")
  cur=$(echo "$BODY" | jq -r '.next_cursor // empty'); n=$((n + 1))
  [ -z "$cur" ] || [ "$n" -gt 20 ] && break
done
eq "pages of 2 = the whole list, in order" "$pages" "$all"
ow findings --org A --limit 2 --format json; c1=$(echo "$OUT" | jq -r .next_cursor)
ow findings --org A --limit 2 --cursor "$c1" --format json
eq "CLI cursor: the second page" "$(echo "$OUT" | jq -c '[.items[] | [.rule, .org.id, .person.id]]')" "$(jq -c '.[2:4]' <<< "$all")"

# bad arguments: 400 naming the field, with a code
bad() { # query field code
  req officer GET "/findings?org=$OA&$1"
  eq "$1: 400" "$CODE" "400"
  eq "$1: field and code" "$(echo "$BODY" | jq -r '.error | "\(.field) \(.code)"')" "$2 $3"
}
bad "rule=nonsense" rule findings_unknown_rule
bad "cursor=1.2" cursor findings_bad_cursor
bad "cursor=01.0.1.1" cursor findings_bad_cursor
bad "cursor=1.99.1.1" cursor findings_bad_cursor
bad "limit=0" limit out_of_range
bad "limit=1001" limit out_of_range
bad "as_of=1899-12-31" as_of date_out_of_range
req officer GET "/findings?org=$OA&as_of=2026-13-01"
eq "as_of not a date: 400" "$CODE" "400"; eq "names as_of" "$(echo "$BODY" | jq -r .error.field)" "as_of"
fails "CLI: unknown rule is a usage error" 2 findings --rule nonsense
has "CLI: names the rule" "$ERR" "rule"
fails "CLI: limit 0" 2 findings --limit 0
fails "CLI: bad cursor" 2 findings --cursor x
fails "CLI: unknown organization" 1 findings --org NOPE

# fixed cases leave no finding (and the past stays as it was)
ok "conversion recorded late" member correct "$POVER" --field status --value full --field full --value 2026-04-01 --reason 补录转正
eq "conversion_overdue gone once converted" "$(find conversion_overdue "$POVER")" ""
eq "... but as of before the conversion it was overdue" "$(find conversion_overdue "$POVER" 2026-03-15)" "2026-03-01 14"
ok "listed as a development target" member correct "$PACT" --field status --value target --field target --value 2026-07-01 --reason 列为发展对象
eq "target_eligible gone once a target" "$(find target_eligible "$PACT")" ""
eq "... as of before the listing it was eligible" "$(find target_eligible "$PACT" 2026-06-15)" "2026-06-01 14"
ok "probation cancelled" member end "$PDUE" --kind withdrawal --date 2026-11-20 --ref 文号1 --by A1
eq "conversion_due gone once the membership ended" "$(find conversion_due "$PDUE")" ""
ok "death" member end "$PMED" --kind death --date 2026-11-01 --by A1
eq "medal_50_due gone after death" "$(find medal_50_due "$PMED")" ""
ok "dissolve the expired branch" org dissolve E1 --date 2026-11-20
eq "election_overdue gone once dissolved" "$(find election_overdue E1)" ""
ok "dissolve the ended temporary organization" org dissolve T1 --date 2026-11-20
eq "temporary_ended gone once dissolved" "$(find temporary_ended T1)" ""
serve_stop
