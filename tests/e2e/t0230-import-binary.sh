#!/usr/bin/env bash
# t0230-import-binary.sh - a file that is not CSV text (NUL bytes) is
# refused with its line and nothing is written; a workbook saved under a
# .csv name is recognized by its content and read as XLSX.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "org" org add --code B1 --name 第一支部 --kind branch --established 2000-01-01
printf '姓名,性别,公民身份号码,民族,学历,职业,所在党组织,党员状态,入党日期\n张三,男,110105194912310038,汉族,大学本科毕业,工人,B1,正式党员,1975-01-01\n李\0四,男,11010519491231002X,汉族,大学本科毕业,工人,B1,正式党员,1975-01-01\n' > "$T/nul.csv"
fails "a NUL byte is refused" 1 import "$T/nul.csv"
has "the line is named" "$ERR" "line 3"
has "the reason is given" "$ERR" "NUL"
eq "nothing written" "$(sql 'select count(*) from persons')" "0"
cp "$FIX/import/book.xlsx" "$T/book.csv"
ok "a workbook named .csv is read as a workbook" import "$T/book.csv"
eq "reported as XLSX with its counts" "$OUT" "imported 2 organizations, 2 members from $T/book.csv (XLSX, batch 1)"
eq "the workbook's members stored" "$(sql "select group_concat(name, ',') from (select name from persons order by name)")" "欧阳小明,钱多多"
