#!/usr/bin/env bash
# t0700-key-check.sh - a key file from another installation never touches
# data: every command that opens the database refuses it with a message
# naming the key file, and the database file stays byte for byte the same.
# A migration run with the wrong key fails as a whole.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
ok "member with ID number, phone and address" member add --name 张三 --sex 男 --ethnicity 01 \
  --education 21 --occupation workers --id-number 110105194912310038 --phone 13812345678 \
  --address 北京市东城区 --org R --status full --admitted 1975-01-01
eq "the key check value is recorded" "$(sql 'select length(kcv) from key_check')" "32"

# another installation: its own database and key file
"$ORGWORK" --db "$T/other.db" init >/dev/null 2>&1
cp "$DB.key" "$T/own.key"
cp "$T/other.db.key" "$DB.key"
before=$(sha256sum < "$DB")

refused() {
  local d=$1; shift
  ow "$@"
  if [ "$RC" -ne 0 ]; then pass "$d: refused"; else fail "$d: refused" "exit 0" "$OUT"; fi
  has "$d: names the key file" "$ERR" "key file $DB.key belongs to another database"
}
refused "member show" member show 1 --reveal
refused "member edit" member edit 1 --name 李四
refused "member add" member add --name 王五 --sex 女 --ethnicity 01 --education 21 \
  --occupation workers --id-number 110105194912310038 --org R --status full --admitted 1975-01-01
refused "member list" member list --org R
refused "member search" member search 110105194912310038
refused "export" export --org R --out "$T/x.csv"
refused "check" check
refused "init" init
refused "org add" org add --code B --name 支部 --kind branch --parent R --established 1990-01-01
refused "audit verify" audit verify
refused "user list" user list
refused "report" report rollup --org R --by sex
printf 'name\n' > "$T/in.csv"
refused "import" import "$T/in.csv"
"$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 >"$T/serve.out" 2>"$T/serve.err" &
spid=$!
for _ in $(seq 50); do kill -0 $spid 2>/dev/null || break; sleep 0.1; done
if kill -0 $spid 2>/dev/null; then
  kill $spid; wait $spid; fail "serve: refused" "the server started"
else
  wait $spid; eq "serve: refused" "$?" "1"
fi
has "serve: names the key file" "$(cat "$T/serve.err")" "key file $DB.key belongs to another database"
[ -e "$T/x.csv" ] && fail "no export file written" || pass "no export file written"
eq "the database file is unchanged" "$(sha256sum < "$DB")" "$before"

# ORGWORK_KEY_FILE names the key file in the message too
ORGWORK_KEY_FILE="$T/other.db.key" "$ORGWORK" --db "$DB" check >/dev/null 2>"$T/err"
has "ORGWORK_KEY_FILE: named" "$(cat "$T/err")" "key file $T/other.db.key belongs to another database"

# the own key again: all there, nothing lost
cp "$T/own.key" "$DB.key"
ok "own key: show" member show 1 --reveal
has "own key: ID number kept" "$OUT" "110105194912310038"
has "own key: phone kept" "$OUT" "13812345678"
has "own key: address kept" "$OUT" "北京市东城区"
ok "own key: check" check

# the key check value gone (tampering): refused, not re-recorded
sql "delete from key_check"
before=$(sha256sum < "$DB")
fails "no key check value: refused" 1 member show 1
has "no key check value: said" "$ERR" "has no key check value"
fails "no key check value: init refuses too" 1 init
eq "no key check value: file unchanged" "$(sha256sum < "$DB")" "$before"

# a database whose migration to row-bound values is pending, opened by
# init with another database's key: the migration fails as a whole
# (migration 12 makes key_check and binds the values; later ones follow it)
sql "drop table key_check; pragma user_version = 11"
cp "$T/other.db.key" "$DB.key"
before=$(sha256sum < "$DB")
fails "pending migration with the wrong key: refused" 1 init
has "pending migration: names the key file" "$ERR" "does not open with key file $DB.key"
eq "pending migration: file unchanged" "$(sha256sum < "$DB")" "$before"
cp "$T/own.key" "$DB.key"
ok "pending migration with the own key: init" init
ok "migrated: check" check
eq "migrated: key check value recorded" "$(sql 'select length(kcv) from key_check')" "32"
