#!/usr/bin/env bash
# t0120-cli-access-log.sh - the CLI leaves the access-log rows the API
# leaves: `member show --reveal` (text or JSON) and `export` each commit one
# row naming the person or organization, with the OS user as the actor; a
# masked show, a list and a failed export leave none. When the row cannot be
# written, nothing clear is printed and no export file is left behind.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B --name 支部 --kind branch --parent R --established 1990-01-01
ow member add --name 王五 --sex 女 --ethnicity 01 --education 21 --occupation workers --org B \
  --id-number 11010519491231002X --status full --admitted 1975-01-01 --phone 13812345678 --address 北京市东城区
P=$OUT
[ "$RC" -eq 0 ] && [ -n "$P" ] && pass "member added" || fail "member added" "$ERR"
ORG_B=$(sql "select id from orgs where code='B'")
ACTOR="cli:$(id -un)"
rows() { sql "select count(*) from access_log"; }
last() { sql "select actor || ' ' || action || ' ' || object from access_log order by id desc limit 1"; }

eq "no access rows yet" "$(rows)" "0"
ok "masked show" member show "$P"
hasnt "masked show prints no clear ID" "$OUT" "11010519491231002X"
has "masked show prints the masked ID" "$OUT" "110105********002X"
ok "masked show as JSON" --format json member show "$P"
eq "masked JSON" "$(echo "$OUT" | jq -r '[.id_number, .phone, .address, (.masked|tostring)]|join(" ")')" \
  "110105********002X 138****5678 *** true"
ok "list" --format json member list --org B
eq "a masked show or a list leaves no access row" "$(rows)" "0"

ok "reveal" member show "$P" --reveal
has "reveal prints the clear ID" "$OUT" "11010519491231002X"
has "reveal prints the clear address" "$OUT" "北京市东城区"
eq "reveal leaves one row" "$(rows)" "1"
eq "the row names the OS user and the person" "$(last)" "$ACTOR reveal person/$P"
ok "reveal as JSON" --format json member show "$P" --reveal
eq "revealed JSON" "$(echo "$OUT" | jq -r '[.id_number, .phone, (.masked|tostring)]|join(" ")')" \
  "11010519491231002X 13812345678 false"
eq "a second reveal, a second row" "$(rows)" "2"
ok "audit show --access lists it" audit show --access --limit 1
has "audit show --access names the reveal" "$OUT" "$(printf '%s\treveal\tperson/%s' "$ACTOR" "$P")"

ok "export" export --org B --out "$T/b.csv"
eq "export leaves one row" "$(rows)" "3"
eq "the row names the organization" "$(last)" "$ACTOR export org/$ORG_B"
eq "the row's detail" "$(sql "select after from access_log order by id desc limit 1" | jq -c .)" \
  '{"format":"csv","subtree":true,"rows":1}'
ok "export XLSX without the subtree" export --org B --no-subtree --out "$T/b.xlsx"
eq "its detail" "$(sql "select after from access_log order by id desc limit 1" | jq -c .)" \
  '{"format":"xlsx","subtree":false,"rows":1}'
fails "export of an unknown organization" 1 export --org NOPE --out "$T/x.csv"
eq "a failed export leaves no row" "$(rows)" "4"
ok "the access log chain verifies" audit verify

# The access log refuses rows: nothing clear leaves, no file is left behind.
sql "CREATE TRIGGER refuse_access BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'refused'); END;"
fails "reveal fails without its row" 1 member show "$P" --reveal
hasnt "nothing clear printed" "$OUT" "11010519491231002X"
fails "JSON reveal fails without its row" 1 --format json member show "$P" --reveal
hasnt "no clear JSON printed" "$OUT" "11010519491231002X"
fails "export fails without its row" 1 export --org B --out "$T/refused.csv"
[ -e "$T/refused.csv" ] && fail "no export file left" || pass "no export file left"
ok "a masked show still works" member show "$P"
sql "DROP TRIGGER refuse_access;"
eq "still four rows" "$(rows)" "4"
