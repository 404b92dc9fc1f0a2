#!/usr/bin/env bash
# t0760-separation.sh - separation of duties (三员分立): a system
# administrator who creates an officer scoped to the root cannot log in as
# it until a security administrator approves; nobody approves their own
# request; a password reset of an officer waits for approval too; the
# secadmin creates no accounts, the auditor changes nothing; approvals and
# rejections are in the audit log; the CLI (the installation owner) decides
# requests too. (That a secadmin never decides a request it made or one
# about its own account: tests/unit/test-auth.c.)
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

make_tree
serve_start
for w in sysadmin secadmin auditor officer; do login $w "$PW"; eq "login $w" "$CODE" "200"; done

# ---- the attack: a root officer made by the sysadmin ----
req sysadmin POST /users "{\"login\":\"evil\",\"password\":\"$PW\",\"role\":\"org_officer\",\"scope_org_id\":$OR}"
eq "an officer account is a request: 202" "$CODE" "202"
eq "the request waits" "$(echo "$BODY" | jq -r '.request.kind + " " + .request.state + " " + .request.login + " " + .request.requested_by')" \
  "create pending evil sysadmin"
hasnt "no TOTP secret for the maker" "$BODY" "otpauth"
RID=$(echo "$BODY" | jq -r .request.id)
EVIL=$(echo "$BODY" | jq -r .request.user_id)
eq "the account exists, disabled" "$(sql "select disabled from users where login='evil'")" "1"
login evil "$PW"
eq "the new officer cannot log in before approval" "$CODE" "401"
req sysadmin PATCH "/users/$EVIL" '{"disabled":false}'
eq "enabling it is a second request: conflict while one is pending" "$CODE" "409"
req sysadmin POST "/user-requests/$RID/approve" '{}'
eq "the sysadmin cannot approve (role)" "$CODE" "403"
req auditor POST "/user-requests/$RID/approve" '{}'
eq "the auditor cannot approve" "$CODE" "403"
req officer GET /user-requests
eq "an officer does not see requests" "$CODE" "403"
req secadmin POST /users "{\"login\":\"mine\",\"password\":\"$PW\",\"role\":\"org_officer\",\"scope_org_id\":$OR}"
eq "the secadmin creates no accounts" "$CODE" "403"
req sysadmin POST /users "{\"login\":\"ops2\",\"password\":\"$PW\",\"role\":\"sysadmin\"}"
eq "an account without member data takes effect at once" "$CODE" "201"
req secadmin GET /user-requests
eq "the secadmin lists the pending request" "$(echo "$BODY" | jq -r '[.items[].login]|join(",")')" "evil"
req sysadmin GET /user-requests
eq "the sysadmin sees its requests" "$(echo "$BODY" | jq -r '.items[0].state')" "pending"
req secadmin GET "/user-requests?state=bogus"
eq "bad state filter names the field" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 state"

# ---- approval: the second factor goes to the approver ----
req secadmin POST "/user-requests/$RID/approve" '{}'
eq "the secadmin approves" "$CODE $(echo "$BODY" | jq -r .request.state)" "200 approved"
uri=$(echo "$BODY" | jq -r '.totp_uri // empty')
has "the approver gets the TOTP secret" "$uri" "otpauth://totp/orgwork:evil?secret="
req secadmin POST "/user-requests/$RID/approve" '{}'
eq "a decided request is not decided again" "$CODE" "409"
login evil "$PW"
eq "password alone is not enough for a root officer" "$CODE" "401"
secret=$(echo "$uri" | sed 's/.*secret=\([A-Z2-7]*\).*/\1/')
login evil "$PW" "$(totp_now "$secret")"
eq "with the approver's code the officer logs in" "$CODE" "200"

# ---- a change that widens access ----
OFF=$(sql "select id from users where login='officer'")
req sysadmin PATCH "/users/$OFF" "{\"scope_org_id\":$OR}"
eq "widening an officer's scope is a request" "$CODE $(echo "$BODY" | jq -r .request.kind)" "202 change"
R2=$(echo "$BODY" | jq -r .request.id)
eq "the scope is unchanged meanwhile" "$(sql "select scope_org_id from users where id=$OFF")" "$OA"
req sysadmin POST "/user-requests/$R2/approve" '{}'
eq "the sysadmin cannot approve its own request" "$CODE" "403"
req secadmin POST "/user-requests/$R2/reject" '{}'
eq "a rejection needs a reason" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 reason"
req secadmin POST "/user-requests/$R2/reject" '{"reason":"不需要全省范围"}'
eq "rejected" "$CODE $(echo "$BODY" | jq -r '.request.state + " " + .request.reason')" "200 rejected 不需要全省范围"
eq "the scope stays" "$(sql "select scope_org_id from users where id=$OFF")" "$OA"

# ---- password reset of an officer ----
NEWPW='a brand new password 42'
req sysadmin PATCH "/users/$OFF" "{\"password\":\"$NEWPW\"}"
eq "a password reset of an officer is a request" "$CODE $(echo "$BODY" | jq -r '.request.kind + " " + (.request.password|tostring)')" "202 password true"
R3=$(echo "$BODY" | jq -r .request.id)
eq "the hash waits in the request" "$(sql "select pwhash is not null from user_requests where id=$R3")" "1"
login officer "$NEWPW"
eq "the new password does not work before approval" "$CODE" "401"
login officer "$PW"
eq "the old one still does" "$CODE" "200"
ow user requests
has "CLI lists the pending request" "$OUT" "$(printf '%s\tpassword\tofficer' "$R3")"
ow user reject "$R3"
eq "CLI reject needs a reason" "$RC" "1"
ow user approve "$R3"
eq "CLI (the installation owner) approves" "$RC $OUT" "0 request $R3 approved"
eq "the hash is gone from the request" "$(sql "select pwhash is null from user_requests where id=$R3")" "1"
login officer "$NEWPW"
eq "the new password works after approval" "$CODE" "200"
req sysadmin PATCH "/users/$OFF" '{"disabled":true}'
eq "disabling an officer takes effect at once" "$CODE $(echo "$BODY" | jq -r .disabled)" "200 true"

# ---- audited ----
eq "every step of the requests is in the audit log" \
  "$(sql "select group_concat(actor || ' ' || action, ',') from (select actor, action from audit_log where object like 'user_request/%' order by id)")" \
  "user:sysadmin user.create,user:secadmin user.request.approve,user:sysadmin user.update,user:secadmin user.request.reject,user:sysadmin user.update,local:$(id -un) user.request.approve"
req auditor GET "/audit?limit=1000"
has "the auditor reads the approvals" "$(echo "$BODY" | jq -r '.items[].action')" "user.request.approve"
req auditor PATCH "/users/$OFF" '{"disabled":false}'
eq "the auditor changes nothing" "$CODE" "403"
