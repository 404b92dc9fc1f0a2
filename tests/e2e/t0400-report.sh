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

# The figures below are counted by hand from the seven people above (at the
# end of 2025: 张一 35, 王二 65, 李三 21, 赵四 85; 钱五 an applicant, 孙六 an
# activist, 周七 died in 2020); the roll-ups are also counted from the
# database with sqlite3 (oracle below), never through the engine.
ok "bulletin json" --format json report bulletin --org P1 --year 2025
J=$OUT
eq "members" "$(jq .members <<<"$J")" 4
eq "new members in 2025" "$(jq .new_members_in_year <<<"$J")" 1
eq "women" "$(jq .women <<<"$J")" 2
eq "ethnic minorities" "$(jq .ethnic_minorities <<<"$J")" 1
eq "college or above" "$(jq .college_or_above <<<"$J")" 2
eq "every age band" "$(jq -c .age <<<"$J")" '{"<=30":1,"31-35":1,"36-40":0,"41-45":0,"46-50":0,"51-55":0,"56-60":0,">=61":2}'
eq "every joining period" "$(jq -c .joined <<<"$J")" '{"before_1949-10":0,"1949-10_to_1978-12":1,"1978-12_to_2012-11":1,"since_2012-11":2}'
eq "every occupation" "$(jq -c .occupation <<<"$J")" \
  '{"workers":1,"farmers_herders_fishers":1,"professionals":0,"managers":0,"party_and_government_staff":0,"students":1,"other":0,"retired":1}'
eq "new members of the year" "$(jq -c .new_members <<<"$J")" \
  '{"women":1,"ethnic_minorities":0,"age_<=35":1,"college_or_above":1,"occupation":{"workers":0,"farmers_herders_fishers":0,"professionals":0,"managers":0,"party_and_government_staff":0,"students":1,"other":0}}'
eq "applicants (pipeline)" "$(jq .applicants <<<"$J")" 2
eq "activists" "$(jq .activists <<<"$J")" 1
eq "grassroots organizations" "$(jq -c .grassroots_organizations <<<"$J")" '{"total":3,"committees":0,"general_branches":1,"branches":2}'
eq "grassroots organizations by sector" "$(jq -c .grassroots_organizations_by_sector <<<"$J")" \
  '{"rural":1,"community":0,"agency":0,"institution":1,"soe":1,"non_public":0,"university":0,"social":0,"other":0}'
eq "medal due in 2025 (full 1975-06-30: party age counts from conversion)" "$(jq .medals_glory_50_years_due <<<"$J")" 1
eq "children: code, members, new, women, minorities, college, grassroots, applicants, activists" \
  "$(jq -c '[.children[] | [.org.code, .members, .new_members_in_year, .women, .ethnic_minorities, .college_or_above, .grassroots_organizations.total, .applicants, .activists]]' <<<"$J")" \
  '[["C1",3,1,2,1,2,2,1,0],["G1",1,0,0,0,0,1,1,1]]'
eq "child G1: its one member is over 60, joined before 1978-12, retired" \
  "$(jq -c '.children[1] | [.age[">=61"], .joined["1949-10_to_1978-12"], .occupation.retired]' <<<"$J")" '[1,1,1]'
eq "no medal due 2024 (admitted 1974-06-30, full only in 1975)" \
  "$(ORGWORK_TODAY=2026-11-25 "$ORGWORK" --db "$DB" --format json report bulletin --org P1 --year 2024 | jq .medals_glory_50_years_due)" 0

# norm TEXT: runs of spaces made one, for an exact comparison of text reports
norm() { sed -E 's/ +/ /g; s/^ //; s/ $//' <<<"$1"; }
ok "bulletin text" report bulletin --org P1 --year 2025
eq "text bulletin: every figure" "$(norm "$OUT")" "$(cat <<'EOF'
Statistics bulletin 2025: P1 省委 (as of 2025-12-31)
members 4
new members in the year 1
grassroots organizations 3
committees 0
general branches 1
branches 2
in sector rural 1
in sector institution 1
in sector soe 1
women 2 50.0%
ethnic minorities 1 25.0%
college or above 2 50.0%
age
<=30 1 25.0%
31-35 1 25.0%
36-40 0 0.0%
41-45 0 0.0%
46-50 0 0.0%
51-55 0 0.0%
56-60 0 0.0%
>=61 2 50.0%
joined
before_1949-10 0 0.0%
1949-10_to_1978-12 1 25.0%
1978-12_to_2012-11 1 25.0%
since_2012-11 2 50.0%
occupation
workers 1 25.0%
farmers_herders_fishers 1 25.0%
professionals 0 0.0%
managers 0 0.0%
party_and_government_staff 0 0.0%
students 1 25.0%
other 0 0.0%
retired 1 25.0%
new members
women 1 100.0%
ethnic minorities 0 0.0%
aged 35 or under 1 100.0%
college or above 1 100.0%
workers 0 0.0%
farmers_herders_fishers 0 0.0%
professionals 0 0.0%
managers 0 0.0%
party_and_government_staff 0 0.0%
students 1 100.0%
other 0 0.0%
applicants (not yet admitted) 2
activists and targets 1
50-year medals due 1

By organization (members, new, women, minorities, college, grassroots orgs):
(direct) 0 0 0 0 0 0
C1 市委 3 1 2 1 2 2
G1 总支 1 0 0 0 0 1
EOF
)"

# oracle CODE AS_OF GROUP [WHERE]: the members (probationary or full) of the
# subtree of CODE counted by sqlite3 per value of GROUP, one "value|count"
# line per group, sorted. Columns: sex (male/female), age (years at AS_OF),
# band (its age band), sector (of the person's organization), edu
# (college_or_above or below_college).
oracle() {
  sql "WITH RECURSIVE sub(id) AS (SELECT id FROM orgs WHERE code = '$1'
         UNION ALL SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id),
       m AS (SELECT CASE p.sex WHEN 1 THEN 'male' WHEN 2 THEN 'female' END AS sex, o.sector,
               CASE WHEN p.education BETWEEN 10 AND 39 THEN 'college_or_above' ELSE 'below_college' END AS edu,
               CAST(strftime('%Y', '$2') AS INT) - CAST(strftime('%Y', p.birth_date) AS INT)
                 - (strftime('%m-%d', '$2') < strftime('%m-%d', p.birth_date)) AS age
             FROM persons p JOIN orgs o ON o.id = p.org_id
             WHERE p.org_id IN sub AND p.status IN ('probationary', 'full')),
       mb AS (SELECT *, CASE WHEN age <= 30 THEN '<=30' WHEN age >= 61 THEN '>=61'
               ELSE (31 + (age - 31) / 5 * 5) || '-' || (35 + (age - 31) / 5 * 5) END AS band FROM m)
     SELECT $3 || '|' || count(*) FROM mb WHERE ${4:-1} GROUP BY $3" | sort
}
# cells DIMS: the cells of a roll-up (JSON on stdin) as "value|...|count", sorted
cells() { jq -r --arg d "$1" '($d | split(",")) as $k | .cells[] | ([$k[] as $x | .[$x]] + [.count] | map(tostring) | join("|"))' | sort; }

ok "rollup by sex" --format json report rollup --org C1 --by sex --as-of 2025-12-31
eq "rollup total" "$(jq .total <<<"$OUT")" 3
eq "rollup cells equal sqlite3's" "$(cells sex <<<"$OUT")" "$(oracle C1 2025-12-31 sex)"
eq "rollup cells by hand" "$(jq -c .cells <<<"$OUT")" '[{"sex":"male","count":1},{"sex":"female","count":2}]'

ok "rollup two dims with filter" --format json report rollup --org P1 --by sector,education --filter sex=male
eq "male members" "$(jq .total <<<"$OUT")" 2
eq "filtered cells equal sqlite3's" "$(cells sector,education <<<"$OUT")" \
  "$(oracle P1 "$ORGWORK_TODAY" "sector || '|' || edu" "sex = 'male'")"
eq "male: one rural, one institution, both below college" "$(jq -c '[.cells[] | [.sector, .education, .count]]' <<<"$OUT")" \
  '[["rural","below_college",1],["institution","below_college",1]]'

ok "as of 1990: the deceased member counts" --format json report rollup --org P1 --by status --as-of 1990-01-01
eq "as of 1990: 王二, 赵四 and 周七, full members" "$(jq -c '[.total, .cells]' <<<"$OUT")" '[3,[{"status":"full","count":3}]]'

ok "children by age band" --format json report children --org C1 --by age_band
eq "two children" "$(jq -c '[.children[].org.code]' <<<"$OUT")" '["B1","B2"]'
eq "B1 cells equal sqlite3's" "$(jq '.children[0].rollup' <<<"$OUT" | cells age_band)" "$(oracle B1 "$ORGWORK_TODAY" band)"
eq "B2 cells equal sqlite3's" "$(jq '.children[1].rollup' <<<"$OUT" | cells age_band)" "$(oracle B2 "$ORGWORK_TODAY" band)"
eq "total cells equal sqlite3's" "$(jq '.total' <<<"$OUT" | cells age_band)" "$(oracle C1 "$ORGWORK_TODAY" band)"
eq "no direct members of C1" "$(jq -c '[.own.total, .own.cells]' <<<"$OUT")" '[0,[]]'

ok "rollup text" report rollup --org P1 --by age_band,sex
eq "text roll-up: every cell" "$(norm "$OUT")" "$(cat <<'EOF'
P1 省委 as of 2026-11-25, by age_band x sex: total 4
male female total
<=30 0 1 1
36-40 0 1 1
>=61 2 0 2
EOF
)"
ow --format json report rollup --org P1 --by age_band,sex
eq "the same cells from sqlite3" "$(cells age_band,sex <<<"$OUT")" "$(oracle P1 "$ORGWORK_TODAY" "band || '|' || sex")"
ok "children text" report children --org C1 --by age_band
eq "text children: every cell" "$(norm "$OUT")" "$(cat <<'EOF'
C1 市委 as of 2026-11-25, children by age_band
<=30 36-40 >=61 total
(direct members) 0 0 0 0
B1 一支部 0 1 1 2
B2 二支部 1 0 0 1
total 1 1 1 3
EOF
)"

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

# a write reaches the next report; the bulletin of a past year keeps the
# tree of its year-end (the move is dated today)
ok "move G1 under C1" org move G1 --to C1
ok "children after move" --format json report bulletin --org C1 --year 2026
eq "C1 members after move" "$(jq .members <<<"$OUT")" 4
ok "2025 bulletin after move" --format json report bulletin --org C1 --year 2025
eq "C1 members of 2025 are those before the move" "$(jq .members <<<"$OUT")" 3

# Text tables are laid out in display columns: a Chinese character takes two
# and is never cut in half, and a column header is never cut short.
ok "children by status, text" report children --org C1 --by status
has "a column header is never cut" "$OUT" " probationary"
ok "a long Chinese name" org rename B1 --name 中共某某省某某市某某区某某街道某某社区第一党支部委员会
ok "children text with the long name" report children --org C1 --by status
widths() { python3 -c '
import sys, unicodedata
for l in sys.stdin.buffer.read().decode("utf-8").splitlines()[1:]:
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l))' <<<"$1" | sort -u | tr '\n' ' '; }
iconv -f UTF-8 -t UTF-8 <<<"$OUT" >/dev/null 2>&1 && pass "text report is valid UTF-8" || fail "text report is valid UTF-8" "$OUT"
eq "every line of the table has the same display width" "$(widths "$OUT" | wc -w)" 1
has "the long name is cut after a whole character" "$OUT" "B1 中共某某省某某市某某区某某街 "
ok "bulletin text with the long name" report bulletin --org C1 --year 2025
iconv -f UTF-8 -t UTF-8 <<<"$OUT" >/dev/null 2>&1 && pass "bulletin text is valid UTF-8" || fail "bulletin text is valid UTF-8" "$OUT"
