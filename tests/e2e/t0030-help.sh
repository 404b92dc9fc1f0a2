#!/usr/bin/env bash
# t0030-help.sh - help from the command and subcommand tables, in an empty
# folder without a database: `orgwork help [CMD [SUB]]`, `orgwork CMD --help`
# and `orgwork CMD SUB --help` (or -h) print the usage on stdout and exit 0,
# `orgwork help` lists every command and subcommand, usage errors still exit
# 2 with the usage on stderr, and no database file is ever created.
source "$(dirname "$0")/lib.sh"
unset ORGWORK_DB
mkdir "$T/empty"
cd "$T/empty" || exit 1

# h DESC ARGS...: orgwork (default --db ./orgwork.db) must exit 0, nothing on stderr.
h() {
  local d=$1; shift
  "$ORGWORK" "$@" >"$T/out" 2>"$T/err"; RC=$?
  OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
  if [ "$RC" -eq 0 ] && [ -z "$ERR" ]; then pass "$d"; else fail "$d" "exit $RC" "$ERR"; fi
}
# u DESC ARGS...: a usage error: exit 2, usage on stderr, nothing on stdout.
u() {
  local d=$1; shift
  "$ORGWORK" "$@" >"$T/out" 2>"$T/err"; RC=$?
  OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
  if [ "$RC" -eq 2 ] && [ -z "$OUT" ] && grep -q '^usage: orgwork' "$T/err"; then pass "$d"
  else fail "$d" "exit $RC" "$OUT" "$ERR"; fi
}

# ---- orgwork member --help: the usage of every member subcommand ----
h "member --help" member --help
member_help=$OUT
eq "member usage starts with add" "$(head -1 <<< "$OUT")" \
  "usage: orgwork member add --name N --sex S --ethnicity E --education E"
for s in "member show ID [--reveal]" "member list --org X" "member search QUERY" \
         "member edit ID" "member timeline ID"; do
  has "member usage has $s" "$OUT" "       orgwork $s"
done
has "member usage explains statuses" "$OUT" "S (status): applicant activist"
h "member -h" member -h
eq "member -h is member --help" "$OUT" "$member_help"
h "member help" member help
eq "member help is member --help" "$OUT" "$member_help"
h "help member" help member
eq "help member is member --help" "$OUT" "$member_help"

# ---- orgwork org move --help: that subcommand's usage only ----
h "org move --help" org move --help
move_help=$OUT
eq "org move usage" "$(head -1 <<< "$OUT")" "usage: orgwork org move X --to P [--date DATE] [--ref R]"
has "org move usage explains X and P" "$OUT" "X, P, Y: organization code, or id:N for a database id."
hasnt "org move usage is not the whole org usage" "$OUT" "org add"
h "org move -h" org move -h
eq "org move -h" "$OUT" "$move_help"
h "org move X --to P --help" org move X --to P --help
eq "--help after other arguments" "$OUT" "$move_help"
h "help org move" help org move
eq "help org move" "$OUT" "$move_help"
h "org help move" org help move
eq "org help move" "$OUT" "$move_help"
h "org add --help" org add --help
eq "org add usage (4 lines and the notes)" "$(head -4 <<< "$OUT" | tail -1)" \
  "                       [--term-start DATE] [--term-years N] [--ref R]"

# ---- orgwork help report ----
h "help report" help report
report_help=$OUT
for s in "report bulletin [--org CODE|id:N]" "report rollup [--org CODE|id:N] --by DIM" \
         "report children [--org CODE|id:N] --by DIM" "report snapshot --out FILE"; do
  has "report usage has $s" "$OUT" "orgwork $s"
done
has "report usage lists dimensions" "$OUT" "dimensions: sex age_band"
h "report --help" report --help
eq "report --help is help report" "$OUT" "$report_help"
h "report children --help" report children --help
eq "report children usage" "$(head -1 <<< "$OUT")" \
  "usage: orgwork report children [--org CODE|id:N] --by DIM [--filter ...] [--as-of DATE]"
h "user add --help" user add --help
has "user add usage" "$OUT" "usage: orgwork user add --login L --role R"
h "audit show --help" audit show --help
eq "audit show usage" "$(head -1 <<< "$OUT")" "usage: orgwork audit show [--access] [--limit N]"

# ---- orgwork help: every command and every subcommand ----
h "help" help
list=$OUT
has "help shows the usage" "$OUT" "usage: orgwork [--db PATH] [--format text|json] <command> [<args>]"
for c in init org member idcard import export template check report gen serve user audit transfer version help; do
  if grep -qE "^  $c +[a-z]" <<< "$list"; then pass "help lists $c"; else fail "help lists $c" "$list"; fi
done
for s in "org add" "org show" "org tree" "org search" "org move" "org rename" "org merge" \
         "org dissolve" "org history" "member add" "member show" "member list" "member search" \
         "member edit" "member end" "member correct" "member timeline" "member step" "member steps" "report bulletin" "report rollup" "report children" \
         "report snapshot" "user add" "user list" "user passwd" "user disable" "audit verify" \
         "audit show" "rules list" "rules show" "rules set" "transfer start" "transfer receive" \
         "transfer return" "transfer list" "transfer show" "dues ledger" "dues stats"; do
  if grep -qE "^    $s +[a-z]" <<< "$list"; then pass "help lists $s"; else fail "help lists $s" "$list"; fi
done
eq "help lists 58 subcommands" "$(grep -cE '^    [a-z]+ [a-z-]+ ' <<< "$list")" "58"
h "--help" --help
eq "--help is help" "$OUT" "$list"
h "help help" help help
eq "help help is help" "$OUT" "$list"

# ---- commands without subcommands answer --help without a database too ----
for c in import export check serve init idcard template gen; do
  h "$c --help" "$c" --help
  has "$c usage" "$OUT" "usage: orgwork"
done
h "help import" help import
has "help import" "$OUT" "usage: orgwork import [--dry-run] [--report FILE] FILE"
h "check -h" check -h
eq "check usage" "$OUT" "usage: orgwork [--db PATH] check"

# ---- usage errors: exit 2, usage on stderr ----
u "org alone" org
has "org alone prints the org usage" "$ERR" "orgwork org history X"
u "unknown org subcommand" org frobnicate
has "unknown subcommand named" "$ERR" "unknown org subcommand 'frobnicate'"
u "unknown report" report pie
"$ORGWORK" help nope >"$T/out" 2>"$T/err"; RC=$?
eq "help of an unknown command: exit 2" "$RC" "2"
eq "help of an unknown command: message" "$(cat "$T/out" "$T/err")" \
  "orgwork: 'nope' is not a command; see 'orgwork help'"
u "help of an unknown subcommand" help org frobnicate
u "org help of an unknown subcommand" org help frobnicate
u "member without subcommand" member
u "user without subcommand" user
u "audit without subcommand" audit

# ---- without help the database is needed: it is the help that spares it ----
"$ORGWORK" member list --org X >"$T/out" 2>"$T/err"; RC=$?
eq "member list without a database fails" "$RC" "1"
has "member list names the missing database" "$(cat "$T/err")" "orgwork.db"
"$ORGWORK" org move A --to B >"$T/out" 2>"$T/err"; RC=$?
eq "org move without a database fails" "$RC" "1"

eq "no file was created in the folder" "$(ls -A)" ""
