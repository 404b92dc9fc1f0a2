#!/usr/bin/env bash
# t0851-terms.sh - leadership terms by the rules (Opinions on the Terms of
# Grassroots Party Organizations, 2018): committee 5 years, general branch and
# branch 3, in villages and communities 5; the rule of the day the term
# started (2016: 3 in a village). org show gives the term in force in text
# and JSON (years, end date, the rule), as does GET /orgs/{id}.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
ok "init" init
ok "county committee" org add --code C --name 县委 --kind committee --level 1 --established 1950-01-01 --term-start 2021-06-01
ok "agency general branch" org add --code GB --name 机关党总支 --kind general_branch --parent C --sector agency --established 1990-01-01 --term-start 2024-03-01
ok "village branch" org add --code VB --name 村党支部 --kind branch --parent C --sector rural --established 1990-01-01 --term-start 2021-01-15
ok "community general branch" org add --code CG --name 社区党总支 --kind general_branch --parent C --sector community --established 1990-01-01 --term-start 2021-01-15
ok "village branch elected in 2016" org add --code VO --name 老村党支部 --kind branch --parent C --sector rural --established 1990-01-01 --term-start 2016-03-01
ok "enterprise branch with a recorded term" org add --code EB --name 企业党支部 --kind branch --parent C --sector soe --established 1990-01-01 --term-start 2023-05-01 --term-years 4
ok "branch without a term start" org add --code NB --name 支部 --kind branch --parent GB --sector agency --established 1990-01-01
ok "working committee" org add --code WC --name 工委 --kind working_committee --parent C --established 1990-01-01

t() { ow --format json org show "$1"; jq -c '[.term_years,.term_end,.term_rule]' <<<"$OUT"; }
eq "committee: 5 years" "$(t C)" '[5,"2026-06-01","term.committee"]'
eq "general branch: 3 years (was 5)" "$(t GB)" '[3,"2027-03-01","term.branch"]'
eq "village branch: 5 years (was 3)" "$(t VB)" '[5,"2026-01-15","term.village_community"]'
eq "community general branch: 5 years" "$(t CG)" '[5,"2026-01-15","term.village_community"]'
eq "village branch elected in 2016: the rule of 2016, 3 years" "$(t VO)" '[3,"2019-03-01","term.village_community"]'
eq "recorded term: 4 years, no rule" "$(t EB)" '[4,"2027-05-01",null]'
eq "no term start: the rule of today, no end" "$(t NB)" '[3,null,"term.branch"]'
eq "working committee: no elected term" "$(t WC)" '[0,null,null]'
ok "text" org show GB
has "text gives the same term" "$OUT" "term:        3 years, from 2024-03-01 to 2027-03-01 (rule term.branch)"
ok "text of the village branch" org show VB
has "text gives 5 years" "$OUT" "term:        5 years, from 2021-01-15 to 2026-01-15 (rule term.village_community)"

# an installation's rule, from its day
ok "override the branch term from 2024" rules set term.branch 2 --from 2024-01-01 --reason "test"
eq "general branch elected 2024-03: 2 years" "$(t GB)" '[2,"2026-03-01","term.branch"]'

ORGWORK_INSECURE_DEMO=1 ok "user" user add --login officer --role org_officer --scope C --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"
VB_ID=$(sql "SELECT id FROM orgs WHERE code = 'VB'")
req officer GET "/orgs/$VB_ID"
eq "API: the term in force" "$(jq -c '[.term_years,.term_end,.term_rule]' <<<"$BODY")" '[5,"2026-01-15","term.village_community"]'
