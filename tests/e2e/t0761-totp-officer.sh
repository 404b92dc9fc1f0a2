#!/usr/bin/env bash
# t0761-totp-officer.sh - a second factor for organization-department
# officers and every role that may export personal data: a county-level
# officer and a branch secretary get a TOTP secret and cannot log in
# without the code; a member does not need one; --no-totp only in demo
# mode; an account that needs TOTP but has none is refused until the
# installation owner issues one ('user totp').
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

totp_now() {
  python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]; key = base64.b32decode(s + "=" * (-len(s) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}
secret_of() { echo "$1" | grep '^otpauth://' | sed 's/.*secret=\([A-Z2-7]*\).*/\1/'; }

ok "init" init
ow org add --code C --name 某县委 --kind committee --established 1950-01-01
ow org add --code BR --name 第一支部 --kind branch --parent C --established 1990-01-01
ow member add --name 党员甲 --sex 女 --ethnicity 01 --education 21 --occupation workers \
  --org BR --status full --admitted 1975-01-01 --phone 13812345671 --address 地址 \
  --id-number "$(idnum 11010519500101002)"
PERSON=$OUT
[ -n "$PERSON" ] || fail "fixture member" "$ERR"

ow user add --login county --role org_officer --scope C --no-totp --password-stdin <<< "$PW"
eq "--no-totp refused for a county officer outside demo mode" "$RC" "1"
has "names the reason" "$ERR" "needs TOTP"
ow user add --login county --role org_officer --scope C --password-stdin <<< "$PW"
eq "county officer created" "$RC" "0"
COUNTY=$(secret_of "$OUT")
[ -n "$COUNTY" ] && pass "a county officer gets a TOTP secret" || fail "a county officer gets a TOTP secret" "$OUT"
ow user add --login sec --role branch_secretary --scope BR --password-stdin <<< "$PW"
SEC=$(secret_of "$OUT")
[ -n "$SEC" ] && pass "a branch secretary (may export) gets one too" || fail "a branch secretary gets TOTP" "$OUT"
ow user add --login mem --role member --person "$PERSON" --password-stdin <<< "$PW"
eq "a member gets none" "$RC $(echo "$OUT" | grep -c otpauth)" "0 0"
ORGWORK_INSECURE_DEMO=1 ow user add --login demo --role org_officer --scope C --no-totp --password-stdin <<< "$PW"
eq "demo mode keeps its exemption" "$RC" "0"

serve_start
login county "$PW"
eq "county officer without a code: 401" "$CODE" "401"
login county "$PW" 000000
eq "county officer with a wrong code: 401" "$CODE" "401"
login county "$PW" "$(totp_now "$COUNTY")"
eq "county officer with the code: 200" "$CODE" "200"
login sec "$PW"
eq "secretary without a code: 401" "$CODE" "401"
login sec "$PW" "$(totp_now "$SEC")"
eq "secretary with the code: 200" "$CODE" "200"
login mem "$PW"
eq "member with a password: 200" "$CODE" "200"
login demo "$PW"
eq "the demo account logs in as before" "$CODE" "200"

# an account from before second factors (no secret, not exempt)
# (made here by clearing its demo exemption)
sql "delete from user_totp_exempt where user_id = (select id from users where login = 'demo')"
login demo "$PW"
eq "an officer without a second factor is refused" "$CODE $(echo "$BODY" | jq -r .error.field)" "401 totp"
login demo "wrong password 123"
eq "a wrong password does not learn that" "$(echo "$BODY" | jq -r .error.message)" "wrong login, password or code"
ow user totp --login demo
NEW=$(secret_of "$OUT")
[ -n "$NEW" ] && pass "'user totp' issues a secret" || fail "'user totp' issues a secret" "$OUT $ERR"
login demo "$PW" "$(totp_now "$NEW")"
eq "then the officer logs in with the code" "$CODE" "200"
