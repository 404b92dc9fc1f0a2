#!/usr/bin/env bash
# t0701-sealed-row.sh - sealed personal data is bound to its row: two
# persons' sealed columns swapped by SQL (without the key) are noticed on
# read (member show fails instead of showing the other person's ID number
# or empty fields) and by check, which names both rows; an edit cannot
# rewrite the record without them.
source "$(dirname "$0")/lib.sh"

ok "init" init
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
add() { ow member add --ethnicity 01 --education 21 --occupation workers --org R --status full --admitted 1975-01-01 "$@"; }
add --name 张三 --sex 男 --id-number 110105194912310038 --phone 13812345678 --address 北京市东城区
add --name 王五 --sex 女 --id-number 11010519491231002X --phone 13900000000
add --name 赵六 --sex 男 --birth-date 1950-01-01
eq "three persons" "$(sql 'select count(*) from persons')" "3"
ok "check before" check

# the attacker swaps the sealed values of persons 1 and 2 with sqlite3;
# the audit trigger (which needs orgwork) is set aside and put back
swap() {
  local trig
  trig=$(sql "select sql from sqlite_master where name = 'persons_audit_update'")
  sql "drop trigger persons_audit_update;
create temp table s as select id, pii from persons where id in (1, 2);
update persons set pii = (select pii from s where s.id = 3 - persons.id) where id in (1, 2);
$trig;"
}
swap
fails "show of person 1 fails" 1 member show 1 --reveal
has "show: says the sealed data does not open" "$ERR" "sealed personal data of person 1 does not open"
hasnt "show: no other person's ID number" "$OUT" "11010519491231002X"
fails "show of person 2 fails" 1 member show 2 --reveal
ok "an untouched person still shows" member show 3
before=$(sha256sum < "$DB")
fails "edit of person 1 fails" 1 member edit 1 --name 李四
eq "edit wrote nothing" "$(sha256sum < "$DB")" "$before"
fails "export fails" 1 export --org R --out "$T/x.csv"
fails "check fails" 1 check
has "check names person 1" "$ERR" "person 1: its sealed personal data does not open"
has "check names person 2" "$ERR" "person 2: its sealed personal data does not open"
hasnt "check does not name person 3" "$ERR" "person 3:"

# swapped back: all is well again
swap
ok "swapped back: check" check
ok "swapped back: show" member show 1 --reveal
has "swapped back: ID number" "$OUT" "110105194912310038"

# the blind index of person 2 removed: check notices
trig=$(sql "select sql from sqlite_master where name = 'persons_audit_update'")
sql "drop trigger persons_audit_update; update persons set id_bidx = null where id = 2; $trig;"
fails "check: missing blind index noticed" 1 check
has "check: names person 2" "$ERR" "person 2: its ID number and its blind index disagree"
