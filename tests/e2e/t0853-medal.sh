#!/usr/bin/env bash
# t0853-medal.sh - the "Glory in the Party for 50 Years" medal is due by
# party age counted from conversion to full membership (Party Constitution
# art. 7), not from admission: admitted 1973-06-01, full 1974-06-01, the
# medal is due in 2024, not 2023. The party age is the catalogue's rule
# (an override changes it); the figure is medals due, apart from the
# published bulletin's medals issued.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code P1 --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B1 --name 支部 --kind branch --parent P1 --established 1950-01-01
m() { ow member add --name "$1" --sex 男 --ethnicity 01 --education 21 --occupation retired \
        --birth-date 1950-01-01 --org B1 "${@:2}"; [ "$RC" -eq 0 ] || fail "member $1" "$ERR"; }
m 甲 --status full --admitted 1973-06-01 --full 1974-06-01
m 乙 --status full --admitted 1974-05-01 --full 1975-05-01
m 丙 --status deceased --admitted 1973-06-01 --full 1974-06-01 --exited 2024-03-01
due() { "$ORGWORK" --db "$DB" --format json report bulletin --org P1 --year "$1" | jq .medals_glory_50_years_due; }
eq "not due in 2023 (admitted 1973, full only in 1974)" "$(due 2023)" 0
eq "due in 2024 (full 1974-06-01; the one who died in March is not counted)" "$(due 2024)" 1
eq "due in 2025 for the one full in 1975" "$(due 2025)" 1
ow --format json report bulletin --org P1 --year 2024
eq "the old key is gone: due is not issued" "$(jq 'has("medals_glory_50_years") or has("medals_glory_50_years_issued")' <<<"$OUT")" false
ok "text" report bulletin --org P1 --year 2024
has "text says due" "$OUT" "50-year medals due"
ok "override the party age from 2024" rules set medal.glory_50.party_years 51 --from 2024-01-01 --reason "test"
eq "with 51 years nobody is due in 2024" "$(due 2024)" 0
eq "with 51 years the member full in 1974 is due in 2025" "$(due 2025)" 1
