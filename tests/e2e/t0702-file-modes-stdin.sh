#!/usr/bin/env bash
# t0702-file-modes-stdin.sh - deployment hygiene: the database, its -wal
# and -shm files and the key file are readable by their owner only, even
# under a permissive umask; --id-number - reads the ID number from
# standard input, so it never appears on a command line.
source "$(dirname "$0")/lib.sh"

umask 000
ok "init under umask 000" init
eq "database file mode" "$(stat -c %a "$DB")" "600"
eq "key file mode" "$(stat -c %a "$DB.key")" "600"
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
# a server holds the database open: its -wal and -shm files exist meanwhile
"$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 >"$T/serve.out" 2>"$T/serve.err" &
spid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
eq "-wal file mode" "$(stat -c %a "$DB-wal" 2>&1)" "600"
eq "-shm file mode" "$(stat -c %a "$DB-shm" 2>&1)" "600"
kill $spid; wait $spid 2>/dev/null
umask 022

add() { ow member add --ethnicity 01 --education 21 --occupation workers --org R --status full --admitted 1975-01-01 "$@"; }
add --name 张三 --sex 男 --id-number - <<< "110105194912310038"
eq "--id-number -: added" "$RC" "0"
ok "show" member show 1 --reveal
has "--id-number -: the ID number from standard input" "$OUT" "ID number:  110105194912310038"
printf '11010519491231002X\r\n' > "$T/id"
ow member add --ethnicity 01 --education 21 --occupation workers --org R --status full \
  --admitted 1975-01-01 --name 王五 --sex 女 --id-number - < "$T/id"
eq "--id-number -: CRLF line accepted" "$RC" "0"
ok "edit reads it too" member edit 1 --id-number - <<< "110105194912310054"
ow member show 1 --reveal
has "edit: the new ID number" "$OUT" "110105194912310054"
fails "empty standard input refused" 1 member edit 1 --id-number - < /dev/null
has "empty standard input: field named" "$ERR" "id-number"
head -c 200 /dev/zero | tr '\0' 1 > "$T/long"
fails "an over-long line refused" 1 member edit 1 --id-number - < "$T/long"
has "over-long: said" "$ERR" "too long"
fails "a bad ID number from standard input refused" 1 member edit 1 --id-number - <<< "110105194912310021"
has "bad ID: check character" "$ERR" "check character"
ow member show 1 --reveal
has "refused edits changed nothing" "$OUT" "110105194912310054"
