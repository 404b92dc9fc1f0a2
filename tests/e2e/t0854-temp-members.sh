#!/usr/bin/env bash
# t0854-temp-members.sh - a temporary organization's members keep their
# formal branch and are recorded beside it (org attach / org attached),
# audited; only active temporary organizations and current members.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
ok "temporary organization" org add --code TMP --name 项目临时党支部 --kind temporary --parent P1 --purpose 项目 --established 2025-01-01 --end-date 2026-12-31
ok "member" member add --name 张三 --sex 男 --ethnicity 01 --education 21 --occupation workers --birth-date 1980-01-01 --org B1 --status full --admitted 2005-01-01 --full 2006-01-01
P=$OUT
ok "applicant" member add --name 李四 --sex 男 --ethnicity 01 --education 21 --occupation workers --birth-date 1990-01-01 --org B1 --status applicant --applied 2024-01-01
A=$OUT
fails "registering with the temporary organization is refused" 1 member edit "$P" --org TMP
ok "attach the member" org attach TMP --person "$P" --date 2025-03-01
ok "list" --format json org attached TMP
eq "recorded beside the branch" "$(jq -c '.items' <<<"$OUT")" "[{\"person_id\":$P,\"joined\":\"2025-03-01\"}]"
eq "the formal branch stays" "$(sql "SELECT o.code FROM persons p JOIN orgs o ON o.id = p.org_id WHERE p.id = $P")" B1
fails "twice is refused" 1 org attach TMP --person "$P" --date 2025-04-01
has "says already recorded" "$ERR" "already recorded"
fails "not a temporary organization" 1 org attach B1 --person "$P"
has "names the org field" "$ERR" "invalid: org: B1 is not a temporary organization"
fails "an applicant is not a member" 1 org attach TMP --person "$A"
has "names the person field" "$ERR" "invalid: person:"
eq "audited" "$(sql "SELECT count(*) FROM audit_log WHERE action = 'org.temp_member_add'")" 1
ok "text list" org attached TMP
eq "text row" "$OUT" "$P	2025-03-01"
