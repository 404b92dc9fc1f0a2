#!/usr/bin/env bash
# t0810-audit-truncation.sh - rows removed from the end of the audit log
# (which leaves a valid shorter chain) are noticed against the signed
# checkpoints kept next to the key file: audit verify reports the cut, also
# when the cut end was written again; a checkpoint file altered, or made
# under another key, is reported; $ORGWORK_CHECKPOINT_FILE moves the file.
source "$(dirname "$0")/lib.sh"

CP="$DB.key.checkpoints"
ok "init" init
ok "root" org add --code R --name 党委 --kind committee --established 1949-10-01
ok "branch" org add --code B --name 支部 --kind branch --parent R --established 1990-01-01
for i in 1 2 3; do
  ok "member $i" member add --name "成员$i" --sex 女 --ethnicity 01 --education 21 \
    --occupation workers --birth-date 1960-01-0$i --org B --status full --admitted 1985-01-01
done
[ -f "$CP" ] && pass "checkpoints written beside the key file" || fail "no checkpoint file $CP"
eq "checkpoint file readable by the owner only" "$(stat -c %a "$CP")" "600"
ok "audit verify: the whole trail passes" audit verify
has "audit verify: checkpoints checked" "$OUT" "checkpoints: ok"
rows=$(sql "select count(*) from audit_log")

# cut the last three rows, with the append-only trigger set aside and put back
cut() {
  local saved
  saved=$(sql "select sql from sqlite_master where name = 'audit_log_no_delete'")
  sql "DROP TRIGGER audit_log_no_delete;
       DELETE FROM audit_log WHERE id > (SELECT max(id) - $1 FROM audit_log);
       $saved;"
}
sqlite3 "$DB" ".backup '$T/before.db'"
cp -p "$CP" "$T/before.cp"
cut 3
eq "three rows gone" "$(sql "select count(*) from audit_log")" "$((rows - 3))"
ok "check: the schema is as it was" check
fails "audit verify: fails" 1 audit verify
has "audit verify: the chain alone still holds" "$OUT" "audit_log: ok"
has "audit verify: reports the removed rows" "$OUT" "rows were removed from its end"
has "audit verify: with the counts" "$OUT" "recorded $rows rows, the log has $((rows - 3))"

# the cut end written again by later writes: the rows at the checkpointed
# positions are not the recorded ones
ok "more writes after the cut" org add --code C --name 支部丙 --kind branch --parent R --established 1990-01-01
ok "and more" org rename C --name 支部丁
ok "and more" org rename C --name 支部戊
ok "and more" org rename C --name 支部己
fails "audit verify: still fails" 1 audit verify
has "audit verify: reports the rewritten end" "$OUT" "is not the row the checkpoint"

# a checkpoint file of another database (another key) is reported
# (the database and its checkpoints put back as they were at the backup)
cp "$T/before.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
fails "audit verify: the backup alone is behind the later checkpoints" 1 audit verify
cp -p "$T/before.cp" "$CP"
ok "audit verify: with the checkpoints of its time it passes" audit verify
DB2="$T/other.db"
"$ORGWORK" --db "$DB2" init >/dev/null 2>&1
cat "$DB2.key.checkpoints" >> "$CP"
fails "audit verify: a foreign checkpoint fails" 1 audit verify
has "audit verify: names the line" "$OUT" "does not verify"

# an altered count in a checkpoint line breaks its MAC
cp "$T/before.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
head -n 1 "$CP" > "$T/cp"; mv "$T/cp" "$CP"; chmod 600 "$CP"
ok "audit verify: the first checkpoint alone passes" audit verify
last=$(tail -n 1 "$CP")
echo "$last" | awk '{ $3 = $3 + 100; print }' >> "$CP"
fails "audit verify: an altered checkpoint fails" 1 audit verify
has "audit verify: it does not verify" "$OUT" "does not verify"

# the file can be put elsewhere
export ORGWORK_CHECKPOINT_FILE="$T/elsewhere/cp"
mkdir -p "$T/elsewhere"
ok "a write with the file elsewhere" org rename B --name 支部乙
[ -s "$T/elsewhere/cp" ] && pass "checkpoints written to \$ORGWORK_CHECKPOINT_FILE" \
  || fail "nothing in \$ORGWORK_CHECKPOINT_FILE"
ok "audit verify against it" audit verify
