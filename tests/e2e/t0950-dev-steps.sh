#!/usr/bin/env bash
# t0950-dev-steps.sh - the development procedure from the CLI: each
# ordering and eligibility rule refused when broken, naming its rule key,
# and the same step accepted when the rule holds; late steps recorded and
# marked late; the status and key dates follow from the steps; the
# timeline shows every step. Dates lie away from public holidays, but for
# the publicity that counts across one.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B --name 支部 --kind branch --parent R --established 1990-01-01
add() { ow member add --ethnicity 01 --education 21 --occupation workers --org B "$@"; }
add --name 老党员甲 --sex 男 --birth-date 1960-01-01 --status full --admitted 1990-01-02 --full 1991-01-02; F1=$OUT
add --name 老党员乙 --sex 女 --birth-date 1961-01-01 --status full --admitted 1991-01-02 --full 1992-01-02; F2=$OUT
add --name 预备党员 --sex 女 --birth-date 1990-01-01 --status probationary --admitted 2024-01-02; PP=$OUT
add --name 申请人 --sex 男 --birth-date 1995-05-05 --status applicant --applied 2024-03-04; P=$OUT
add --name 小青年 --sex 男 --birth-date 2006-06-10 --status applicant --applied 2024-06-10; Y=$OUT

# a refusal prints its message and "orgwork: rule KEY: source"
step() { ow --format json member step "$@"; }

fails "a talk before its date order: before the application" 1 member step "$P" talk --date 2024-03-01
has "names the step it follows" "$ERR" "application"
ok "talk within a month" member step "$P" talk --date 2024-03-18
fails "the activist stage with a contact who is not a full member" 1 member step "$P" activist --date 2024-04-08 --field recommending_body=党小组 --field contacts="$F1,$PP"
has "contact refusal names dev.contacts" "$ERR" "dev.contacts"
ok "activist with two full members as contacts" member step "$P" activist --date 2024-04-08 --field recommending_body=党小组 --field contacts="$F1,$F2"
fails "target before a year of cultivation" 1 member step "$P" target --date 2025-04-07
has "cultivation refusal names dev.cultivation_years" "$ERR" "dev.cultivation_years"
ok "target after a year" member step "$P" target --date 2025-04-08
fails "one sponsor" 1 member step "$P" sponsors --date 2025-04-14 --field sponsors="$F1"
has "sponsor count names dev.sponsors" "$ERR" "dev.sponsors"
fails "a sponsor who is probationary" 1 member step "$P" sponsors --date 2025-04-14 --field sponsors="$F1,$PP"
has "sponsor refusal names dev.sponsors" "$ERR" "dev.sponsors"
ok "two full members as sponsors" member step "$P" sponsors --date 2025-04-14 --field sponsors="$F1,$F2"
fails "pre-review before the political review and training" 1 member step "$P" pre_review --date 2025-05-12 --field committee=党委
has "names the missing step" "$ERR" "political_review"
ok "political review" member step "$P" political_review --date 2025-04-15
fails "training of two days" 1 member step "$P" training --date 2025-04-16 --field days=2
has "training refusal names dev.training_days" "$ERR" "dev.training_days"
ok "training of 24 class hours" member step "$P" training --date 2025-04-16 --field hours=24
ok "pre-review" member step "$P" pre_review --date 2025-05-12 --field committee=党委
# five weekdays but four working days: Monday 2025-06-02 is the Dragon Boat
# Festival holiday of the State Council's notice (the calendar, not weekdays)
fails "publicity over the Dragon Boat Festival" 1 member step "$P" publicity --date 2025-05-29 --field to=2025-06-04
has "holiday refusal names dev.publicity_workdays" "$ERR" "dev.publicity_workdays"
fails "publicity of four working days" 1 member step "$P" publicity --date 2025-05-19 --field to=2025-05-22
has "publicity refusal names dev.publicity_workdays" "$ERR" "dev.publicity_workdays"
ok "publicity of five working days" member step "$P" publicity --date 2025-05-19 --field to=2025-05-23
fails "a vote on the last day of the publicity" 1 member step "$P" branch_vote --date 2025-05-23 --field members=10 --field present=8 --field in_favour=8
has "vote refusal names dev.publicity_workdays" "$ERR" "dev.publicity_workdays"
fails "a vote without quorum" 1 member step "$P" branch_vote --date 2025-05-26 --field members=10 --field present=5 --field in_favour=5
has "quorum refusal names dev.quorum_permille" "$ERR" "dev.quorum_permille"
fails "a vote without majority" 1 member step "$P" branch_vote --date 2025-05-26 --field members=10 --field present=8 --field in_favour=5
has "majority refusal names dev.majority_permille" "$ERR" "dev.majority_permille"
ok "the vote" member step "$P" branch_vote --date 2025-05-26 --field members=10 --field present=8 --field in_favour=6
step "$P" approval --date 2025-08-27 --field committee=党委
eq "an approval after three months is recorded" "$RC" 0
eq "and marked late, the member probationary" "$(jq -r '[.step.late, .status] | join(" ")' <<<"$OUT")" "true probationary"
ow --format json member show "$P"
eq "admitted on the vote's date" "$(jq -r .admitted <<<"$OUT")" "2025-05-26"
ok "oath" member step "$P" oath --date 2025-09-01
fails "a conversion vote before the probation ends" 1 member step "$P" conversion_vote --date 2026-05-25 --field members=10 --field present=8 --field in_favour=8
has "names membership.probation_years" "$ERR" "membership.probation_years"
ok "the conversion vote" member step "$P" conversion_vote --date 2026-05-26 --field members=10 --field present=8 --field in_favour=8
step "$P" conversion_approval --date 2026-06-01 --field committee=党委
eq "conversion approval in time, member full" "$(jq -r '[.step.late, .status] | join(" ")' <<<"$OUT")" "false full"
ow --format json member show "$P"
eq "full on the day the probation ends" "$(jq -r .full <<<"$OUT")" "2026-05-26"
fails "nothing after the conversion" 1 member step "$P" probation_cancelled --date 2026-06-02
has "out of order" "$ERR" "cannot follow"
ow --format json member steps "$P"
eq "every step listed (the application is the record's)" "$(jq -r '.items | length' <<<"$OUT")" 13
eq "the late one marked" "$(jq -r '[.items[] | select(.late) | .step] | join(",")' <<<"$OUT")" "approval"
ow --format json member timeline "$P"
eq "the timeline shows every step" "$(jq -r '[.[] | select(.kind=="step")] | length' <<<"$OUT")" 13
fails "edit does not change the status of a member with steps" 1 member edit "$P" --status applicant

# a late talk; too young; a second extension
step "$Y" talk --date 2024-07-11
eq "a talk after more than a month is late" "$(jq -r .step.late <<<"$OUT")" true
ow member add --ethnicity 01 --education 21 --occupation workers --name 少年 --sex 男 --birth-date 2008-01-01; K=$OUT
fails "an application before 18" 1 member step "$K" application --date 2025-12-01 --field org=2
has "names dev.min_age" "$ERR" "dev.min_age"
ok "the application at 18" member step "$K" application --date 2026-01-05 --field org=2
ow --format json member show "$K"
eq "an applicant in the branch" "$(jq -r '[.status, .applied] | join(" ")' <<<"$OUT")" "applicant 2026-01-05"
fails "an extension of five months" 1 member step "$PP" probation_extension --date 2025-01-02 --field months=5
has "names dev.extension_min_months" "$ERR" "dev.extension_min_months"
ok "an extension of six months" member step "$PP" probation_extension --date 2025-01-02 --field months=6
fails "a second extension" 1 member step "$PP" probation_extension --date 2025-01-03 --field months=6
has "names dev.extension_max_months" "$ERR" "dev.extension_max_months"
fails "an unknown field" 1 member step "$PP" oath --date 2025-01-03 --field colour=red
fails "an unknown step" 1 member step "$PP" baptism --date 2025-01-03

# import and add: the key dates against the rules that applied then
fails "nobody admitted before the founding" 1 member add --ethnicity 01 --education 21 --occupation workers --org B --name 古人 --sex 男 --birth-date 1890-01-01 --status full --admitted 1920-01-01 --full 1921-01-01
has "names dev.founding_date" "$ERR" "dev.founding_date"
ok "target within a year of activist before 2014" member add --ethnicity 01 --education 21 --occupation workers --org B --name 旧例 --sex 男 --birth-date 1970-01-01 --status target --applied 2010-03-01 --activist 2010-05-03 --target 2010-09-01
fails "target within a year of activist after 2014" 1 member add --ethnicity 01 --education 21 --occupation workers --org B --name 新例 --sex 男 --birth-date 1970-01-01 --status target --applied 2020-03-02 --activist 2020-05-04 --target 2020-09-01
has "names dev.cultivation_years" "$ERR" "dev.cultivation_years"
H='姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注'
printf '%s\n%s\n%s\n' "$H" \
  '旧档甲,男,,1970-01-01,汉族,大学本科毕业,专业技术人员,,,B,发展对象,2010-03-01,2010-05-03,2010-09-01,,,,' \
  '新档乙,男,,1970-01-01,汉族,大学本科毕业,专业技术人员,,,B,发展对象,2020-03-02,2020-05-04,2020-09-01,,,,' > "$T/dev.csv"
fails "import: a target named within a year after 2014 is refused" 1 import "$T/dev.csv"
has "the import names the row's rule" "$OUT$ERR" "less than 1 year(s) after the activist date"
printf '%s\n%s\n' "$H" \
  '古档丙,男,,1890-01-01,汉族,大学本科毕业,专业技术人员,,,B,正式党员,,,,1920-01-01,1921-01-01,,' > "$T/old.csv"
fails "import: nobody admitted before the founding" 1 import "$T/old.csv"
has "the import names the founding" "$OUT$ERR" "before 1921-07-01"
printf '%s\n%s\n' "$H" \
  '旧档甲,男,,1970-01-01,汉族,大学本科毕业,专业技术人员,,,B,发展对象,2010-03-01,2010-05-03,2010-09-01,,,,' > "$T/ok.csv"
ok "import: the same short cultivation before 2014 is accepted" import "$T/ok.csv"
_finish
