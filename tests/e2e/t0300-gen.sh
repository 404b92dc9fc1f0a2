#!/usr/bin/env bash
# t0300-gen.sh - 'orgwork gen' on the division fixture: determinism, valid
# records, marginals of the bulletin, organization kinds, errors.
source "$(dirname "$0")/lib.sh"
DIV="$FIX/divisions"
N=20000
Y=2023
gen() { "$ORGWORK" gen --divisions "$DIV" "$@" >"$T/out" 2>"$T/err"; RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err"); }
digest() {
  sqlite3 "$1" "SELECT id, code, name, kind, sector, division, level, parent_id, established, purpose, end_date, label, term_start, term_years FROM orgs ORDER BY id;
                SELECT id, name, sex, birth_date, ethnicity, education, occupation, id_number, phone, org_id, status, flags, applied, activist, target, admitted, full_date FROM persons ORDER BY id;" | md5sum | cut -d' ' -f1
}

gen --members $N --seed 1 "$DB"
eq "gen exits 0" "$RC" 0
has "summary lists organizations" "$OUT" "organizations:"
has "summary lists persons by status" "$OUT" "probationary"
[ -f "$DB" ] && [ ! -e "$DB.tmp" ] && pass "database renamed into place" || fail "database renamed into place"

gen --members $N --seed 1 "$DB"
eq "refuses an existing database" "$RC" 1
has "says to use --force" "$ERR" "--force"
gen --members $N --seed 1 --force "$T/same.db"
gen --members $N --seed 1 --force "$T/same.db"
eq "--force replaces" "$RC" 0
eq "same seed, same database" "$(digest "$T/same.db")" "$(digest "$DB")"
gen --members $N --seed 2 "$T/other.db"
[ "$(digest "$T/other.db")" != "$(digest "$DB")" ] && pass "another seed, another database" || fail "another seed, another database"

members=$(sql "SELECT count(*) FROM persons WHERE status IN ('probationary','full')")
eq "member count" "$members" "$N"
eq "ID numbers: 18 characters" "$(sql "SELECT count(*) FROM persons WHERE length(id_number) <> 18")" 0
eq "ID numbers unique" "$(sql "SELECT count(DISTINCT id_bidx) FROM persons")" "$(sql "SELECT count(*) FROM persons")"
bad=0
for id in $(sql "SELECT id_number FROM persons ORDER BY id_number LIMIT 15; SELECT id_number FROM persons ORDER BY id DESC LIMIT 15"); do
  "$ORGWORK" idcard check "$id" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "    invalid: $id"; }
done
eq "sampled ID numbers pass 'idcard check'" "$bad" 0
eq "ID number agrees with birth date" "$(sql "SELECT count(*) FROM persons WHERE substr(id_number,7,8) <> replace(birth_date,'-','')")" 0
eq "ID number agrees with sex" "$(sql "SELECT count(*) FROM persons WHERE CAST(substr(id_number,17,1) AS INT) % 2 <> (sex = 1)")" 0
eq "ID region is the county of the organization" \
  "$(sql "SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id WHERE o.division IS NOT NULL AND length(o.division) >= 6 AND substr(o.division,1,6) <> substr(p.id_number,1,6)")" 0
eq "phones are mobile numbers" "$(sql "SELECT count(*) FROM persons WHERE phone NOT GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'")" 0
eq "key dates in order" "$(sql "SELECT count(*) FROM persons WHERE applied > activist OR activist > target OR target > admitted OR admitted > full_date")" 0
eq "no date after the reference date" "$(sql "SELECT count(*) FROM persons WHERE max(coalesce(applied,''), coalesce(activist,''), coalesce(target,''), coalesce(admitted,''), coalesce(full_date,''), birth_date) > '$Y-12-31'")" 0
eq "applicants at least 18" "$(sql "SELECT count(*) FROM persons WHERE date(birth_date, '+18 years') > coalesce(applied, admitted)")" 0
eq "status has its key date" "$(sql "SELECT count(*) FROM persons WHERE (status='applicant' AND applied IS NULL) OR (status='activist' AND activist IS NULL) OR (status='target' AND target IS NULL) OR (status IN ('probationary','full') AND admitted IS NULL) OR (status='full' AND full_date IS NULL)")" 0
eq "people belong to branches" "$(sql "SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id WHERE o.kind <> 'branch'")" 0
eq "names and pinyin filled" "$(sql "SELECT count(*) FROM persons WHERE name = '' OR pinyin = '' OR initials = '' OR length(sort_key) = 0")" 0

# the marginals of the bulletin (1.0 pp at this size)
out=$("$ORGWORK_TOP/tools/check-gen-marginals" --db "$DB" --year $Y --tolerance 1.0); rc=$?
if [ $rc -eq 0 ]; then pass "marginals within 1.0 pp"; else fail "marginals within 1.0 pp" "$(grep -E 'OVER|MISSING|figures' <<<"$out")"; fi

# organizations
eq "one root" "$(sql "SELECT count(*) FROM orgs WHERE parent_id IS NULL")" 1
eq "root is the central committee" "$(sql "SELECT name || '/' || level FROM orgs WHERE parent_id IS NULL")" "中国共产党中央委员会/4"
eq "every fixture province" "$(sql "SELECT count(*) FROM orgs WHERE level = 3")" "$(($(wc -l < "$DIV/provinces.csv") - 1))"
eq "county committees are level 1" "$(sql "SELECT count(*) FROM orgs WHERE length(division) = 6 AND kind = 'committee' AND level <> 1")" 0
eq "codes unique" "$(sql "SELECT count(DISTINCT code) FROM orgs")" "$(sql "SELECT count(*) FROM orgs")"
eq "one open version per organization" "$(sql "SELECT count(*) FROM org_versions WHERE valid_to IS NULL AND state = 'active'")" "$(sql "SELECT count(*) FROM orgs")"
eq "one establish event per organization" "$(sql "SELECT count(*) FROM org_events WHERE kind = 'establish' AND actor = 'gen'")" "$(sql "SELECT count(*) FROM orgs")"
eq "children established after parents" "$(sql "SELECT count(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE c.established < p.established")" 0
eq "temporary organizations have purpose and end" "$(sql "SELECT count(*) FROM orgs WHERE kind = 'temporary' AND (purpose IS NULL OR end_date IS NULL OR end_date <= established)")" 0
[ "$(sql "SELECT count(*) FROM orgs WHERE kind = 'temporary'")" -ge 1 ] && pass "some temporary organizations" || fail "some temporary organizations"
[ "$(sql "SELECT count(*) FROM orgs WHERE kind = 'party_group' AND label LIKE '%号楼'")" -ge 1 ] && pass "grid groups with building labels" || fail "grid groups with building labels"
eq "party groups under branches" "$(sql "SELECT count(*) FROM orgs g JOIN orgs b ON b.id = g.parent_id WHERE g.kind = 'party_group' AND b.kind <> 'branch'")" 0
# grassroots committees : general branches : branches = 29.8 : 32.5 : 455.4
ratios=$(sql "SELECT round(100.0 * sum(kind IN ('committee','working_committee')) / count(*), 2), round(100.0 * sum(kind = 'general_branch') / count(*), 2), round(100.0 * sum(kind = 'branch') / count(*), 2), count(*) FROM orgs WHERE level = 0 AND kind IN ('committee','working_committee','general_branch','branch')")
IFS='|' read -r pc pg pb total <<<"$ratios"
within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(d <= t && d >= -t) }'; }
within "$pc" 5.76 1.5 && pass "committee share $pc% ~ 5.76%" || fail "committee share $pc% ~ 5.76%"
within "$pg" 6.28 1.5 && pass "general branch share $pg% ~ 6.28%" || fail "general branch share $pg% ~ 6.28%"
within "$pb" 87.98 1.5 && pass "branch share $pb% ~ 87.98%" || fail "branch share $pb% ~ 87.98%"
within "$total" "$(awk -v n=$N 'BEGIN { print n * 517.6 / 9918.5 }')" 30 && pass "grassroots organizations $total ~ N x 517.6/9918.5" || fail "grassroots organizations $total ~ N x 517.6/9918.5"
eq "every sector present" "$(sql "SELECT count(DISTINCT sector) FROM orgs WHERE level = 0 AND kind = 'branch'")" 8

# profiles
jq '."2022"' "$ORGWORK_TOP/data/bulletins.json" > "$T/p2022.json"
gen --members 2000 --seed 3 --year 2022 --profile "$T/p2022.json" "$T/y2022.db"
eq "a 2022 profile file" "$RC" 0
eq "2022 reference date" "$(sqlite3 "$T/y2022.db" "SELECT max(max(coalesce(admitted,'')), max(coalesce(applied,'')))  <= '2022-12-31' FROM persons")" 1
echo '{"women": "many"}' > "$T/bad.json"
gen --members 2000 --seed 3 --profile "$T/bad.json" "$T/bad.db"
eq "bad profile refused" "$RC" 1
has "error names the field" "$ERR" "women"
[ ! -e "$T/bad.db" ] && [ ! -e "$T/bad.db.tmp" ] && pass "nothing left behind" || fail "nothing left behind"
"$ORGWORK" gen --members 2000 --seed 3 --divisions "$T/none" "$T/x.db" >"$T/out" 2>"$T/err"; RC=$?
eq "missing division tables refused" "$RC" 1
has "error names the table" "$(cat "$T/err")" "division table"
"$ORGWORK" gen --members 10 --seed 3 "$T/x.db" >"$T/out" 2>"$T/err"; RC=$?
eq "too few members is a usage error" "$RC" 2
