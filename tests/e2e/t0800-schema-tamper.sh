#!/usr/bin/env bash
# t0800-schema-tamper.sh - a schema changed behind orgwork's back is noticed:
# with an audit trigger dropped, check fails naming it, so do init and serve
# (serve starts only with --accept-schema-changes); a changed index and an
# added trigger are named too, and a schema put back as it was passes again.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ok "check: a database orgwork made passes" check
has "check: says it compared the schema" "$OUT" "schema"
ok "init again on it is fine" init

saved=$(sql "select sql from sqlite_master where name = 'persons_audit_update'")
sql "DROP TRIGGER persons_audit_update;"
fails "check: fails with the audit trigger dropped" 1 check
has "check: names the dropped trigger" "$ERR" "missing trigger persons_audit_update"
hasnt "check: no ok line" "$OUT" "ok:"
fails "init: fails on the tampered schema" 1 init
has "init: names the dropped trigger" "$ERR" "missing trigger persons_audit_update"
# (bounded: a server that did start would otherwise serve on)
timeout 20 "$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 >"$T/s.out" 2>"$T/s.err"
RC=$?; ERR=$(cat "$T/s.err")
eq "serve: refuses to start" "$RC" "1"
has "serve: names the dropped trigger" "$ERR" "missing trigger persons_audit_update"
has "serve: says how to serve anyway" "$ERR" "--accept-schema-changes"

# serve anyway when told so: it starts, answers and logs the difference
"$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 --accept-schema-changes \
  >"$T/acc.out" 2>"$T/acc.log" &
acc=$!
for _ in $(seq 1 100); do grep -q listening "$T/acc.out" && break; sleep 0.1; done
has "serve --accept-schema-changes starts" "$(cat "$T/acc.out")" "listening on"
kill -TERM "$acc"; wait "$acc"
has "serve --accept-schema-changes names the difference" "$(cat "$T/acc.log")" \
  "missing trigger persons_audit_update"

sql "$saved;"
ok "check: the trigger put back as it was passes" check

sql "DROP INDEX orgs_name; CREATE INDEX orgs_name ON orgs(name, code);
     CREATE TRIGGER quiet AFTER INSERT ON orgs BEGIN SELECT 1; END;"
fails "check: fails with a changed index and an extra trigger" 1 check
has "check: names the changed index" "$ERR" "changed index orgs_name"
has "check: names the extra trigger" "$ERR" "extra trigger quiet"
has "check: counts the differences" "$ERR" "2 places"
