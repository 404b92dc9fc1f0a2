#!/usr/bin/env bash
# t0300-gen.sh - 'orgwork gen' on the division fixture: determinism, valid
# records, marginals of the bulletin, organization kinds, errors.
source "$(dirname "$0")/lib.sh"
DIV="$FIX/divisions"
N=20000
Y=2023
gen() { "$ORGWORK" gen --divisions "$DIV" "$@" >"$T/out" 2>"$T/err"; RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err"); }
# export DB FILE: every person of DB with clear identifiers (the ID number and
# the phone are sealed at rest: the columns id_number and phone are NULL, and
# the sealed values differ between databases made with different keys).
export_all() {
  local root
  root=$(sqlite3 "$1" "SELECT code FROM orgs WHERE parent_id IS NULL")
  "$ORGWORK" --db "$1" export --org "$root" --out "$2" >/dev/null 2>"$T/export.err" ||
    fail "export of $1" "$(cat "$T/export.err")"
}
# digest DB: the records of the organizations and the persons, identifiers
# included (through the export, which writes them in clear).
digest() {
  export_all "$1" "$T/digest.csv"
  { sqlite3 "$1" "SELECT id, code, name, kind, sector, division, level, parent_id, established, purpose, end_date, label, term_start, term_years FROM orgs ORDER BY id;
                  SELECT id, name, sex, birth_date, ethnicity, education, occupation, org_id, status, flags, applied, activist, target, admitted, full_date FROM persons ORDER BY id;"
    echo "export: $(($(wc -l < "$T/digest.csv") - 1)) rows"
    cat "$T/digest.csv"; } | md5sum | cut -d' ' -f1
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
# The identifiers, read back in clear through the export (one row per
# person: name, sex, ID number, birth date, ..., phone, address, organization
# code, ...) into a scratch table x; g is the generated database.
export_all "$DB" "$T/pii.csv"
sqlite3 "$T/pii.db" "CREATE TABLE x(name, sex, id_number, birth_date, ethnicity, education, occupation, phone, address, org, status, applied, activist, target, admitted, full_date, exited, note)" \
  ".import --csv --skip 1 $T/pii.csv x"
px() { sqlite3 "$T/pii.db" "ATTACH '$DB' AS g" "$1"; }
eq "every person exported with identifiers" "$(px "SELECT count(*) FROM x WHERE id_number <> '' AND phone <> ''")" "$(sql "SELECT count(*) FROM persons")"
eq "the export is the database's persons" \
  "$(px "SELECT count(*) FROM (SELECT name, birth_date, org FROM x EXCEPT SELECT p.name, p.birth_date, o.code FROM g.persons p JOIN g.orgs o ON o.id = p.org_id)")" 0
eq "ID numbers: 18 characters" "$(px "SELECT count(*) FROM x WHERE length(id_number) <> 18")" 0
eq "ID numbers unique" "$(px "SELECT count(DISTINCT id_number) FROM x")" "$(sql "SELECT count(*) FROM persons")"
# the region of an ID number is a county of the province of the member's
# organization (but for the few members the generator transferred elsewhere)
moved="x.name || '|' || x.birth_date NOT IN (SELECT p.name || '|' || p.birth_date FROM g.persons p JOIN g.transfers t ON t.person_id = p.id AND t.status = 'received')"
eq "ID numbers of the organization's province" "$(px "WITH RECURSIVE up(org, cur) AS (
      SELECT id, id FROM g.orgs
      UNION ALL SELECT up.org, o.parent_id FROM up JOIN g.orgs o ON o.id = up.cur WHERE o.level <> 3 AND o.parent_id IS NOT NULL),
    prov AS (SELECT up.org, o.code FROM up JOIN g.orgs o ON o.id = up.cur WHERE o.level = 3)
  SELECT count(*) FROM x JOIN g.orgs m ON m.code = x.org JOIN prov ON prov.org = m.id WHERE substr(x.id_number, 1, 2) <> prov.code AND $moved")" 0
eq "ID numbers unique by the stored blind index too" "$(sql "SELECT count(DISTINCT id_bidx) FROM persons")" "$(sql "SELECT count(*) FROM persons")"
# GB 11643 check character of every number, computed here
w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2); wsum=0
for i in "${!w[@]}"; do wsum+=" + substr(id_number, $((i + 1)), 1) * ${w[$i]}"; done
eq "ID numbers: 17 digits and the right check character" \
  "$(px "SELECT count(*) FROM x WHERE substr(id_number, 1, 17) GLOB '*[^0-9]*' OR substr('10X98765432', ($wsum) % 11 + 1, 1) <> substr(id_number, 18, 1)")" 0
bad=0; checked=0
for id in $(px "SELECT id_number FROM x ORDER BY id_number LIMIT 15; SELECT id_number FROM x ORDER BY id_number DESC LIMIT 15"); do
  checked=$((checked + 1))
  "$ORGWORK" idcard check "$id" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "    invalid: $id"; }
done
eq "30 sampled ID numbers pass 'idcard check'" "$checked $bad" "30 0"
eq "ID number agrees with birth date" "$(px "SELECT count(*) FROM x WHERE substr(id_number,7,8) <> replace(birth_date,'-','')")" 0
eq "ID number agrees with sex" "$(px "SELECT count(*) FROM x WHERE CAST(substr(id_number,17,1) AS INT) % 2 <> (sex = '男')")" 0
# the region of the ID is the county of the organization: the division of
# the nearest organization up the tree that has a county (6-digit) code
county="WITH RECURSIVE w(id, cur) AS (SELECT id, id FROM g.orgs UNION ALL
            SELECT w.id, o.parent_id FROM w JOIN g.orgs o ON o.id = w.cur
            WHERE coalesce(length(o.division), 0) < 6 AND o.parent_id IS NOT NULL),
          county(id, div) AS (SELECT w.id, o.division FROM w JOIN g.orgs o ON o.id = w.cur WHERE length(o.division) >= 6)"
IFS='|' read -r in_county off_county <<<"$(px "$county SELECT count(*), sum(substr(c.div,1,6) <> substr(x.id_number,1,6)) FROM x JOIN g.orgs o ON o.code = x.org JOIN county c ON c.id = o.id WHERE $moved")"
eq "ID region is the county of the organization" "$off_county" 0
eq "the generator made transfers received, returned and in transit" \
  "$(sql "SELECT group_concat(status) FROM (SELECT DISTINCT status FROM transfers ORDER BY status)")" "in_transit,received,returned"
[ "$in_county" -gt $((N / 2)) ] && pass "most people ($in_county) belong to a county" || fail "most people belong to a county" "$in_county"
eq "phones are mobile numbers" "$(px "SELECT count(*) FROM x WHERE phone NOT GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'")" 0
eq "phones vary" "$([ "$(px "SELECT count(DISTINCT phone) FROM x")" -gt $((N * 9 / 10)) ] && echo yes)" "yes"
eq "key dates in order" "$(sql "SELECT count(*) FROM persons WHERE applied > activist OR activist > target OR target > admitted OR admitted > full_date")" 0
eq "no date after the reference date" "$(sql "SELECT count(*) FROM persons WHERE max(coalesce(applied,''), coalesce(activist,''), coalesce(target,''), coalesce(admitted,''), coalesce(full_date,''), birth_date) > '$Y-12-31'")" 0
eq "applicants at least 18" "$(sql "SELECT count(*) FROM persons WHERE date(birth_date, '+18 years') > coalesce(applied, admitted)")" 0
eq "status has its key date" "$(sql "SELECT count(*) FROM persons WHERE (status='applicant' AND applied IS NULL) OR (status='activist' AND activist IS NULL) OR (status='target' AND target IS NULL) OR (status IN ('probationary','full') AND admitted IS NULL) OR (status='full' AND full_date IS NULL)")" 0
eq "people belong to branches" "$(sql "SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id WHERE o.kind <> 'branch'")" 0
eq "names and pinyin filled" "$(sql "SELECT count(*) FROM persons WHERE name = '' OR pinyin = '' OR initials = '' OR length(sort_key) = 0")" 0

# every figure of the bulletin, as `report bulletin` counts it (0.5 pp)
out=$("$ORGWORK_TOP/tools/check-gen-marginals" --db "$DB" --year $Y --tolerance 0.5); rc=$?
if [ $rc -eq 0 ]; then pass "marginals within 0.5 pp"; else fail "marginals within 0.5 pp" "$(grep -E 'OVER|figures' <<<"$out")"; fi
nfig=$(sed -n 's/^0 of \([0-9]*\) figures over 0.50 pp.*$/\1/p' <<<"$out")
[ "${nfig:-0}" -ge 50 ] && pass "every figure compared ($nfig)" || fail "every figure compared" "$(tail -1 <<<"$out")"

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
within "$pc" 5.76 0.5 && pass "committee share $pc% ~ 5.76%" || fail "committee share $pc% ~ 5.76%"
within "$pg" 6.28 0.5 && pass "general branch share $pg% ~ 6.28%" || fail "general branch share $pg% ~ 6.28%"
within "$pb" 87.98 0.5 && pass "branch share $pb% ~ 87.98%" || fail "branch share $pb% ~ 87.98%"
within "$total" "$(awk -v n=$N 'BEGIN { print n * 517.6 / 9918.5 }')" "$(awk -v n=$N 'BEGIN { print n * 517.6 / 9918.5 / 100 }')" && pass "grassroots organizations $total ~ N x 517.6/9918.5 (1 %)" || fail "grassroots organizations $total ~ N x 517.6/9918.5 (1 %)"
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
