#!/usr/bin/env bash
# t0980-transfer.sh - transfers of a member's organizational relationship
# from the command line (orgwork transfer start|receive|return|list|show):
# the letter (number, validity at most the catalogue's 3 months), refusals
# (abroad, military system, own organization, a second letter in transit,
# an expired letter, a branch outside the destination), receipt into a
# branch below the destination moving the member on that day, return with a
# reason moving nothing; `transfer list --org` over the subtree (or
# --no-subtree); the dated history (member_orgs) and
# `member list --as-of`; the bulletin of the year before a transfer is the
# same before and after it, and the roll-up as of a day counts the member
# where they belonged that day.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ow org add --code B1 --name 乙支部 --kind branch --parent B --established 1990-01-01; OB1=$OUT

# ---- refusals at the start ----
fails "abroad refused" 1 transfer start "$PA1" --to abroad --date 2025-03-01
has "abroad: a clear message" "$ERR" "a transfer abroad is not made by introduction letter"
fails "military refused" 1 transfer start "$PA1" --to 军队 --date 2025-03-01
has "military: a clear message" "$ERR" "into the military system"
fails "own organization refused" 1 transfer start "$PA1" --to A1 --date 2025-03-01
has "own organization: says so" "$ERR" "already registered at A1"
fails "validity over 3 months refused" 1 transfer start "$PA1" --to B --date 2025-03-01 --valid-days 93
has "validity: the longest named" "$ERR" "1 to 92 days (3 months"
fails "unknown destination" 1 transfer start "$PA1" --to NOPE --date 2025-03-01
fails "future date refused" 1 transfer start "$PA1" --to B --date 2099-01-01

# ---- the bulletin and roll-up before ----
ow report bulletin --org R --year 2024 --format csv; before_r=$OUT
ow report rollup --org A --by sex --as-of 2025-02-01; rollup_a_before=$OUT

# ---- start, list, show ----
ow --format json transfer start "$PA1" --to B --date 2025-03-01
eq "start exits 0" "$RC" "0"
TR=$(echo "$OUT" | jq -r .id)
eq "start: letter number, validity of 3 months, in transit" \
  "$(echo "$OUT" | jq -r '[.letter_no, .issued, .valid_until, .status, .from.code, .to.code] | join(" ")')" \
  "A1-2025-03-01-$PA1 2025-03-01 2025-05-31 in_transit A1 B"
fails "a second letter in transit refused" 1 transfer start "$PA1" --to U --date 2025-03-02
has "second letter: names the first" "$ERR" "already has letter A1-2025-03-01-$PA1 in transit"
ow transfer list --org B --direction in
has "incoming at B" "$OUT" "A1 -> B"
ow transfer list --org B --direction out
eq "nothing outgoing at B" "$OUT" ""
ow --format json transfer list --org A1 --status in_transit
eq "outgoing in transit at A1" "$(echo "$OUT" | jq -r '.items | map(.id) | join(",")')" "$TR"
eq "the member is still at A1 while in transit" "$(sql "select org_id from persons where id=$PA1")" "$OA1"

# ---- receive ----
fails "receipt after the letter's validity refused" 1 transfer receive "$TR" --date 2025-06-01
has "expired: says what to do" "$ERR" "return it"
fails "receipt before the letter refused" 1 transfer receive "$TR" --date 2025-02-01
fails "a branch outside the destination refused" 1 transfer receive "$TR" --date 2025-04-01 --org A
has "branch outside: names both" "$ERR" "neither the letter's destination B nor below it"
ow --format json transfer receive "$TR" --date 2025-04-01 --org B1
eq "received into B1 on 2025-04-01" "$(echo "$OUT" | jq -r '[.status, .received, .received_org.code] | join(" ")')" "received 2025-04-01 B1"
eq "the member is at B1" "$(sql "select org_id from persons where id=$PA1")" "$OB1"
fails "a second receipt refused" 1 transfer receive "$TR" --date 2025-04-02
has "second receipt: not in transit" "$ERR" "no longer in transit"
eq "history: A1 until 2025-04-01, B1 from it" \
  "$(sql "select org_id||':'||ifnull(valid_from,'-')||':'||ifnull(valid_to,'-')||':'||reason from member_orgs where person_id=$PA1 order by id" | tr '\n' ' ')" \
  "$OA1:-:2025-04-01:recorded $OB1:2025-04-01:-:transfer "
eq "timeline: letter, transfer, receipt" \
  "$(ow member timeline "$PA1"; echo "$OUT" | awk '$1 ~ /^2025/{print $2}' | tr '\n' ' ')" "transfer_letter transfer transfer_received "

# ---- member list --as-of ----
ow member list --org A1 --as-of 2025-03-31
has "as of 2025-03-31 the member is at A1" "$OUT" "党员A1"
ow member list --org A1 --as-of 2025-04-01
eq "as of 2025-04-01 nobody at A1" "$OUT" ""
ow member list --org B1 --as-of 2025-04-01
has "as of 2025-04-01 the member is at B1" "$OUT" "党员A1"
ow member list --org B1 --as-of 2025-03-31
eq "as of 2025-03-31 nobody at B1" "$OUT" ""
ow member list --org A --as-of 2025-03-31
has "people without history are where the record says" "$OUT" "党员A"

# ---- statistics of the past ----
ow report bulletin --org R --year 2024 --format csv
eq "the bulletin of 2024 is the same after the transfer" "$OUT" "$before_r"
ow report rollup --org A --by sex --as-of 2025-02-01
eq "the roll-up of A as of 2025-02-01 is the same" "$OUT" "$rollup_a_before"
ow --format json report rollup --org B --by sex --as-of 2025-03-31
b_before=$(echo "$OUT" | jq -r '.total // .members // empty')
ow --format json report rollup --org B --by sex --as-of 2025-04-01
b_after=$(echo "$OUT" | jq -r '.total // .members // empty')
eq "B counts one member more from the receipt day" "$((b_after - b_before))" "1"

# ---- return ----
ow --format json transfer start "$PB" --to A --date 2025-05-01 --letter 乙转字〔2025〕1号 --valid-days 30
TR2=$(echo "$OUT" | jq -r .id)
eq "letter number given, 30 days" "$(echo "$OUT" | jq -r '[.letter_no, .valid_until] | join(" ")')" "乙转字〔2025〕1号 2025-05-30"
fails "return without a reason refused" 1 transfer return "$TR2"
ow --format json transfer return "$TR2" --reason 材料不全 --date 2025-05-10
eq "returned with its reason" "$(echo "$OUT" | jq -r '[.status, .returned, .return_reason] | join(" ")')" "returned 2025-05-10 材料不全"
eq "a return moves nothing" "$(sql "select org_id from persons where id=$PB"),$(sql "select count(*) from member_orgs where person_id=$PB")" "$OB,0"
fails "receipt of a returned letter refused" 1 transfer receive "$TR2" --date 2025-05-11
fails "the sender's letter number again refused" 1 transfer start "$PB" --to A --date 2025-05-12 --letter 乙转字〔2025〕1号
has "letter number taken: says so" "$ERR" "already issued letter 乙转字〔2025〕1号"
ow transfer show "$TR2"
has "show" "$OUT" "returned 2025-05-10: 材料不全"

# ---- list --org: the whole subtree by default, --no-subtree its own ----
tl() { ow --format json transfer list "$@"; echo "$OUT" | jq -r '[.items[].id] | join(",")'; }
eq "R's subtree holds both letters" "$(tl --org R)" "$TR,$TR2"
eq "--subtree says the same" "$(tl --org R --subtree)" "$TR,$TR2"
eq "R itself sent and got none" "$(tl --org R --no-subtree)" ""
eq "out of A's subtree: the letter of A1" "$(tl --org A --direction out)" "$TR"
eq "A alone sent none" "$(tl --org A --direction out --no-subtree)" ""
eq "into A's subtree: the letter to A" "$(tl --org A --direction in)" "$TR2"
eq "into B's subtree: the letter to B (received by B1)" "$(tl --org B --direction in)" "$TR"
eq "B1 received it" "$(tl --org B1 --direction in --no-subtree)" "$TR"
eq "the subtree with a status" "$(tl --org R --status returned)" "$TR2"
eq "the subtree in pages" "$(tl --org R --limit 1),$(tl --org R --limit 1 --after "$TR")" "$TR,$TR2"
fails "--subtree with --no-subtree refused" 1 transfer list --org R --subtree --no-subtree
fails "--no-subtree without --org refused" 1 transfer list --person "$PB" --no-subtree
has "--no-subtree without --org: says so" "$ERR" "go with --org"

# ---- audit rows in the same transactions ----
eq "audit rows of the transfers" "$(sql "select count(*) from audit_log where object like 'transfer/%'")" "4"
eq "audit rows of the periods" "$(sql "select count(*) from audit_log where object like 'member_org/%'")" "2"

# ---- the finding transfer_stuck ----
ow --format json transfer start "$PU" --to A --date 2025-01-10 --valid-days 10
TR3=$(echo "$OUT" | jq -r .id)
ow --format json findings --org U --rule transfer_stuck --as-of 2025-01-19
eq "not stuck on its last valid day" "$(echo "$OUT" | jq -r '.items | length')" "0"
ow --format json findings --org U --rule transfer_stuck --as-of 2025-01-20
eq "stuck the day after: the sender, due on the last valid day" \
  "$(echo "$OUT" | jq -r '.items[] | [.org.code // .org_code, .due] | join(" ")')" "U 2025-01-19"
ow --format json findings --org R --rule transfer_stuck --as-of 2025-01-20
eq "the destination's subtree does not hold it" "$(echo "$OUT" | jq -r '.items | length')" "0"
ow transfer return "$TR3" --reason 逾期 --date 2025-02-01
ow --format json findings --org U --rule transfer_stuck --as-of 2025-02-01
eq "returned: no longer stuck from that day" "$(echo "$OUT" | jq -r '.items | length')" "0"
ow --format json findings --org U --rule transfer_stuck --as-of 2025-01-25
eq "the past stays as it was" "$(echo "$OUT" | jq -r '.items | length')" "1"

# ---- migration: a database of the version before gets the periods of its
# recorded changes of organization ----
M2="$T/old.db"
"$ORGWORK" --db "$M2" init >/dev/null 2>&1
"$ORGWORK" --db "$M2" org add --code X --name 甲 --kind committee --established 1990-01-01 >/dev/null
"$ORGWORK" --db "$M2" org add --code Y --name 乙 --kind committee --established 1990-01-01 >/dev/null
P=$("$ORGWORK" --db "$M2" member add --name 迁移 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1970-01-01 --org X --status full --admitted 2000-01-01 2>/dev/null)
"$ORGWORK" --db "$M2" member edit "$P" --org Y >/dev/null 2>&1
v=$(sqlite3 "$M2" "PRAGMA user_version")
# back to the version before migration 17 (member_orgs, transfers); the later
# migrations run again over their own tables, which they create if missing
sqlite3 "$M2" "DROP TABLE member_orgs; DROP TABLE transfers; PRAGMA user_version = 16"
"$ORGWORK" --db "$M2" init >/dev/null 2>&1
eq "migrated to the current version" "$(sqlite3 "$M2" "PRAGMA user_version")" "$v"
eq "the periods of the recorded change" \
  "$(sqlite3 "$M2" "SELECT group_concat(o.code || ':' || ifnull(m.valid_from, '-') || ':' || ifnull(m.valid_to, '-') || ':' || m.reason, ' ') FROM member_orgs m JOIN orgs o ON o.id = m.org_id")" \
  "X:-:$ORGWORK_TODAY:recorded Y:$ORGWORK_TODAY:-:edit"
eq "the migrated schema is the one the migrations make" "$("$ORGWORK" --db "$M2" check 2>&1 | grep -c 'schema:')" "0"

# ---- findings as of a date count a member where they belonged ----
ow member add --name 预备乙 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1990-01-01 --org A1 --status probationary --admitted 2023-01-01; PP=$OUT
ow --format json transfer start "$PP" --to B1 --date 2025-03-01; TP=$(echo "$OUT" | jq -r .id)
ow transfer receive "$TP" --date 2025-04-01
fnd() { ow --format json findings --org "$1" --rule conversion_overdue --as-of "$2"; echo "$OUT" | jq -r '[.items[] | .person.name // .person_name] | join(",")'; }
eq "overdue at A1 before the receipt" "$(fnd A1 2025-03-31)" "预备乙"
eq "not at B1 before the receipt" "$(fnd B1 2025-03-31)" ""
eq "at B1 from the receipt" "$(fnd B1 2025-04-01)" "预备乙"
eq "no longer at A1 from the receipt" "$(fnd A1 2025-04-01)" ""
eq "at R (holding both) on both days" "$(fnd R 2025-03-31),$(fnd R 2025-04-01)" "预备乙,预备乙"

# ---- transfer list without --org: every transfer, by status ----
ow --format json transfer list --status in_transit
eq "all letters in transit" "$(echo "$OUT" | jq -r '.items | length')" "$(sql "select count(*) from transfers where status='in_transit'")"
ow --format json transfer list
eq "every transfer" "$(echo "$OUT" | jq -r '.items | length')" "$(sql "select count(*) from transfers")"
