#!/usr/bin/env bash
# t0210-export.sh - 'orgwork export': CSV/XLSX in the import layout, and the
# round trip into an empty database that has the organizations.
source "$(dirname "$0")/lib.sh"
I="$FIX/import"

ok "init" init
ok "orgs" import "$I/orgs.csv"
ok "members" import "$I/members.csv"
ok "more members" import "$I/members-gb18030.csv"

ok "export CSV of the subtree" export --org T01 --out "$T/all.csv"
has "count" "$OUT" "exported 6 members"
eq "BOM" "$(head -c 3 "$T/all.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
eq "Chinese header" "$(head -c 10 "$T/all.csv" | tail -c 7)" "姓名,"
# the rows of the two files imported above (赵六 has no organization), in
# pinyin order, with the values the import derived (sex and birth date from
# the ID, full ethnic and education labels, dates normalized) and the
# identifiers in clear
all_rows='姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注
李四,女,110105199003150228,1990-03-15,蒙古族,硕士研究生毕业,工人,,,B01,预备党员,2023-03-01,2024-03-01,2025-03-01,2026-01-10,,,
王五,男,440524199501010313,1995-01-01,汉族,大学本科毕业,农牧渔民,010-12345678,"广东, ""某村""",B02,入党申请人,2025-06-01,,,,,,
吴十,女,110105198202020923,1982-02-02,壮族,普通高中毕业,农牧渔民,,广西某村,B02,入党申请人,2024-02-01,,,,,,
曾七,女,110105198502200520,1985-02-20,汉族,大学专科毕业,学生,,,B02,入党积极分子,2019-01-02,2020-01-02,,,,,
张三,男,110105198005120116,1980-05-12,汉族,大学本科毕业,专业技术人员,13812345678,"北京市朝阳区
某街道1号",B01,正式党员,2000-03-01,2001-03-01,2002-03-01,2002-07-01,2003-07-01,,
周九,男,110105197505050818,1975-05-05,汉族,大学本科毕业,工人,13900001111,北京市海淀区,B01,正式党员,1995-01-01,1996-01-01,1997-01-01,1997-07-01,1998-07-01,,'
eq "every row and value of the export" "$(tail -c +4 "$T/all.csv" | tr -d '\r')" "$all_rows"
ok "export without subtree" export --org B02 --no-subtree --out "$T/b02.csv"
has "only B02" "$OUT" "exported 3 members"
# cols FILE N...: columns N (from 1) of each data row of a CSV file, joined by ","
cols() { python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]
for r in rows: print(",".join(r[int(n) - 1] for n in sys.argv[2:]))' "$@"; }
eq "B02's rows" "$(cols "$T/b02.csv" 1 10)" "王五,B02
吴十,B02
曾七,B02"
ok "export one status" export --org T01 --status 正式党员 --out "$T/full.csv"
has "full members only" "$OUT" "exported 2 members"
eq "full members' rows" "$(cols "$T/full.csv" 1 3 11)" "张三,110105198005120116,正式党员
周九,110105197505050818,正式党员"
ok "export XLSX" export --org T01 --out "$T/all.xlsx"
has "xlsx is a zip" "$(head -c 2 "$T/all.xlsx")" "PK"
ID_CELL=$(unzip -p "$T/all.xlsx" xl/worksheets/sheet1.xml | grep -o '<c r="C2"[^>]*><is><t>[^<]*</t>' | head -1)
has "ID written as a string cell" "$ID_CELL" 't="inlineStr"'
has "the first row's ID in clear" "$ID_CELL" '<t>110105199003150228</t>'
DATE_CELL=$(unzip -p "$T/all.xlsx" xl/worksheets/sheet1.xml | grep -o '<c r="D2"[^>]*><v>[0-9]*</v>' | head -1)
serial=$(python3 -c 'import datetime; print((datetime.date(1990, 3, 15) - datetime.date(1899, 12, 30)).days)')
has "birth date written as a date serial (1990-03-15)" "$DATE_CELL" "<v>$serial</v>"
has "date format present" "$(unzip -p "$T/all.xlsx" xl/styles.xml)" 'formatCode="yyyy-mm-dd"'
has "text format '@' present" "$(unzip -p "$T/all.xlsx" xl/styles.xml)" 'formatCode="@"'
fails "unknown org" 1 export --org NOPE --out "$T/x.csv"
fails "usage" 2 export --org T01

# round trip: empty database with the orgs only
DB="$T/round.db"
ok "second database" init
ok "orgs again" import "$I/orgs.csv"
ok "re-import the CSV export" import "$T/all.csv"
has "all rows back" "$OUT" "6 members"
ok "export again" export --org T01 --out "$T/again.csv"
eq "CSV round trip is identical" "$(sort "$T/again.csv" | md5sum)" "$(sort "$T/all.csv" | md5sum)"
DB="$T/round2.db"
ok "third database" init
ok "orgs once more" import "$I/orgs.csv"
ok "re-import the XLSX export" import "$T/all.xlsx"
has "all rows back from XLSX" "$OUT" "6 members"
ok "export after XLSX round trip" export --org T01 --out "$T/again2.csv"
eq "XLSX round trip is identical" "$(sort "$T/again2.csv" | md5sum)" "$(sort "$T/all.csv" | md5sum)"
