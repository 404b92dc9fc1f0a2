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
has "report row" "$(cat "$T/report.csv")" "3,公民身份号码,"
fails "XLSX report" 1 import --report "$T/report.xlsx" "$I/members-errors.csv"
has "XLSX report is a zip" "$(head -c 2 "$T/report.xlsx")" "PK"

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
eq "indexes present after the import" "$(sql "select count(*) from sqlite_master where type = 'index' and tbl_name = 'persons'")" "3"

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
