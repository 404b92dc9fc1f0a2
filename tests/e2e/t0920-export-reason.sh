#!/usr/bin/env bash
# t0920-export-reason.sh - personal data leaves with a reason, and the logs
# name what people know: an export over the API needs reason= (422 naming
# the field "reason" when blank, too long or not one line) and the reason is
# in the export's access-log row; the CLI's export --reason is optional and
# recorded when given; an import's audit row names the uploaded file (its
# own name, cleaned: no directories, no control characters) and never the
# server's temporary path; an account with a one-time code that logs in
# with the right password and no code is told the code is missing (field
# "totp"), and only then.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"; eq "officer logs in" "$CODE" "200"
login top "$PW"; eq "top logs in" "$CODE" "200"

# ---- export over the API ----
req officer GET "/export?org=$OA&subtree=1&format=csv"
eq "no reason: 422" "$CODE" "422"
eq "no reason: the field is reason" "$(echo "$BODY" | jq -r .error.field)" "reason"
req officer GET "/export?org=$OA&subtree=1&format=csv&reason=%20%20"
eq "blank reason: 422 reason" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 reason"
long=$(printf '核%.0s' $(seq 101))
req officer GET "/export?org=$OA&format=csv&reason=$(jq -rn --arg s "$long" '$s|@uri')"
eq "101 characters: 422 reason" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 reason"
req officer GET "/export?org=$OA&format=csv&reason=a%0Ab"
case "$CODE" in 4??) pass "two lines: refused ($CODE)" ;; *) fail "two lines: refused" "got $CODE" ;; esac
eq "no export row was logged for the refusals" "$(sql "select count(*) from access_log where action = 'export'")" "0"
req officer GET "/export?org=$OB&format=csv"
eq "outside the scope it is still 404, reason or not" "$CODE" "404"

ok100=$(printf '核%.0s' $(seq 100))
req officer GET "/export?org=$OA&format=csv&reason=$(jq -rn --arg s "$ok100" '$s|@uri')"
eq "100 characters: 200" "$CODE" "200"
req officer GET "/export?org=$OA&subtree=1&format=xlsx&reason=%E6%8D%A2%E5%B1%8A%E9%80%89%E4%B8%BE%E6%A0%B8%E5%AF%B9%22%5C"
eq "export with a reason: 200" "$CODE" "200"
row=$(sql "select after from access_log where action = 'export' order by id desc limit 1")
eq "the access-log row holds the reason (quotes kept as JSON)" "$(echo "$row" | jq -c '[.format,.subtree,.rows,.reason]')" \
  '["xlsx",true,2,"换届选举核对\"\\"]'
login auditor "$PW"; eq "auditor logs in" "$CODE" "200"
req auditor GET "/access-log?limit=5"
eq "the access-log route shows the reason as a field" \
  "$(echo "$BODY" | jq -r '[.items[] | select(.action == "export")][0].detail.reason')" '换届选举核对"\'
req auditor GET "/audit/verify"
eq "the access-log chain verifies with the reasons in it" "$(echo "$BODY" | jq -c '[.ok, .access_log.ok]')" "[true,true]"

# ---- export from the command line ----
ok "CLI export without a reason (optional there)" export --org A --out "$T/a.csv"
eq "CLI row has no reason" "$(sql "select after from access_log where actor like 'cli:%' order by id desc limit 1" | jq -c 'has("reason")')" "false"
ok "CLI export --reason" export --org A --out "$T/b.csv" --reason "年度统计 核对"
eq "CLI row holds the reason" "$(sql "select after from access_log where actor like 'cli:%' order by id desc limit 1" | jq -r .reason)" "年度统计 核对"
fails "CLI --reason too long: usage error" 2 export --org A --out "$T/c.csv" --reason "$long"
has "CLI says which option" "$ERR" "reason"
fails "CLI --reason of two lines: usage error" 2 export --org A --out "$T/c.csv" --reason $'a\nb'
[ -e "$T/c.csv" ] && fail "no file written after a refused reason" || pass "no file written after a refused reason"

# ---- import: the audit row names the uploaded file ----
cat > "$T/m.csv" <<CSV
姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注
欧阳明,男,110105197811110137,1978-11-11,汉族,大学本科毕业,专业技术人员,13700001111,,A1,正式党员,1998-01-01,1999-01-01,2000-01-01,2000-07-01,2001-07-01,,
CSV
name=$(jq -rn '"C:\\Users\\王\\2026年\u0007党员名册.csv" | @uri')
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar-top" -H "X-CSRF-Token: ${CSRF[top]}" \
  -H "Content-Type: text/csv" -H "X-Filename: $name" --data-binary "@$T/m.csv" "$U/import")
eq "import 200" "$code" "200"
arow=$(sql "select after from audit_log where action = 'import' order by id desc limit 1")
eq "import row names the file, without directories or control characters" "$(echo "$arow" | jq -r .file)" "2026年党员名册.csv"
hasnt "no temporary path in the row" "$arow" "/tmp"
hasnt "no orgwork- temporary name" "$arow" "orgwork-"
sed -i "s/欧阳明,男,110105197811110137,1978-11-11/欧阳亮,男,$(idnum 11010519781112013),1978-11-12/" "$T/m.csv"
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar-top" -H "X-CSRF-Token: ${CSRF[top]}" \
  -H "Content-Type: text/csv" --data-binary "@$T/m.csv" "$U/import")
eq "import without a name 200" "$code" "200"
arow=$(sql "select after from audit_log where action = 'import' order by id desc limit 1")
eq "no name sent: file is null, not the temporary path" "$(echo "$arow" | jq -c .file)" "null"

# ---- a one-time code that is missing is named ----
ow user add --login root --role sysadmin --password-stdin <<< "$PW"
eq "a sysadmin with a one-time code secret" "$RC" "0"
login root "$PW"
eq "TOTP account, right password, no code: 401" "$CODE" "401"
eq "the answer names the field totp" "$(echo "$BODY" | jq -r .error.field)" "totp"
login root "$PW" 000000
eq "wrong code: 401" "$CODE" "401"
eq "wrong code: no field (nothing told)" "$(echo "$BODY" | jq -r '.error.field // "none"')" "none"
login root "wrong-password"
eq "wrong password, no code: no field" "$(echo "$BODY" | jq -r '.error.field // "none"')" "none"
login officer "$PW"
eq "an account without TOTP still logs in without a code" "$CODE" "200"
