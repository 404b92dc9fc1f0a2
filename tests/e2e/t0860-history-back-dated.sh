#!/usr/bin/env bash
# t0860-history-back-dated.sh - an organization's history stays consistent:
# a change dated before the latest version of the organization (move,
# rename, merge, dissolution) is refused naming the field "date" and the
# date of that later change, by the CLI and by the API (422, field "date");
# same-day and later changes are accepted; 'orgwork check' finds
# overlapping and inverted versions made outside orgwork.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
ok "move A1 under B on 2025-06-01" org move A1 --to B --date 2025-06-01
fails "a move of A1 dated 2024-01-01 after it is refused" 1 org move A1 --to R --date 2024-01-01
has "the error names the date of the later change" "$ERR" "a later change of A1 is dated 2025-06-01; a change must not be dated before it"
has "the error names the field" "$ERR" "date"
eq "no version was written" "$(sql "SELECT count(*) FROM org_versions WHERE org_id=$OA1")" 2
eq "no inverted version" "$(sql "SELECT count(*) FROM org_versions WHERE valid_to < valid_from")" 0
ow --format json org show A1 --as-of 2025-07-01
eq "as of 2025-07-01 A1 is under B" "$(jq -r .parent_id <<<"$OUT")" "$OB"
fails "a rename dated before the move is refused" 1 org rename A1 --name 改名 --date 2025-05-31
has "rename: the error names the later change" "$ERR" "dated 2025-06-01"
fails "a dissolution dated before the move is refused" 1 org dissolve A1 --date 2025-01-01
has "dissolve: the error names the later change" "$ERR" "dated 2025-06-01"
fails "a merge dated before the move is refused" 1 org merge A1 --into B --date 2025-01-01
has "merge: the error names the later change" "$ERR" "dated 2025-06-01"
ok "a rename on the same day is accepted" org rename A1 --name 第一支部新 --date 2025-06-01
ok "a later move is accepted" org move A1 --to A --date 2025-08-01
ok "check passes the consistent database" check

serve_start
login officer "$PW"
req officer POST "/orgs/$OA1/rename" '{"name":"再改名","date":"2025-07-01"}'
eq "API: a back-dated rename is 422" "$CODE" 422
eq "API: the field is date" "$(jq -r .error.field <<<"$BODY")" date
has "API: the message names the later change" "$(jq -r .error.message <<<"$BODY")" "dated 2025-08-01"
serve_stop

# overlapping and inverted versions made by SQL, as the defect made them
sql "INSERT INTO org_versions(org_id, valid_from, valid_to, name, parent_id, kind, state)
     SELECT $OA, '2024-01-01', NULL, name, $OR, 'committee', 'active' FROM orgs WHERE id=$OA;
     UPDATE org_versions SET valid_to='2025-01-01' WHERE org_id=$OA AND valid_from='1980-01-01';"
sql "INSERT INTO org_versions(org_id, valid_from, valid_to, name, parent_id, kind, state)
     VALUES($OB, '2025-06-01', '2024-01-01', 'x', $OR, 'committee', 'active');"
fails "check fails on overlapping versions" 1 check
has "check names the organization and both versions" "$ERR" "organization A: the version from 1980-01-01 (to 2025-01-01) overlaps the version from 2024-01-01 (to now)"
hasnt "versions that only meet do not overlap" "$ERR" "organization A1:"
has "check names an inverted version" "$ERR" "organization B: the version from 2025-06-01 ends on 2024-01-01, before it begins"
has "check says what it found" "$ERR" "overlapping or inverted organization version"
