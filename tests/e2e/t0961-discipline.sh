#!/usr/bin/env bash
# t0961-discipline.sh - disciplinary sanctions from the command line: each
# kind dated, with its reference and deciding organization, ending when the
# rules say (warning 12 months, serious warning 18, removal from party post
# 24, probation within the party at the end of its 1 or 2 years, expulsion
# never); probation terms outside the rules refused naming the rule; no second
# probation while one runs; a probationary member is not sanctioned; an
# expulsion is the end of the membership by member_end (status, exit date,
# event "ended", audit "member.end").
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ok "other branch" org add --code B2 --name 支部二 --kind branch --parent P1 --established 1950-01-01
m() { ow member add --name "$1" --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org B1 "${@:2}"; [ "$RC" -eq 0 ] || fail "member $1" "$ERR"; }
m 甲 --status full --admitted 2000-06-01 --full 2001-06-01; M=$OUT
m 乙 --status probationary --admitted 2026-01-10; PROB=$OUT
m 丙 --status full --admitted 2000-06-01 --full 2001-06-01; X=$OUT
d() { ow --format json member discipline "$@"; }

d "$M" warning --date 2024-03-01 --ref 纪〔2024〕1号 --by P1
eq "warning: ends after 12 months" "$RC $(jq -c '[.kind,.start,.end,.in_force,.by.code,.reference]' <<<"$OUT")" \
  '0 ["warning","2024-03-01","2025-03-01",false,"P1","纪〔2024〕1号"]'
d "$M" serious-warning --date 2025-06-01 --ref 纪〔2025〕2号 --by B1
eq "serious warning: 18 months, in force today" "$RC $(jq -c '[.kind,.end,.in_force]' <<<"$OUT")" \
  '0 ["serious_warning","2026-12-01",true]'
d "$M" removal --date 2025-07-01 --ref 纪〔2025〕3号 --by P1
eq "removal from party post: 24 months" "$RC $(jq -c '[.kind,.end]' <<<"$OUT")" '0 ["removal","2027-07-01"]'

fails "probation without --years" 1 member discipline "$M" probation --date 2025-08-01 --ref r --by P1
has "years named with the rule" "$ERR" "years: probation within the party is of 1 to 2 years: rules discipline.probation_min_years and discipline.probation_max_years"
fails "probation of 3 years" 1 member discipline "$M" probation --date 2025-08-01 --ref r --by P1 --years 3
has "years named" "$ERR" "years:"
fails "years for a warning" 1 member discipline "$M" warning --date 2025-08-01 --ref r --by P1 --years 1
has "years only for probation" "$ERR" "years are given only for probation"
fails "a sanction without a reference: usage" 2 member discipline "$M" warning --date 2025-08-01 --by P1
fails "an empty reference" 1 member discipline "$M" warning --date 2025-08-01 --ref "" --by P1
has "reference named" "$ERR" "reference"
fails "a reference over 40 characters" 1 member discipline "$M" warning --date 2025-08-01 --by P1 --ref "$(printf '文%.0s' $(seq 41))"
has "too long" "$ERR" "reference is longer than 40 characters"
fails "decided by a sibling branch" 1 member discipline "$M" warning --date 2025-08-01 --ref r --by B2
has "not above" "$ERR" "by: B2 is neither the member's organization nor above it"
fails "decided before the admission" 1 member discipline "$M" warning --date 1999-08-01 --ref r --by P1
has "before admission" "$ERR" "date: the date is before the admission"
fails "unknown kind" 1 member discipline "$M" reprimand --date 2025-08-01 --ref r --by P1
has "kind named" "$ERR" "kind"
fails "a probationary member is not sanctioned" 1 member discipline "$PROB" warning --date 2026-02-01 --ref r --by P1
has "status named" "$ERR" "conflict: status: a probationary member is not sanctioned"

d "$M" probation --date 2025-08-01 --ref 纪〔2025〕4号 --by P1 --years 1
eq "probation of one year ends at its term" "$RC $(jq -c '[.kind,.years,.end,.in_force]' <<<"$OUT")" \
  '0 ["probation",1,"2026-08-01",false]'
fails "a second probation while it runs" 1 member discipline "$M" probation --date 2026-02-01 --ref r --by P1 --years 2
has "running" "$ERR" "conflict: kind: a probation within the party is running on that day"
d "$M" probation --date 2026-08-01 --ref 纪〔2026〕5号 --by P1 --years 2
eq "a new probation the day the first ended" "$RC $(jq -c '[.end,.in_force]' <<<"$OUT")" '0 ["2028-08-01",true]'
ok "override the maximum term" rules set discipline.probation_max_years 1 --from 2026-01-01 --reason "test"
fails "the rule in force on the day of the decision applies" 1 member discipline "$X" probation --date 2026-03-01 --ref r --by P1 --years 2
has "1 to 1 years" "$ERR" "of 1 to 1 years"
d "$X" probation --date 2025-03-01 --ref 纪〔2025〕9号 --by P1 --years 2
eq "before the override: two years allowed" "$RC $(jq -r .end <<<"$OUT")" "0 2027-03-01"

ok "list" --format json member discipline "$M"
eq "the sanctions in order" "$(jq -c '[.items[]|.kind]' <<<"$OUT")" '["warning","serious_warning","removal","probation","probation"]'
ok "standing list is apart (empty)" --format json member standing "$M"
eq "no standing records" "$(jq -c .items <<<"$OUT")" "[]"
ok "timeline" --format json member timeline "$M"
eq "an event per sanction, named by its kind, with its dates and deciding organization" \
  "$(jq -c '[.[]? // .events[] | select(.kind|startswith("sanction_"))|[.kind,.detail.date,.detail.end_date,.detail.by_org_id]]' <<<"$OUT")" \
  "$(jq -nc --argjson p "$(sql "SELECT id FROM orgs WHERE code='P1'")" --argjson b "$(sql "SELECT id FROM orgs WHERE code='B1'")" \
     '[["sanction_warning","2024-03-01","2025-03-01",$p],["sanction_serious","2025-06-01","2026-12-01",$b],["sanction_removal","2025-07-01","2027-07-01",$p],["sanction_probation","2025-08-01","2026-08-01",$p],["sanction_probation","2026-08-01","2028-08-01",$p]]')"

# ---- expulsion: the end of the membership ----
fails "expulsion by a sibling: refused by member_end's check" 1 member discipline "$M" expulsion --date 2026-09-01 --ref r --by B2
has "by named" "$ERR" "by: B2 is neither"
d "$M" expulsion --date 2026-09-01 --ref 纪〔2026〕7号 --by P1
eq "expulsion recorded, never ending" "$RC $(jq -c '[.kind,.end,.in_force]' <<<"$OUT")" '0 ["expulsion",null,true]'
ok "the member" --format json member show "$M"
eq "status expelled, exited on the decision" "$(jq -c '[.status,.exited]' <<<"$OUT")" '["expelled","2026-09-01"]'
ok "timeline" --format json member timeline "$M"
eq "the membership's end event, as member end writes it" \
  "$(jq -c '[.[]? // .events[] | select(.kind=="ended")|[.date,.detail.kind,.reference]]' <<<"$OUT")" '[["2026-09-01","expulsion","纪〔2026〕7号"]]'
eq "the explicit audit row of member_end" \
  "$(sql "SELECT count(*) FROM audit_log WHERE action = 'member.end' AND object = 'membership/$M'")" 1
fails "no sanction after the expulsion" 1 member discipline "$M" warning --date 2026-10-01 --ref r --by P1
has "membership ended" "$ERR" "status: the membership of person $M already ended"
fails "nor a standing act" 1 member standing "$M" lost-contact --date 2026-10-01 --search x
has "membership ended (standing)" "$ERR" "already ended"
fails "member end refuses a second ending" 1 member end "$M" --kind expulsion --date 2026-10-01 --ref r --by P1
