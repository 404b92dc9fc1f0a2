#!/usr/bin/env bash
# t0931-calendar-import.sh - `orgwork calendar import`: the installation's
# own dates change the answers (a local holiday in a shipped year; a later
# import superseding an earlier one), importing any date of a year covers
# that year, each date is audited with the file and actor, an import is all
# or nothing, and every refusal names the line and the field.
source "$(dirname "$0")/lib.sh"
ok "init" init

fails "2027 is not covered yet" 2 calendar workdays 2027-01-04 2027-01-08
fails "nor are days running into it" 2 calendar add-workdays 2026-12-30 5

# a year covered by importing its dates (header, blank line and CRLF allowed)
printf 'date,kind\r\n2027-01-01,holiday\r\n\r\n2027-02-06, holiday\r\n2027-02-07,workday \r\n' > "$T/cal-2027.csv"
ok "import 2027" calendar import "$T/cal-2027.csv"
eq "prints the count" "$OUT" "imported 3 dates from cal-2027.csv"
ok "2027 now covered" calendar workdays 2027-01-01 2027-01-08
eq "1 Jan 2027 (a Friday) is a holiday: 4-8 Jan" "$OUT" 5
ok "a Sunday listed as a working day" calendar workdays 2027-02-07 2027-02-07
eq "2027-02-07 worked" "$OUT" 1
ok "add-workdays across into 2027" calendar add-workdays 2026-12-30 5
eq "30, 31 Dec; 4, 5, 6 Jan" "$OUT" 2027-01-06
ok "list 2027" --format json calendar list --year 2027
eq "the installation's dates with their file" \
  "$(jq -c '[.items[]|[.date,.kind,.source,.installed]]' <<<"$OUT")" \
  '[["2027-01-01","holiday","cal-2027.csv",true],["2027-02-06","holiday","cal-2027.csv",true],["2027-02-07","workday","cal-2027.csv",true]]'
fails "2028 still not covered" 2 calendar workdays 2027-12-31 2028-01-03

# the import changes an answer in a shipped year, and a later import supersedes it
ok "before" calendar workdays 2024-02-01 2024-02-29
eq "February 2024: 18" "$OUT" 18
printf '2024-02-19,holiday\n' > "$T/local.csv"
ok "a local holiday" calendar import "$T/local.csv"
ok "after" calendar workdays 2024-02-01 2024-02-29
eq "February 2024 with 19 Feb off: 17" "$OUT" 17
ok "add-workdays after the holiday" calendar add-workdays 2024-02-10 2
eq "18 Feb, then 20 Feb" "$OUT" 2024-02-20
printf 'date,kind\n2024-02-19,workday\n2024-02-18,holiday\n' > "$T/local2.csv"
ok "a later import" calendar import "$T/local2.csv"
ok "answer with the later rows" calendar workdays 2024-02-01 2024-02-29
eq "19 Feb worked again, 18 Feb (shipped: worked) now off: 17" "$OUT" 17
ok "list 2024 shows the installation's date over the notice's" --format json calendar list --year 2024
eq "2024-02-18" "$(jq -c '.items[]|select(.date=="2024-02-18")|[.kind,.installed,.source]' <<<"$OUT")" '["holiday",true,"local2.csv"]'

# audited: one row per date, with the file and the actor
ok "audit" audit show --limit 50
eq "six dates, six audit rows" "$(awk -F'\t' '$4=="calendar.import"' <<<"$OUT" | wc -l)" 6
has "a row holds the date, kind, file and actor" "$OUT" \
  "{\"date\":\"2024-02-19\",\"kind\":\"holiday\",\"source\":\"local.csv\",\"actor\":\"cli:$(id -un)\"}"
eq "rows kept, never changed" "$(sql 'select count(*) from calendar_days')" 6
ok "the database checks clean" check

# refusals name the line and field; nothing is written
n0=$(sql 'select count(*) from calendar_days')
bad() {   # DESC CONTENT EXPECTED-ERROR
  printf "$2" > "$T/bad.csv"
  fails "$1" 1 calendar import "$T/bad.csv"
  has "$1: the error" "$ERR" "$3"
}
bad "a bad date" 'date,kind\n2028-01-01,holiday\n2028-02-30,holiday\n' "line 3, field date: not a date YYYY-MM-DD"
bad "a bad kind" '2028-01-01,Holiday\n' "line 1, field kind: kind is holiday or workday"
bad "three fields" '2028-01-01,holiday,x\n' "line 1, field kind: a line holds two fields"
bad "one field" '2028-01-01\n' "line 1, field kind: a line holds two fields"
bad "a date twice" '2028-01-01,holiday\n2028-01-02,workday\n2028-01-01,workday\n' \
  "line 3, field date: 2028-01-01 is listed already on line 1"
bad "no dates" 'date,kind\n\n' "invalid: file: the file lists no dates"
python3 -c 'print("\n".join("2028-01-%02d,holiday" % (1 + i % 28) for i in range(1001)))' > "$T/long.csv"
fails "over 1000 lines" 1 calendar import "$T/long.csv"
has "names the limit" "$ERR" "line 1001, field file: more than 1000 lines"
head -c 70000 /dev/zero | tr '\0' ' ' > "$T/big.csv"
fails "over 64 KiB" 1 calendar import "$T/big.csv"
has "names the file" "$ERR" "file: the file is larger than 65536 bytes"
fails "a missing file" 1 calendar import "$T/none.csv"
eq "nothing written by a refused import" "$(sql 'select count(*) from calendar_days')" "$n0"
fails "2028 not covered by the refused imports" 2 calendar list --year 2028
fails "import without a file (usage)" 2 calendar import
