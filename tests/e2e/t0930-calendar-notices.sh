#!/usr/bin/env bash
# t0930-calendar-notices.sh - `orgwork calendar workdays` and `add-workdays`
# against the State Council General Office's holiday notices, every
# expected value counted by hand from the notice's text (not from the
# program's table): the 2024 Spring Festival (2月10日至17日放假调休, 2月4日
# (星期日)、2月18日(星期日)上班), 2025 Labour Day (5月1日至5日, 4月27日(周日)
# 上班), 2026 National Day and Mid-Autumn (9月25日至27日, 10月1日至7日,
# 9月20日(周日)、10月10日(周六)上班), the working days of each year
# 2020-2026, counts across year ends, add-workdays landing after a long
# holiday, the 2020 extension, list with sources, every year's listed days
# against the text of its notice, JSON, and the usage errors (FROM after
# TO, N below 1, years not covered).
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

# 2026 Mid-Autumn and National Day (国办发明电〔2025〕7号)
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
ok "list 2026" --format json calendar list --year 2026
eq "2026: 33 holidays and 6 working days, each of 国办发明电〔2025〕7号" \
  "$(jq -r '[.items[]|select(.source|contains("国办发明电〔2025〕7号"))|.kind]|group_by(.)|map("\(.[0])=\(length)")|join(" ")' <<<"$OUT")" \
  "holiday=33 workday=6"
ok "list text" calendar list --year 2025
has "text list: date, kind, name" "$OUT" "2025-04-27 workday 劳动节"

# every year against the text of its notice: the numbered sentences below
# are the notices' own words; each "放假" sentence gives a span of holidays,
# each "上班" sentence the working weekend days (the weekday in brackets is
# checked too), and `calendar list` must list exactly those days
cat > "$T/notices.txt" <<'N'
2020 国办发明电〔2019〕16号
一、元旦：2020年1月1日放假，共1天。
二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。
三、清明节：4月4日至6日放假调休，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。
五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。
六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。
2020 国办发明电〔2020〕1号
一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。
2021 国办发明电〔2020〕27号
一、元旦：2021年1月1日至3日放假，共3天。
二、春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。
三、清明节：4月3日至5日放假调休，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
五、端午节：6月12日至14日放假，共3天。
六、中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。
2022 国办发明电〔2021〕11号
一、元旦：2022年1月1日至3日放假，共3天。
二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
五、端午节：6月3日至5日放假，共3天。
六、中秋节：9月10日至12日放假，共3天。
七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。
2023 国办发明电〔2022〕16号
一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
2024 国办发明电〔2023〕7号
一、元旦：1月1日放假，与周末连休。
二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
五、端午节：6月10日放假，与周末连休。
六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
2025 国办发明电〔2024〕12号
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
2026 国办发明电〔2025〕7号
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
N
for y in 2020 2021 2022 2023 2024 2025 2026; do
  "$ORGWORK" --db "$DB" --format json calendar list --year $y | jq -r '.items[]|"\(.date) \(.kind) \(.source)"'
done > "$T/listed.txt"
python3 - "$T/notices.txt" "$T/listed.txt" > "$T/notices.out" <<'PY'
import datetime, re, sys
D = r'(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(]([^）)]*)[）)])?'
WD = '一二三四五六日'
want, problems = {}, []
year = number = None
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.strip()
    m = re.match(r'(\d{4}) (\S+)$', line)
    if m:
        year, number = int(m.group(1)), m.group(2)
        continue
    for sent in line.split('。'):
        y, mo, days = year, None, []
        for g in re.finditer(D, sent):
            y = int(g.group(1)) if g.group(1) else y
            mo = int(g.group(2)) if g.group(2) else mo
            d = datetime.date(y, mo, int(g.group(3)))
            w = re.search(r'(?:星期|周)([一二三四五六日])$', g.group(4) or '')
            if w and WD.index(w.group(1)) != d.weekday():
                problems.append('%s: %s is not 周%s' % (number, d, w.group(1)))
            days.append(d)
        if '延长' in sent:        # the extension: holidays up to its day, work from the next
            start = max(k for k in want if k <= days[0] and want[k][0] == 'holiday')
            d = start + datetime.timedelta(1)
            while d <= days[0]:
                want[d] = ('holiday', number); d += datetime.timedelta(1)
        elif '放假' in sent:
            a, b = days[0], days[-1]
            while a <= b:
                want[a] = ('holiday', number); a += datetime.timedelta(1)
        elif '上班' in sent:
            for d in days:
                want[d] = ('workday', number)
got = {}
for line in open(sys.argv[2], encoding='utf-8'):
    d, kind, source = line.rstrip('\n').split(' ', 2)
    got[datetime.date.fromisoformat(d)] = (kind, source)
for d in sorted(set(want) | set(got)):
    if d not in got:
        problems.append('%s %s (%s) not listed' % (d, want[d][0], want[d][1]))
    elif d not in want:
        problems.append('%s listed as %s, in no notice' % (d, got[d][0]))
    elif got[d][0] != want[d][0] or want[d][1] not in got[d][1]:
        problems.append('%s: %s of %s, listed %s of %s' % (d, want[d][0], want[d][1], *got[d]))
print(len(want))
print('\n'.join(problems))
PY
eq "each day of the notices is listed, and no other" "$(tail -n +2 "$T/notices.out")" ""
eq "the notices name 254 days (36+38+38+34+36+33+39)" "$(head -1 "$T/notices.out")" 254

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
