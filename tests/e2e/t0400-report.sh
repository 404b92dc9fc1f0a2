#!/usr/bin/env bash
# t0400-report.sh - 'orgwork report': bulletin, rollup, children, snapshot
# over a small tree built through the CLI; answers checked by hand-counted
# values and against sqlite3.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "province" org add --code P1 --name 省委 --kind committee --sector agency --level 3 --established 1950-01-01
ok "city" org add --code C1 --name 市委 --kind committee --parent P1 --sector agency --level 2 --established 1950-01-01
ok "branch 1" org add --code B1 --name 一支部 --kind branch --parent C1 --sector rural --established 2000-01-01
ok "branch 2" org add --code B2 --name 二支部 --kind branch --parent C1 --sector soe --established 2000-01-01
ok "general branch" org add --code G1 --name 总支 --kind general_branch --parent P1 --sector institution --established 2000-01-01

add() { # name sex eth edu occ birth org status admitted [extra...]
  local n=$1 s=$2 e=$3 d=$4 o=$5 b=$6 org=$7 st=$8 adm=$9; shift 9
  ok "member $n" member add --name "$n" --sex "$s" --ethnicity "$e" --education "$d" \
     --occupation "$o" --birth-date "$b" --org "$org" --status "$st" "$@" \
     ${adm:+--admitted "$adm"}
}
add 张一 female han 21 workers 1990-05-01 B1 full 2014-01-01 --full 2015-01-01
add 王二 male zhuang 61 farmers_herders_fishers 1960-03-01 B1 full 1985-07-01 --full 1986-07-01
add 李三 female han 31 students 2004-02-02 B2 probationary 2025-06-01
add 赵四 male han 71 retired 1940-01-01 G1 full 1974-06-30 --full 1975-06-30
add 钱五 male han 21 professionals 1999-09-09 B2 applicant "" --applied 2024-03-01
add 孙六 female hui 21 managers 1995-01-01 G1 activist "" --applied 2023-01-01 --activist 2024-01-01
add 周七 male han 21 workers 1950-01-01 B1 deceased 1980-01-01 --full 1981-01-01 --exited 2020-01-01

ok "bulletin json" --format json report bulletin --org P1 --year 2025
J=$OUT
eq "members" "$(jq .members <<<"$J")" 4
eq "new members in 2025" "$(jq .new_members_in_year <<<"$J")" 1
eq "women" "$(jq .women <<<"$J")" 2
eq "ethnic minorities" "$(jq .ethnic_minorities <<<"$J")" 1
eq "college or above" "$(jq .college_or_above <<<"$J")" 2
eq "age <=30" "$(jq '.age["<=30"]' <<<"$J")" 1
eq "age >=61" "$(jq '.age[">=61"]' <<<"$J")" 2
eq "joined since 2012-11" "$(jq '.joined["since_2012-11"]' <<<"$J")" 2
eq "joined 1949-1978" "$(jq '.joined["1949-10_to_1978-12"]' <<<"$J")" 1
eq "occupation retired" "$(jq .occupation.retired <<<"$J")" 1
eq "new members women" "$(jq .new_members.women <<<"$J")" 1
eq "new members age<=35" "$(jq '.new_members["age_<=35"]' <<<"$J")" 1
eq "new members students" "$(jq .new_members.occupation.students <<<"$J")" 1
eq "applicants (pipeline)" "$(jq .applicants <<<"$J")" 2
eq "activists" "$(jq .activists <<<"$J")" 1
eq "grassroots orgs" "$(jq .grassroots_organizations.total <<<"$J")" 3
eq "branches" "$(jq .grassroots_organizations.branches <<<"$J")" 2
eq "general branches" "$(jq .grassroots_organizations.general_branches <<<"$J")" 1
eq "children listed" "$(jq '[.children[].org.code] | join(",")' <<<"$J")" '"C1,G1"'
eq "child C1 members" "$(jq '.children[0].members' <<<"$J")" 3
eq "medal due 2024 (admitted 1974-06-30)" \
  "$(ORGWORK_TODAY=2026-11-25 "$ORGWORK" --db "$DB" --format json report bulletin --org P1 --year 2024 | jq .medals_glory_50_years)" 1

ok "bulletin text" report bulletin --org P1 --year 2025
has "text names the org" "$OUT" "P1 省委"
has "text has members line" "$OUT" "members"

ok "rollup by sex" --format json report rollup --org C1 --by sex --as-of 2025-12-31
eq "rollup total" "$(jq .total <<<"$OUT")" 3
eq "rollup female" "$(jq '[.cells[] | select(.sex=="female") | .count] | add' <<<"$OUT")" 2
want=$(sql "SELECT count(*) FROM persons WHERE status IN ('full','probationary') AND org_id IN (SELECT id FROM orgs WHERE code IN ('C1','B1','B2'))")
eq "rollup total equals sqlite3" "$(jq .total <<<"$OUT")" "$want"

ok "rollup two dims with filter" --format json report rollup --org P1 --by sector,education --filter sex=male
eq "male members" "$(jq .total <<<"$OUT")" 2
eq "male rural below college" "$(jq '[.cells[] | select(.sector=="rural" and .education=="below_college") | .count] | add' <<<"$OUT")" 1

ok "as of 1990: the deceased member counts" --format json report rollup --org P1 --by status --as-of 1990-01-01
eq "full in 1990" "$(jq '[.cells[] | select(.status=="full") | .count] | add' <<<"$OUT")" 3

ok "children by age band" --format json report children --org C1 --by age_band
eq "two children" "$(jq '.children | length' <<<"$OUT")" 2
eq "B2 members" "$(jq '.children[1].rollup.total' <<<"$OUT")" 1

ok "rollup text" report rollup --org P1 --by age_band,sex
has "text table" "$OUT" "total"

fails "unknown dimension" 1 report rollup --org P1 --by colour
has "names the dimension" "$ERR" "colour"
fails "unknown org" 1 report bulletin --org NOPE --year 2025
fails "unknown report" 2 report pie
fails "rollup needs --by" 1 report rollup --org P1

ok "snapshot" report snapshot --out "$T/s.snap"
[ -s "$T/s.snap" ] && pass "snapshot written" || fail "snapshot written"
ok "bulletin from snapshot" --format json report bulletin --org P1 --year 2025 --snapshot "$T/s.snap"
eq "snapshot gives the same bulletin" "$OUT" "$J"
printf 'garbage' | dd of="$T/s.snap" bs=1 seek=200 conv=notrunc 2>/dev/null
fails "corrupted snapshot refused" 1 report bulletin --org P1 --year 2025 --snapshot "$T/s.snap"
has "says checksum" "$ERR" "checksum"

# a write reaches the next report
ok "move G1 under C1" org move G1 --to C1
ok "children after move" --format json report bulletin --org C1 --year 2025
eq "C1 members after move" "$(jq .members <<<"$OUT")" 4
