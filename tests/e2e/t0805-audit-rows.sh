#!/usr/bin/env bash
# t0805-audit-rows.sh - audit verify checks that every person, organization
# and user is what its last audit row recorded: after the ordinary writes of
# the CLI and the API it passes; a person edited directly with sqlite3 (audit
# trigger dropped, then put back), a deleted organization, a user inserted
# without its trigger are each named, and the hash chain alone still holds.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ok "member edit" member edit "$PA" --name 改名甲 --phone 13900000000
ok "org rename" org rename A --name 市委甲改
ok "user disable" user disable --login member
ok "an org to delete" org add --code Z --name 临时 --kind committee --established 2000-01-01
OZ=$OUT
serve_start
login officer "$PW"
req officer PATCH "/members/$PA1" '{"name":"接口改名"}'
eq "API: member edit" "$CODE" "200"
serve_stop
ok "audit verify: the trail of ordinary writes passes" audit verify
has "audit verify: rows ok" "$OUT" "rows: ok"

# a direct edit of a person: the audit trigger set aside and put back
saved=$(sql "select sql from sqlite_master where name = 'persons_audit_update'")
sql "DROP TRIGGER persons_audit_update;
     UPDATE persons SET name = '偷改' WHERE id = $PA;
     $saved;"
ok "check: the schema was put back" check
fails "audit verify: fails" 1 audit verify
has "audit verify: names the person" "$OUT" "person/$PA: not what its last audit row"
has "audit verify: the chain itself holds" "$OUT" "audit_log: ok"
hasnt "audit verify: no other person named" "$OUT" "person/$PA1:"

# a row inserted and a row deleted without their audit rows
sql "DROP TRIGGER users_audit_insert; DROP TRIGGER orgs_audit_delete;
     INSERT INTO users(login, pwhash, role) VALUES('ghost', 'x', 'sysadmin');
     DELETE FROM orgs WHERE code = 'Z';"
ghost=$(sql "select id from users where login = 'ghost'")
fails "audit verify: fails again" 1 audit verify
has "audit verify: names the user without an audit row" "$OUT" "user/$ghost: has no audit row"
has "audit verify: names the deleted organization" "$OUT" "org/$OZ: not what its last audit row"
has "audit verify: counts them" "$OUT" "rows: 3 not what"

# the person written again through orgwork: its last audit row matches again
ok "member edit through orgwork" member edit "$PA" --name 改名乙
fails "audit verify: still fails for the others" 1 audit verify
hasnt "audit verify: the person is no longer named" "$OUT" "person/$PA:"
has "audit verify: the user still is" "$OUT" "user/$ghost:"

# a generated database (one summary row for all its rows) passes, and the
# checkpoints written while it was built go with it
G="$T/gen.db"
"$ORGWORK" gen --divisions "$FIX/divisions" --members 300 --seed 1 "$G" >/dev/null 2>&1
eq "gen exits 0" "$?" "0"
"$ORGWORK" --db "$G" audit verify >"$T/gv" 2>&1
eq "audit verify of a generated database passes" "$?" "0"
has "with its checkpoints" "$(cat "$T/gv")" "checkpoints: ok"
[ ! -e "$G.tmp.key.checkpoints" ] && pass "no checkpoints left under the build name" \
  || fail "checkpoints left under the build name"
