#!/usr/bin/env bash
# t0930-calendar-notices.sh - `orgwork calendar workdays` and `add-workdays`
# against the State Council General Office's holiday notices, every
# expected value counted by hand from the notice's text (not from the
# program's table): the 2024 Spring Festival (2月10日至17日放假调休, 2月4日
# (星期日)、2月18日(星期日)上班), 2025 Labour Day (5月1日至5日, 4月27日(周日)
# 上班), 2026 National Day and Mid-Autumn (9月25日至27日, 10月1日至7日,
# 9月20日(周日)、10月10日(周六)上班), the working days of each year
# 2020-2026, counts across year ends, add-workdays landing after a long
# holiday, the 2020 extension, list with sources, JSON, and the usage
# errors (FROM after TO, N below 1, years not covered).
source "$(dirname "$0")/lib.sh"
ok "init" init

wd() { ow calendar workdays "$1" "$2"; eq "workdays $1 $2 = $3" "$OUT" "$3"; }
aw() { ow calendar add-workdays "$1" "$2"; eq "add-workdays $1 $2 = $3" "$OUT" "$3"; }

# 2024 Spring Festival (国办发明电〔2023〕7号)
wd 2024-02-10 2024-02-17 0
wd 2024-02-04 2024-02-04 1            # Sunday, worked
wd 2024-02-18 2024-02-18 1            # Sunday, worked
wd 2024-02-03 2024-02-03 0            # plain Saturday
wd 2024-02-09 2024-02-09 1            # 除夕: a working day (rest only encouraged)
wd 2024-02-01 2024-02-29 18           # 21 weekdays - 5 + 2
aw 2024-02-03 1 2024-02-04
aw 2024-02-09 2 2024-02-18
aw 2024-02-10 1 2024-02-18
aw 2024-02-10 2 2024-02-19
aw 2024-02-08 5 2024-02-20            # 8, 9, 18, 19, 20

# 2025 Labour Day (国办发明电〔2024〕12号)
wd 2025-04-27 2025-05-05 4            # Sun 27 worked, 28-30, then five days off
wd 2025-04-01 2025-05-31 41           # April 22 - 1 (清明 4th) + 1 (27th); May 22 - 3
aw 2025-04-30 2 2025-05-06
aw 2025-05-01 1 2025-05-06

# 2026 Mid-Autumn and National Day (the notice of 2025-11-04)
wd 2026-10-01 2026-10-07 0
wd 2026-09-20 2026-10-10 11           # 20; 21-24; 28-30; 8, 9; 10
aw 2026-09-30 2 2026-10-08
aw 2026-10-01 5 2026-10-13            # 8, 9, Sat 10, 12, 13
# a publicity period of five working days started the day before the Spring Festival
aw 2026-02-13 5 2026-02-26            # Fri 13, Sat 14 worked, 24, 25, 26

# every year, 2020-2026: weekdays - holidays on weekdays + working weekend days
wd 2020-01-01 2020-12-31 249          # 262 - 19 + 6 (1 Feb 2020 not worked: 〔2020〕1号)
wd 2021-01-01 2021-12-31 250          # 261 - 18 + 7
wd 2022-01-01 2022-12-31 249          # 260 - 18 + 7
wd 2023-01-01 2023-12-31 249          # 260 - 18 + 7
wd 2024-01-01 2024-12-31 251          # 262 - 19 + 8
wd 2025-01-01 2025-12-31 248          # 261 - 18 + 5
wd 2026-01-01 2026-12-31 248          # 261 - 19 + 6
wd 2020-01-01 2026-12-31 1744

# across year ends
wd 2024-12-30 2025-01-02 3            # 30, 31; 1 Jan off; 2
wd 2025-12-29 2026-01-05 5            # 29-31; 1-3 Jan off; Sun 4 worked; 5
aw 2025-12-31 2 2026-01-04
wd 2022-12-30 2023-01-03 2
# the 2020 Spring Festival, extended: work resumed on 3 February
wd 2020-01-19 2020-01-19 1            # Sunday, worked
wd 2020-01-24 2020-02-02 0
aw 2020-01-23 2 2020-02-03

# list: the non-ordinary days of a year, each with its notice
ok "list 2024" --format json calendar list --year 2024
eq "2024 lists 28 holidays (1+8+3+5+1+3+7) and 8 working days" \
  "$(jq -r '[.items[]|.kind]|group_by(.)|map("\(.[0])=\(length)")|join(" ")' <<<"$OUT")" "holiday=28 workday=8"
eq "2024-02-18 is a working day of the 2024 notice" \
  "$(jq -r '.items[]|select(.date=="2024-02-18")|[.kind,.name,.installed]|@tsv' <<<"$OUT")" "$(printf 'workday\t春节\tfalse')"
has "the source names the notice's number" \
  "$(jq -r '.items[]|select(.date=="2024-02-10").source' <<<"$OUT")" "国办发明电〔2023〕7号"
ok "list 2022" --format json calendar list --year 2022
has "2022-12-31 is a holiday of the 2023 notice" \
  "$(jq -r '.items[]|select(.date=="2022-12-31")|"\(.kind) \(.source)"' <<<"$OUT")" "holiday 国务院办公厅关于2023年部分节假日安排的通知(国办发明电〔2022〕16号)"
ok "list 2020" --format json calendar list --year 2020
has "1 February 2020 is a holiday of the extension" \
  "$(jq -r '.items[]|select(.date=="2020-02-01")|"\(.kind) \(.source)"' <<<"$OUT")" "holiday 国务院办公厅关于延长2020年春节假期的通知(国办发明电〔2020〕1号)"
ok "list text" calendar list --year 2025
has "text list: date, kind, name" "$OUT" "2025-04-27 workday 劳动节"

# JSON
ok "workdays json" --format json calendar workdays 2024-02-01 2024-02-29
eq "{\"workdays\":N}" "$(jq -c . <<<"$OUT")" '{"workdays":18}'
ok "add-workdays json" --format json calendar add-workdays 2024-02-09 2
eq "{\"date\":...}" "$(jq -c . <<<"$OUT")" '{"date":"2024-02-18"}'

# usage errors (exit 2), never a guess
fails "FROM after TO" 2 calendar workdays 2024-02-02 2024-02-01
has "names to" "$ERR" "invalid: to: to (2024-02-01) is before from (2024-02-02)"
eq "nothing on stdout" "$OUT" ""
fails "N = 0" 2 calendar add-workdays 2024-02-01 0
has "names n" "$ERR" "n:"
fails "N negative" 2 calendar add-workdays 2024-02-01 -3
fails "N not a number" 2 calendar add-workdays 2024-02-01 five
fails "a day of 2019" 2 calendar workdays 2019-12-31 2020-01-02
has "names the year" "$ERR" "from: the calendar does not cover 2019"
fails "a day of 2027" 2 calendar workdays 2026-12-01 2027-01-04
has "names to and the year" "$ERR" "to: the calendar does not cover 2027"
fails "add-workdays from 2027" 2 calendar add-workdays 2027-01-04 1
has "names date" "$ERR" "date: the calendar does not cover 2027"
fails "add-workdays running past 2026" 2 calendar add-workdays 2026-12-30 5
has "names the last covered year" "$ERR" "after 2026"
fails "list of 2027" 2 calendar list --year 2027
fails "not a date" 2 calendar workdays 2024-02-30 2024-03-01
fails "missing argument" 2 calendar workdays 2024-02-01
fails "list without --year" 2 calendar list
