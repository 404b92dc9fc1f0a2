#!/usr/bin/env bash
# t0220-template.sh - 'orgwork template': the XLSX import template imports
# as it is (no rows) and, filled in, imports its rows.
source "$(dirname "$0")/lib.sh"
# libxlsxwriter 1.1.4 (Debian 12) leaks the formula string of each list
# validation; the suppression keeps ASan builds quiet about that library bug.
export LSAN_OPTIONS="suppressions=$FIX/import/lsan-xlsxwriter.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
I="$FIX/import"

ok "template" template --out "$T/t.xlsx"
ok "init" init
x() { unzip -p "$T/t.xlsx" "$1"; }
WB=$(x xl/workbook.xml)
has "instructions sheet" "$WB" 'name="说明"'
has "org sheet" "$WB" 'name="党组织"'
has "member sheet" "$WB" 'name="党员"'
has "hidden code sheet" "$WB" 'name="代码表" sheetId="4" state="hidden"'
SH=$(x xl/worksheets/sheet3.xml)
has "drop-down list fed from the code sheet" "$SH" '<formula1>代码表!$A$2:$A$5</formula1>'
has "ethnicity list" "$SH" '代码表!$B$2:$B$59'
eq "five drop-downs on the member sheet" "$(grep -o '<dataValidation ' <<<"$SH" | wc -l)" "5"
has "ID column formatted as text" "$(x xl/styles.xml)" 'formatCode="@"'
has "column explained" "$(x xl/sharedStrings.xml)" "必须是文本格式"
ok "empty template imports" import "$T/t.xlsx"
has "no rows message" "$OUT" "no rows"

# fill the template: orgs and members rows added to the sheet XML
python3 - "$T/t.xlsx" "$T/filled.xlsx" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
def row(r, cells):
    out = [f'<row r="{r}">']
    for ref, val in cells:
        out.append(f'<c r="{ref}{r}" t="inlineStr"><is><t>{val}</t></is></c>')
    return "".join(out) + "</row>"
orgs = row(2, [("A", "F01"), ("B", "填表党委"), ("C", "党委"), ("E", "机关"), ("G", "2001-02-03")]) + \
       row(3, [("A", "F02"), ("B", "填表支部"), ("C", "党支部"), ("D", "F01"), ("E", "机关"), ("G", "2005-01-01")])
mems = row(2, [("A", "填表人"), ("C", "11010519491231002X"), ("E", "汉族"), ("F", "大学本科毕业"),
               ("G", "离退休人员"), ("J", "F02"), ("K", "正式党员"), ("L", "1970-01-01"),
               ("M", "1971-01-01"), ("N", "1972-01-01"), ("O", "1972-07-01"), ("P", "1973-07-01")])
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename in ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"):
        extra = orgs if item.filename.endswith("sheet2.xml") else mems
        text = data.decode()
        i = text.index("</row>") + len("</row>")
        text = text[:i] + extra + text[i:]
        data = text.encode()
    zout.writestr(item, data)
zout.close()
PY
ok "filled template imports" import "$T/filled.xlsx"
has "rows counted" "$OUT" "imported 2 organizations, 1 members"
eq "member stored with derived birth date and sex" \
  "$(sql "select birth_date || ' ' || sex || ' ' || o.code from persons p join orgs o on o.id = p.org_id where p.name = '填表人'")" "1949-12-31 2 F02"
