#!/usr/bin/env bash
# t0010-idcard.sh - 'orgwork idcard check': verdicts, exit codes, text and
# JSON output, and that it needs no database.
source "$(dirname "$0")/lib.sh"

# Valid numbers (published test vectors).
ok "valid female vector" idcard check 11010519491231002X
eq "valid text line" "$OUT" "valid 11010519491231002X birth 1949-12-31 sex female region 110105"
ok "valid male vector 1880" idcard check 440524188001010014
eq "1880 text line" "$OUT" "valid 440524188001010014 birth 1880-01-01 sex male region 440524"
ok "valid vector with X" idcard check 34052419800101001X
eq "male from 17th digit" "$OUT" "valid 34052419800101001X birth 1980-01-01 sex male region 340524"
ok "lower-case x accepted" idcard check 11010519491231002x
eq "x upper-cased" "$OUT" "valid 11010519491231002X birth 1949-12-31 sex female region 110105"
ok "15-digit form" idcard check 110105491231002
eq "15-digit converted" "$OUT" "valid 11010519491231002X birth 1949-12-31 sex female region 110105"
ok "surrounding spaces" idcard check "  11010519491231002X "
eq "spaces trimmed" "$OUT" "valid 11010519491231002X birth 1949-12-31 sex female region 110105"

# Invalid numbers: exit 1, reason on stdout.
fails "wrong check character" 1 idcard check 110105194912310023
eq "check char reason" "$OUT" "invalid: check character is 3, expected X"
fails "impossible birth date" 1 idcard check 34052419800230001X
eq "birth date reason" "$OUT" "invalid: birth date 19800230 is not a real date"
fails "letters" 1 idcard check 1101A519491231002X
eq "letter reason" "$OUT" "invalid: character 5 is 'A', expected a digit"
fails "17 characters" 1 idcard check 11010519491231002
eq "length reason" "$OUT" "invalid: ID number has 17 characters, expected 18 (or 15 for the old form)"
fails "empty argument" 1 idcard check ""
eq "empty reason" "$OUT" "invalid: ID number is empty"
fails "unknown province" 1 idcard check 990105194912310023
eq "province reason" "$OUT" "invalid: region 990105 does not start with a province code (99 is none)"
# 2026-11-26 is after ORGWORK_TODAY=2026-11-25; 2026-11-25 itself is fine.
fails "birth in the future" 1 idcard check 11010520261126002X
eq "future reason" "$OUT" "invalid: birth date 2026-11-26 is after today (2026-11-25)"
ok "birth today" idcard check 110105202611250024
eq "birth today text" "$OUT" "valid 110105202611250024 birth 2026-11-25 sex female region 110105"
ORGWORK_TODAY=2026-11-24 ow idcard check 110105202611250024
eq "ORGWORK_TODAY honoured" "$RC" "1"

# Usage errors: exit 2, usage on stderr, nothing on stdout.
fails "no subcommand" 2 idcard
has "usage text" "$ERR" "usage: orgwork"
fails "no ID" 2 idcard check
fails "two IDs" 2 idcard check 11010519491231002X 440524188001010014
fails "unknown subcommand" 2 idcard verify 11010519491231002X
eq "usage prints nothing on stdout" "$OUT" ""
ok "help" idcard --help
has "help on stdout" "$OUT" "idcard check ID"

# JSON output: exactly one object with the documented fields.
ok "json valid" --format json idcard check 11010519491231002X
eq "json valid object" "$(jq -c . <<<"$OUT")" \
  '{"valid":true,"normalized":"11010519491231002X","birth_date":"1949-12-31","sex":"female","region":"110105","reason":null}'
eq "json is one line" "$(printf '%s\n' "$OUT" | wc -l)" "1"
ok "json 15-digit" --format=json idcard check 440524800101001
eq "json normalized 18" "$(jq -r .normalized <<<"$OUT")" "440524198001010013"
eq "json sex male" "$(jq -r .sex <<<"$OUT")" "male"
fails "json invalid" 1 --format json idcard check 110105194912310023
eq "json invalid object" "$(jq -c '[.valid,.normalized,.birth_date,.sex,.region]' <<<"$OUT")" \
  '[false,null,null,null,null]'
eq "json reason" "$(jq -r .reason <<<"$OUT")" "check character is 3, expected X"
eq "json keys" "$(jq -c 'keys_unsorted' <<<"$OUT")" \
  '["valid","normalized","birth_date","sex","region","reason"]'
fails "json usage error" 2 --format json idcard check

# No database is needed or created.
[ ! -e "$DB" ] && pass "no database created" || fail "no database created" "$DB exists"
