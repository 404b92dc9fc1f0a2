#!/usr/bin/env bash
# t0740-login-throttle.sh - the login throttle holds: a lock of one name
# from one address is not evicted by failures under other names, survives
# a restart of the server, and does not shut out another address; failures
# across many names lock the address; known and unknown names answer alike.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree

# try FROM LOGIN PASSWORD: one login attempt from address FROM (127.0.0.x);
# sets $CODE and $BODY.
try() {
  local b
  b=$(jq -nc --arg l "$2" --arg p "$3" '{login:$l,password:$p}')
  CODE=$(curl -s -o "$T/tbody" -w '%{http_code}' --max-time 20 --interface "$1" \
    -H 'Content-Type: application/json' --data-raw "$b" "$U/session")
  BODY=$(cat "$T/tbody")
}

# collide NAME N: N names in the same slot as NAME of a 1024-entry hash
# table keyed by djb2 over "l:NAME" (the shape an attacker can evict).
collide() {
  awk -v t="$1" -v n="$2" 'BEGIN {
    for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i
    want = slot(t)
    for (k = 1; found < n; k++) if (slot("x" k) == want) { printf "x%d ", k; found++ }
  }
  function slot(name,   s, h, i) {
    s = "l:" name; h = 5381
    for (i = 1; i <= length(s); i++) h = (h * 33 + ord[substr(s, i, 1)]) % 4294967296
    return h % 1024
  }'
}
names=$(collide auditor 12)

# locks long enough for a slow machine (the default first lock is 15 s);
# an address limit of 30 for the per-address case below
serve_start --login-delay 600 --login-address-fails 30
A=127.0.0.1 B=127.0.0.2

# ---- five failures lock (auditor, A); the right password is then refused
for i in 1 2 3 4 5; do try $A auditor "bad $i"; done
eq "fifth failure 401" "$CODE" "401"
try $A auditor "$PW"
eq "sixth attempt 429" "$CODE" "429"

# ---- eviction: failures under twelve names of the same hash slot
for n in $names; do try $A "$n" "guess"; done
eq "failures under other names 401" "$CODE" "401"
try $A auditor "$PW"
eq "lock holds after failures under colliding names" "$CODE" "429"

# ---- another address still logs in to the locked account
try $B auditor "$PW"
eq "another address logs in to the locked account" "$CODE" "200"
try $A auditor "$PW"
eq "... and the first address stays locked" "$CODE" "429"

# ---- unknown names answer as known names do
for i in 1 2 3 4 5; do try $A nosuchuser "bad $i"; done
eq "unknown name: fifth failure 401" "$CODE" "401"
unknown401=$(echo "$BODY" | jq -c .error)
try $A nosuchuser "bad 6"
eq "unknown name: sixth attempt 429" "$CODE" "429"
unknown429=$(echo "$BODY" | jq -c .error)
for i in 1 2 3 4 5; do try $A officer "bad $i"; done
eq "known name answers 401 alike" "$(echo "$BODY" | jq -c .error)" "$unknown401"
try $A officer "$PW"
eq "known name answers 429 alike" "$(echo "$BODY" | jq -c .error)" "$unknown429"
try $B officer "$PW"
eq "another address logs in to an account locked from A (no eviction)" "$CODE" "200"

# ---- a success does not reset the failures of the address
C=127.0.0.3
for i in 1 2 3; do try $C "name$i" "guess"; done
try $C secretary "$PW"
eq "login from address C" "$CODE" "200"
eq "address C keeps its three failures" "$(sql "select fails from login_throttle where login='' and ip='$C'")" "3"
eq "(secretary, C) forgotten after success" "$(sql "select count(*) from login_throttle where login='secretary' and ip='$C'")" "0"

# ---- per address: failures across many names lock the address
# (address A has 27 counted failures by now, under the limit of 30)
D=127.0.0.4
for i in $(seq 1 29); do try $D "many$i" "guess"; done
eq "29 failures under 29 names: 401" "$CODE" "401"
try $D "many30" "guess"
eq "30th failure 401" "$CODE" "401"
try $D secretary "$PW"
eq "address locked across names, right password refused" "$CODE" "429"
try $D newname "guess"
eq "address locked for a new name" "$CODE" "429"
try $B secretary "$PW"
eq "another address unaffected" "$CODE" "200"

# ---- the lock survives a restart of the server
serve_stop
serve_start --login-delay 600
try $A auditor "$PW"
eq "lock survives a restart" "$CODE" "429"
try $B auditor "$PW"
eq "other address after the restart" "$CODE" "200"
eq "the throttle is in the database" \
  "$(sql "select fails >= 5 and until_at > strftime('%s','now') from login_throttle where login='auditor' and ip='$A'")" "1"
try $D secretary "$PW"
eq "address lock survives a restart" "$CODE" "429"
eq "the lock start is audited" \
  "$(sql "select count(*) >= 2 from audit_log where action='session.throttle'" 2>/dev/null)" "1"

# ---- settings are checked
fails "serve refuses --login-fails 0" 2 serve --login-fails 0
fails "serve refuses a max delay above the window" 2 serve --login-max-delay 100 --login-window 50
