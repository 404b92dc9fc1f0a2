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
has "ID column" "$(head -1 "$T/all.csv")" "公民身份号码"
ok "export without subtree" export --org B02 --no-subtree --out "$T/b02.csv"
has "only B02" "$OUT" "exported 3 members"
ok "export one status" export --org T01 --status 正式党员 --out "$T/full.csv"
has "full members only" "$OUT" "exported 2 members"
ok "export XLSX" export --org T01 --out "$T/all.xlsx"
has "xlsx is a zip" "$(head -c 2 "$T/all.xlsx")" "PK"
ID_CELL=$(unzip -p "$T/all.xlsx" xl/worksheets/sheet1.xml | grep -o '<c r="C2"[^>]*>' | head -1)
has "ID written as a string cell" "$ID_CELL" 't="inlineStr"'
DATE_CELL=$(unzip -p "$T/all.xlsx" xl/worksheets/sheet1.xml | grep -o '<c r="D2"[^>]*><v>[0-9]*</v>' | head -1)
has "birth date written as a date serial" "$DATE_CELL" '<v>'
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
