#!/usr/bin/env bash
# t0510-totp.sh - administrators log in with a TOTP code: the secret is
# printed once at 'user add'; without or with a wrong code the login fails;
# --no-totp is refused outside demo mode.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

ok "init" init
ow user add --login root --role sysadmin --no-totp --password-stdin <<< "$PW"
eq "--no-totp refused without demo mode" "$RC" "1"
has "says why" "$ERR" "ORGWORK_INSECURE_DEMO"
ow user add --login root --role sysadmin --password-stdin <<< "$PW"
eq "sysadmin with TOTP" "$RC" "0"
uri=$(echo "$OUT" | grep '^otpauth://')
has "otpauth URI printed" "$uri" "otpauth://totp/orgwork:root?secret="
secret=$(echo "$uri" | sed 's/.*secret=\([A-Z2-7]*\).*/\1/')
eq "secret not stored in clear" "$(sql "select count(*) from users where instr(totp, '$secret') > 0")" "0"
ow user list
eq "listed under a header: id, login, role, scope, person, state, totp" "$OUT" "$(printf 'id\tlogin\trole\tscope\tperson\tstate\ttotp\n1\troot\tsysadmin\t-\t-\tactive\tyes')"

serve_start
login root "$PW"
eq "no code: 401" "$CODE" "401"
login root "$PW" 000000
eq "wrong code: 401" "$CODE" "401"
code=$(python3 - "$secret" <<'PY'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]; key = base64.b32decode(s + "=" * (-len(s) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
)
login root "$PW" "$code"
eq "right code: 200" "$CODE" "200"
eq "logged in as sysadmin" "$(echo "$BODY" | jq -r '.user.role + " " + (.user.totp|tostring)')" "sysadmin true"
