#!/usr/bin/env bash
# t0410-snapshot-stale.sh - a statistics snapshot records the database's
# change counter: reports read it only while the database is unchanged, and
# a write makes them refuse it (never a stale answer); writing it again
# makes it usable again.
source "$(dirname "$0")/lib.sh"
ok "init" init
ok "committee" org add --code C --name 党委 --kind committee --established 2000-01-01
ok "branch" org add --code B --name 支部 --kind branch --parent C --established 2000-01-01
ok "member" member add --name 张三 --sex 男 --ethnicity 01 --education 21 --occupation workers --birth-date 1980-01-01 --org B --status full --admitted 2005-01-01
ok "snapshot" report snapshot --out "$T/s.snap"
ok "report from the fresh snapshot" --format json report bulletin --org C --year 2025 --snapshot "$T/s.snap"
eq "it counts the member" "$(jq .members <<<"$OUT")" "1"
ok "another member" member add --name 李四 --sex 女 --ethnicity 01 --education 21 --occupation workers --birth-date 1981-01-01 --org B --status full --admitted 2006-01-01
fails "the snapshot is refused after a write" 1 report bulletin --org C --year 2025 --snapshot "$T/s.snap"
has "the refusal says why and what to do" "$ERR" "does not match the database"
ok "without the snapshot the report counts both" --format json report bulletin --org C --year 2025
eq "two members" "$(jq .members <<<"$OUT")" "2"
ok "snapshot written again" report snapshot --out "$T/s.snap"
ok "usable again" --format json report bulletin --org C --year 2025 --snapshot "$T/s.snap"
eq "and counts both" "$(jq .members <<<"$OUT")" "2"
