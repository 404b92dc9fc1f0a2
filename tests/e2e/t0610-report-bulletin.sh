#!/usr/bin/env bash
# t0610-report-bulletin.sh - a population generated from the end-2023
# profile (100,000 members on the division fixture) reproduces the published
# bulletin's marginals (shares of the members: women, minorities, college,
# age bands, joining periods, occupations) within 0.5 percentage points as
# reported by 'orgwork report bulletin'; the same report as CSV and XLSX
# (one row per organization, Chinese headers) agrees with the JSON.
source "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$FIX/import/lsan-xlsxwriter.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

rm -f "$DB"
"$ORGWORK" gen --divisions "$FIX/divisions" --members 100000 --seed 7 "$DB" >"$T/gen.out" 2>&1
eq "gen 100k members" "$?" "0"
ow --format json report bulletin --year 2023
eq "report bulletin --year 2023" "$RC" "0"
echo "$OUT" > "$T/b.json"
eq "100,000 members counted" "$(jq .members "$T/b.json")" "100000"

# share (percent of members) of every marginal, generated vs published
jq -n --slurpfile g "$T/b.json" --slurpfile p "$ORGWORK_TOP/data/bulletins.json" '
  ($g[0]) as $g | ($p[0]["2023"]) as $p |
  def share($x; $k): ($k | reduce .[] as $s ($x; .[$s])) / $x.members * 100;
  [ ["women"], ["ethnic_minorities"], ["college_or_above"],
    (($p.age | keys[]) | ["age", .]),
    (($p.joined | keys[]) | ["joined", .]),
    (($p.occupation | keys[]) | ["occupation", .]) ]
  | map({key: join("."), gen: share($g; .), pub: share($p; .)} | .diff = ((.gen - .pub) | fabs))
' > "$T/shares.json"
eq "marginals compared" "$(jq length "$T/shares.json")" "23"
off=$(jq -r '.[] | select(.diff > 0.5) | "\(.key): generated \(.gen*100|round/100)% published \(.pub*100|round/100)%"' "$T/shares.json")
eq "every marginal within 0.5 percentage points" "$off" ""
echo "# largest difference: $(jq -r 'max_by(.diff) | "\(.key) \(.diff*1000|round/1000) pp"' "$T/shares.json")"

# ---- CSV and XLSX of the same report ----
ok "report bulletin --format csv" report bulletin --year 2023 --format csv --out "$T/b.csv"
head -c 3 "$T/b.csv" | od -An -tx1 | grep -q 'ef bb bf' && pass "CSV starts with a BOM" || fail "CSV starts with a BOM"
hdr=$(head -1 "$T/b.csv" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')
has "Chinese headers" "$hdr" "党组织代码,党组织名称,党员总数,年内发展党员,女党员"
eq "one row per organization: the root and each child" "$(($(wc -l < "$T/b.csv") - 1))" "$((1 + $(jq '.children | length' "$T/b.json")))"
# table_rows CODE NAME < BULLETIN.json: the rows the table of that bulletin
# must have, computed from the JSON: the organization itself (CODE, NAME),
# then each child; the figures in the order of the headers
table_rows() {
  jq -r --arg code "$1" --arg name "$2" '
    def figs: . as $b | [$b.members, $b.new_members_in_year, $b.women, $b.ethnic_minorities, $b.college_or_above]
      + (["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61"] | map($b.age[.]))
      + (["before_1949-10", "1949-10_to_1978-12", "1978-12_to_2012-11", "since_2012-11"] | map($b.joined[.]))
      + (["workers", "farmers_herders_fishers", "professionals", "managers", "party_and_government_staff",
          "students", "other", "retired"] | map($b.occupation[.]))
      + [$b.applicants, $b.activists] + ($b.grassroots_organizations | [.total, .committees, .general_branches, .branches])
      + [$b.medals_glory_50_years_due];
    ([$code, $name] + figs), (.children[] | [.org.code, .org.name] + figs) | map(tostring) | join(",")'
}
eq "every CSV row and figure agrees with the JSON" "$(tail -n +2 "$T/b.csv" | tr -d '\r')" "$(table_rows "" 全部党组织 < "$T/b.json")"
ok "CSV to stdout without --out" report bulletin --year 2023 --format csv
cmp -s "$T/out" "$T/b.csv" && pass "stdout CSV is the same as the file" || fail "stdout CSV is the same as the file"

root=$(jq -r .children[0].org.code "$T/b.json")
ok "report bulletin of a child as XLSX" report bulletin --year 2023 --org "$root" --format xlsx --out "$T/b.xlsx"
xlsx_rows "$T/b.xlsx" > "$T/bx.csv"
eq "XLSX has the CSV's headers" "$(head -1 "$T/bx.csv")" "$hdr"
ow --format json report bulletin --year 2023 --org "$root"
eq "every XLSX row and figure agrees with the JSON of the same organization" "$(tail -n +2 "$T/bx.csv")" \
  "$(table_rows "$root" "$(jq -r .org.name <<<"$OUT")" <<<"$OUT")"
eq "and its first row with the child's row of the whole bulletin" "$(sed -n 2p "$T/bx.csv")" "$(sed -n 3p "$T/b.csv" | tr -d '\r')"

fails "xlsx needs --out" 2 report bulletin --format xlsx
fails "csv is for bulletin only" 2 report rollup --by sex --format csv
fails "unknown file format" 2 report bulletin --format pdf
