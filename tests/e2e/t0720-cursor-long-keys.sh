#!/usr/bin/env bash
# t0720-cursor-long-keys.sh - listings and exports that end: members whose
# names have collation keys longer than a cursor once held (30 x "ﬃ" gives
# 186 bytes), several of them with equal keys, among a thousand others.
# 'orgwork export' (CSV, XLSX) and GET /export write each member exactly
# once; the API list walks every member once, one a page, and ends; a bad
# cursor is refused naming it; the row caps of export and serve end an
# export with an error and leave no file that looks complete.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

ow init
ow org add --code R --name 党委 --kind committee --established 1949-10-01; OR=$OUT
ow org add --code L --name 长名支部 --kind branch --parent R --established 1990-01-01; OL=$OUT
ow org add --code N --name 普通支部 --kind branch --parent R --established 1990-01-01
ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
[ "$RC" -eq 0 ] || fail "fixture" "$ERR"

# L: 4 x (30 x ﬃ) with equal keys, 30 x ﬄ, 29 x ﬃ + a, 30 x ﷽, 3 others;
# N: 994 members, whose names sort before those of L's first row, so
# that an export's first page of 1,000 rows ends among the equal long keys.
# Each member has its own phone number, the identity checked.
python3 - "$T/members.csv" <<'PY'
import sys
long = ["ﬃ" * 30] * 4 + ["ﬄ" * 30, "ﬃ" * 29 + "a", "﷽" * 30, "张三", "李四", "王五"]
rows = [(n, "L") for n in long] + [(chr(0x4e00 + i % 500) + chr(0x5000 + i % 700), "N")
                                   for i in range(994)]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,"
            "党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注\n")
    for i, (n, o) in enumerate(rows):
        f.write(f"{n},男,,1980-05-12,汉族,大学本科毕业,工人,139{i:08d},,{o},正式党员,,,,"
                "2002-07-01,2003-07-01,,\n")
PY
ok "import 1,004 members" import "$T/members.csv"
eq "the long names have long keys" "$(sql "select count(*) from persons where length(sort_key) > 116")" "6"
eq "the 1,000th member in list order is one of the four equal long names" \
  "$(sql "select name = '$(printf 'ﬃ%.0s' $(seq 30))' from persons order by sort_key, id limit 1 offset 999")" "1"
# phones of a CSV/XLSX export's rows (column 8), sorted
phones_csv() { python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]
print("\n".join(sorted(r[7] for r in rows)))' "$1"; }
all_phones=$(python3 -c 'print("\n".join("139%08d" % i for i in range(1004)))')

ow_t() { timeout 30 "$ORGWORK" --db "$DB" "$@" >"$T/out" 2>"$T/err"; RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err"); }
ow_t export --org R --out "$T/all.csv"
eq "CSV export of the subtree ends" "$RC" "0"
has "and counts every member" "$OUT" "exported 1004 members"
eq "CSV: every member exactly once" "$(phones_csv "$T/all.csv")" "$all_phones"
ow_t export --org R --out "$T/all.xlsx"
eq "XLSX export of the subtree ends" "$RC" "0"
xlsx_rows "$T/all.xlsx" > "$T/all-xlsx.csv"
eq "XLSX: every member exactly once" "$(phones_csv "$T/all-xlsx.csv")" "$all_phones"

# the CLI list, one a page, over the long names
ow --format json member list --org L --limit 1
pages=1; names=$(echo "$OUT" | jq -r '.items[].name')
cur=$(echo "$OUT" | jq -r '.next_cursor // empty')
while [ -n "$cur" ] && [ $pages -lt 30 ]; do
  ow --format json member list --org L --limit 1 --cursor "$cur"
  names+=$'\n'$(echo "$OUT" | jq -r '.items[].name')
  cur=$(echo "$OUT" | jq -r '.next_cursor // empty'); pages=$((pages + 1))
done
eq "CLI list, one a page: 10 pages, then no cursor" "$pages $cur" "10 "
eq "each name as often as it was imported" "$(echo "$names" | sort | uniq -c | awk '{print $1}' | sort | tr '\n' ' ')" "1 1 1 1 1 1 4 "

# caps of the CLI export
ow_t export --org R --max-rows 1003 --out "$T/capped.csv"
eq "over --max-rows: the export fails" "$RC" "1"
has "and says why" "$ERR" "more than 1003 members match"
[ -e "$T/capped.csv" ] && fail "no file left behind" || pass "no file left behind"
ow_t export --org R --max-rows 1004 --format xlsx --out "$T/capped.xlsx"
eq "at the cap exactly: exported" "$RC" "0"
ow_t export --org R --max-rows 0 --out "$T/nocap.csv"
has "--max-rows 0 lifts the cap" "$OUT" "exported 1004 members"
fails "a malformed cap is a usage error" 2 export --org R --max-rows -1 --out "$T/x.csv"
fails "--max-seconds too" 2 export --org R --max-seconds x --out "$T/x.csv"

# the API
serve_start --export-max-rows 1003
login officer "$PW"
walk() {  # walk PATH LIMIT: every page; ids in $IDS, pages in $PAGES
  local path=$1 limit=$2 c="" sep='?'
  case "$path" in *\?*) sep='&' ;; esac
  IDS=""; PAGES=0
  while :; do
    req officer GET "$path${sep}limit=$limit${c:+&cursor=$c}"
    [ "$CODE" = 200 ] || { fail "page $PAGES of $path" "$CODE $BODY"; return; }
    IDS+=$(echo "$BODY" | jq -r '.items[].id')$'\n'
    PAGES=$((PAGES + 1))
    c=$(echo "$BODY" | jq -r '.next_cursor // empty')
    [ -n "$c" ] && [ $PAGES -lt 1100 ] || break
  done
}
walk "/orgs/$OL/members" 1
eq "API list, limit=1: ten pages and the end" "$PAGES" "10"
eq "each member of L once" "$(echo "$IDS" | sed '/^$/d' | sort -n | tr '\n' ' ')" "$(sql "select id from persons where org_id = $OL order by id" | tr '\n' ' ')"
walk "/orgs/$OR/members?subtree=1" 100
eq "API list of the subtree: 11 pages" "$PAGES" "11"
eq "each of the 1,004 members once" "$(echo "$IDS" | sed '/^$/d' | sort -n | uniq | wc -l) $(echo "$IDS" | sed '/^$/d' | wc -l)" "1004 1004"
walk "/members?org=$OL" 1
eq "the search list too, limit=1: ten pages" "$PAGES $(echo "$IDS" | sed '/^$/d' | sort -u | wc -l)" "10 10"
req officer GET "/orgs/$OL/members?cursor=zz"
eq "a malformed cursor: 400" "$CODE" "400"
eq "naming cursor" "$(echo "$BODY" | jq -r .error.field)" "cursor"
req officer GET "/orgs/$OL/members?cursor=$(printf '00%.0s' $(seq 513)).1"
eq "a cursor longer than any key: 400" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 cursor"
req officer GET "/members?cursor=00.+1"
eq "a signed id in a cursor: 400" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 cursor"

req officer GET "/export?org=$OL&subtree=1&format=xlsx&reason=check"
eq "API export under the cap" "$CODE $(echo "$HDRS" | tr -d '\r' | sed -n 's/^X-Row-Count: //Ip')" "200 10"
curl -s -o "$T/api.csv" -b "$T/jar-officer" --max-time 30 -w '%{http_code}' "$U/export?org=$OR&subtree=1&format=csv&reason=check" > "$T/code"
eq "API export over --export-max-rows: 413" "$(cat "$T/code")" "413"
eq "naming max_rows" "$(jq -r .error.field "$T/api.csv")" "max_rows"
has "saying so" "$(jq -r .error.message "$T/api.csv")" "more than 1003 members match"
serve_stop
grep -q '"status":413' "$T/serve.log" && pass "the capped export is logged" || fail "the capped export is logged"
