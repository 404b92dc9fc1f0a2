#!/usr/bin/env bash
# t0200-import.sh - 'orgwork import': CSV (UTF-8, BOM, GB18030) and XLSX
# (hand-made and LibreOffice-made) files, all-or-nothing on a bad row,
# every error reported, --dry-run, --report.
source "$(dirname "$0")/lib.sh"
I="$FIX/import"

ok "init" init
ok "organizations CSV (BOM, parent on a later row)" import "$I/orgs.csv"
has "org count printed" "$OUT" "imported 6 organizations"
eq "orgs stored" "$(sql 'select count(*) from orgs')" "6"
eq "B01 hangs under G01 (a later row)" \
  "$(sql "select p.code from orgs o join orgs p on p.id = o.parent_id where o.code = 'B01'")" "G01"
eq "temporary org keeps purpose and end date" \
  "$(sql "select purpose || ' ' || end_date from orgs where code = 'X01'")" "防汛抢险 2026-12-31"

# a file with one bad row writes nothing and names the row
fails "one bad row: exit 1" 1 import "$I/members-bad.csv"
has "bad row named with line, column and reason" "$ERR" "line 4, 公民身份号码: check character is"
eq "nothing written after a bad row" "$(sql 'select count(*) from persons')" "0"
eq "no batch recorded after a bad row" "$(sql 'select count(*) from import_batches')" "1"

# every error is reported, not only the first
fails "many errors: exit 1" 1 import --report "$T/report.csv" "$I/members-errors.csv"
has "duplicate ID in the file" "$ERR" "line 3, 公民身份号码: duplicate ID number: also on line 2"
has "missing name" "$ERR" "line 4, 姓名: required"
has "unknown ethnicity" "$ERR" "line 4, 民族: unknown value"
has "unknown organization" "$ERR" "line 4, 所在党组织: unknown organization"
has "bad date" "$ERR" "line 4, 申请入党日期: not a date"
has "rule from person_validate" "$ERR" "line 5, 申请入党日期: applicant must be at least 18"
has "error count" "$ERR" "6 invalid entries"
eq "report starts with a BOM" "$(head -c 3 "$T/report.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
has "report header" "$(head -1 "$T/report.csv")" "line,column,value,reason"
eq "report has a line per error" "$(($(wc -l < "$T/report.csv") - 1))" "6"
report='line,column,value,reason
3,公民身份号码,11010519600101013X,duplicate ID number: also on line 2
4,姓名,,required
4,民族,火星族,unknown value (see the ethnicity list on the 代码表 sheet of the template)
4,所在党组织,NOPE,unknown organization (no such code in the database or in this file)
4,申请入党日期,1990-13-01,"not a date (expected YYYY-MM-DD, e.g. 1990-01-02)"
5,申请入党日期,2020-01-01,applicant must be at least 18 years old (was 10)'
eq "report rows: line, column, value, reason of each error" "$(tail -c +4 "$T/report.csv" | tr -d '\r')" "$report"
fails "XLSX report" 1 import --report "$T/report.xlsx" "$I/members-errors.csv"
has "XLSX report is a zip" "$(head -c 2 "$T/report.xlsx")" "PK"
eq "XLSX report holds the same rows" "$(xlsx_rows "$T/report.xlsx")" "$report"

# --dry-run validates and writes nothing
ok "dry run of a good file" import --dry-run "$I/members.csv"
has "dry run says so" "$OUT" "dry run, nothing written"
eq "dry run wrote nothing" "$(sql 'select count(*) from persons')" "0"

# a good file imports completely
ok "members CSV (CRLF, quoted newline and quotes)" import "$I/members.csv"
has "member count printed" "$OUT" "5 members"
eq "all rows stored" "$(sql 'select count(*) from persons')" "5"
# Identifiers are sealed at rest: read them back through the CLI with --reveal.
pii() { "$ORGWORK" --db "$DB" --format json member show "$(sql "select id from persons where name = '$1'")" --reveal | jq -r ".$2"; }
eq "embedded newline kept" "$(pii 张三 address)" "北京市朝阳区
某街道1号"
eq "quotes kept" "$(pii 王五 address)" '广东, "某村"'
eq "birth date and sex derived from the ID" \
  "$(sql "select birth_date || ' ' || sex from persons where name = '李四'")" "1990-03-15 2"
eq "codes read from labels, short labels and codes" \
  "$(sql "select ethnicity || ' ' || education || ' ' || occupation from persons where name = '王五'")" "1 21 farmers_herders_fishers"
eq "Chinese date forms" "$(sql "select birth_date || ' ' || applied from persons where name = '曾七'")" "1985-02-20 2019-01-02"
eq "rows tagged with their batch" "$(sql 'select count(*) from persons where import_batch = 2')" "5"
eq "person without membership" "$(sql "select coalesce(status, '-') || coalesce(org_id, '-') from persons where name = '赵六'")" "--"
# the key tables of persons (person_ids, person_order) hold exactly one row
# per stored ID number and per member with an organization, with its values
keys_ok() {
  sql "select (select count(*) from person_ids) = (select count(*) from persons where id_bidx is not null)
    and (select count(*) from person_order) = (select count(*) from persons where org_id is not null)
    and not exists (select 1 from person_ids k left join persons p on p.id = k.person_id where p.id_bidx is not k.bidx)
    and not exists (select 1 from person_order k left join persons p on p.id = k.person_id
                    where p.org_id is not k.org_id or p.sort_key is not k.sort_key)"
}
eq "keys of the imported persons complete" "$(keys_ok)" "1"

# the same IDs again: already in the database
fails "re-import: exit 1" 1 import "$I/members.csv"
has "ID already stored" "$ERR" "line 2, 公民身份号码: the ID number is already in the database"
eq "still 5 rows" "$(sql 'select count(*) from persons')" "5"

# English headers, LF, blank line; GB18030
ok "English headers" import "$I/members-en.csv"
has "two members" "$OUT" "2 members"
ok "GB18030 file" import "$I/members-gb18030.csv"
has "charset detected" "$OUT" "GB18030"
eq "GB18030 names converted" "$(sql "select group_concat(name, ',') from persons where name in ('周九', '吴十')")" "周九,吴十"
eq "GB18030 address converted" "$(pii 吴十 address)" "广西某村"

# organizations: cycles, duplicates and unknown parents, all reported
fails "org cycle: exit 1" 1 import "$I/orgs-cycle.csv"
has "cycle reported" "$ERR" "parent cycle: C1 → C3 → C2 → C1"
has "unknown parent" "$ERR" "line 5, 上级组织编码: unknown parent organization"
has "duplicate code" "$ERR" "line 6, 组织编码: duplicate organization code: also on line 3"
eq "no org written" "$(sql "select count(*) from orgs where code like 'C%'")" "0"

# XLSX: instructions sheet skipped, orgs before members, rich text,
# missing cells, date serials with builtin and custom formats, text dates
ok "XLSX workbook" import "$I/book.xlsx"
has "both sheets" "$OUT" "imported 2 organizations, 2 members"
eq "rich text name without its phonetic run" "$(sql "select count(*) from persons where name = '欧阳小明'")" "1"
eq "serial dates and a text date" \
  "$(sql "select birth_date || ' ' || applied || ' ' || activist from persons where name = '欧阳小明'")" "1992-03-04 2017-01-01 2018-03-01"
eq "member of an org created by the same file" \
  "$(sql "select o.code from persons p join orgs o on o.id = p.org_id where p.name = '钱多多'")" "XG1"
eq "fractional serial is the day" "$(sql "select full_date from persons where name = '钱多多'")" "1987-07-01"
eq "phone stored as a number" "$(pii 欧阳小明 phone)" "13800001234"
fails "ID number stored as a number" 1 import "$I/numeric-id.xlsx"
has "clear message about the ID column" "$ERR" "members row 2, 公民身份号码: the ID number is stored as a number"
has "number in a date column" "$ERR" "members row 3, 申请入党日期: a number, not a date"
ok "XLSX saved by LibreOffice" import "$I/libreoffice.xlsx"
eq "LibreOffice dates" "$(sql "select birth_date || ' ' || full_date from persons where name = '郑十一'")" "1978-11-11 2001-07-01"

# file-level problems
{ head -1 "$I/members.csv"; printf '"unterminated,男\n'; } > "$T/quote.csv"
fails "unterminated quote" 1 import "$T/quote.csv"
has "unterminated quote named" "$ERR" "line 2"
printf 'foo,bar\n1,2\n' > "$T/unknown.csv"
fails "unknown header" 1 import "$T/unknown.csv"
has "header explained" "$ERR" "not a header"
fails "missing file" 1 import "$T/nope.csv"
fails "usage" 2 import

# one audit row per import, none per imported person
eq "no per-person audit rows from imports" "$(sql "select count(*) from audit_log where action = 'person.insert'")" "0"
eq "one audit row per committed import" \
  "$(sql "select count(*) from audit_log where action = 'import'")" \
  "$(sql 'select count(*) from import_batches where rows > 0')"
eq "the summary names the members file and its counts" \
  "$(sql "select json_extract(after, '\$.members') || ' ' || json_extract(after, '\$.persons_inserted') from audit_log where action = 'import' and after like '%members.csv%' and json_extract(after, '\$.members') = 5")" "5 5"
blake=$(python3 -c 'import hashlib,sys
h=bytes(32)
f=open(sys.argv[1],"rb")
while True:
    b=f.read(1<<20)
    if not b: break
    h=hashlib.blake2b(h+b,digest_size=32).digest()
print(h.hex())' "$I/members.csv")
eq "the summary carries the content digest" \
  "$(sql "select count(*) from audit_log where action = 'import' and json_extract(after, '\$.blake2b_1m_chain') = '$blake'")" "1"
eq "the import audit row's object is its batch" \
  "$(sql "select object from audit_log where action = 'import' and json_extract(after, '\$.members') = 2 and after like '%members-en.csv%'")" \
  "import/$(sql "select id from import_batches where file like '%members-en.csv'")"
ok "audit chain intact after imports" audit verify

# the bulk path (forced with --bulk): writer thread, insert triggers set
# aside for the load and put back, keys appended in key order, change
# counter bumped once
gen_members() { # gen_members FILE N FIRST_DAY_OFFSET [BAD_LINE]
  python3 - "$@" <<'PY'
import sys, datetime
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
path, n, off = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = int(sys.argv[4]) if len(sys.argv) > 4 else 0
with open(path, "w", encoding="utf-8") as f:
    f.write("姓名,公民身份号码,民族,学历,职业,手机号码,联系地址\n")
    for i in range(n):
        d = datetime.date(1960, 1, 1) + datetime.timedelta(days=off + i)
        d17 = "110105" + d.strftime("%Y%m%d") + "001"
        idn = d17 + C[sum(int(a) * w for a, w in zip(d17, W)) % 11]
        name = "测试" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳午未申酉戌亥"[(i // 10) % 12]
        if i + 2 == bad:
            idn = idn[:17] + ("0" if idn[17] != "0" else "1")
        f.write(f"{name},{idn},汉族,大学本科毕业,工人,1380000{i % 10000:04d},某路{i}号\n")
PY
}
trig() { sql "select count(*) from sqlite_master where type = 'trigger' and tbl_name = 'persons'"; }
trig0=$(trig)
keys0=$(sql "select (select count(*) from person_ids) || ' ' || (select count(*) from person_order)")
persons0=$(sql 'select count(*) from persons')
counter0=$(sql 'select n from change_counter')
audit0=$(sql 'select count(*) from audit_log')
gen_members "$T/bulk-bad.csv" 3000 0 2999
fails "bulk load with a bad row late in the file" 1 import --bulk "$T/bulk-bad.csv"
has "the late bad row is named" "$ERR" "line 2999, 公民身份号码: check character"
eq "bulk: nothing written after a late bad row" "$(sql 'select count(*) from persons')" "$persons0"
eq "bulk: triggers back after a rollback" "$(trig)" "$trig0"
eq "bulk: keys unchanged after a rollback" \
  "$(sql "select (select count(*) from person_ids) || ' ' || (select count(*) from person_order)")" "$keys0"
eq "bulk: counter unchanged after a rollback" "$(sql 'select n from change_counter')" "$counter0"
gen_members "$T/bulk.csv" 3000 0
ok "bulk load of 3000 members" import --bulk "$T/bulk.csv"
has "bulk: all rows imported" "$OUT" "3000 members"
eq "bulk: rows stored" "$(sql 'select count(*) from persons')" "$((persons0 + 3000))"
eq "bulk: rows in file order" "$(sql "select count(*) from persons a join persons b on b.id = a.id + 1 where a.import_batch = b.import_batch and a.import_batch = (select max(id) from import_batches) and a.pii is not null and a.birth_date >= b.birth_date")" "0"
eq "bulk: insert triggers put back" "$(trig)" "$trig0"
eq "bulk: keys of every new person written" "$(keys_ok)" "1"
eq "bulk: a new person found by ID number through its key" \
  "$("$ORGWORK" --db "$DB" --format json member search 110105196001020012 | jq -r '.items[0].name')" "测试乙子"
eq "bulk: change counter moved by the rows" "$(sql 'select n from change_counter')" "$((counter0 + 3000))"
eq "bulk: exactly one audit row" "$(sql 'select count(*) from audit_log')" "$((audit0 + 1))"
eq "bulk: summary with the id range" \
  "$(sql "select json_extract(after, '\$.persons_inserted') || ' ' || (json_extract(after, '\$.person_ids[1]') - json_extract(after, '\$.person_ids[0]') + 1) from audit_log order by id desc limit 1")" "3000 3000"
first=$(sql "select min(id) from persons where import_batch = (select max(id) from import_batches)")
eq "bulk: sealed identifiers read back" \
  "$("$ORGWORK" --db "$DB" --format json member show "$first" --reveal | jq -r '.phone + " " + .id_number')" "13800000000 110105196001010017"
ok "audit chain intact after a bulk import" audit verify
ok "a single member added after the bulk import" member add --name 单行 --sex 男 --birth-date 1990-01-01 --ethnicity 01 --education 21 --occupation workers
eq "a later single insert is audited by its trigger again" \
  "$(sql "select count(*) from audit_log where action <> 'import' and id > (select max(id) from audit_log where action = 'import')")" "1"
ok "a single member with a name of the bulk file" member add --name 测试甲子 --sex 女 --birth-date 1990-01-01 --ethnicity 01 --education 21 --occupation workers
eq "bulk: names shared by many rows derive the same pinyin and sort key as a single insert" \
  "$(sql "select count(distinct pinyin || '/' || initials || '/' || hex(sort_key)) || ' ' || min(pinyin) || ' ' || min(initials) from persons where name = '测试甲子'")" "1 ceshijiazi csjz"
eq "bulk: every name's derived columns agree across its rows" \
  "$(sql "select count(*) from (select name from persons group by name having count(distinct pinyin || hex(sort_key)) > 1)")" "0"
fails "bulk: the same IDs again are refused" 1 import --bulk "$T/bulk.csv"
has "bulk: stored IDs found" "$ERR" "3000 invalid entries"
