#!/usr/bin/env bash
# t0785-cookie-tls.sh - the session cookie's flags: without TLS as before;
# with --behind-tls it carries Secure; with --tls-cert/--tls-key the server
# speaks HTTPS itself (a self-signed certificate made here by openssl) and
# the cookie is __Host-ow_session, Secure, Path=/, and it is the one that
# authenticates. Plain HTTP to the TLS port gets no answer.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
cookie_line() { grep -i '^set-cookie' "$T/hdrs" | tr -d '\r'; }

serve_start
login officer "$PW"
c=$(cookie_line)
has "plain: HttpOnly; SameSite=Strict; Path=/" "$c" "ow_session="
hasnt "plain: no Secure" "$c" "Secure"
serve_stop

serve_start --behind-tls
login officer "$PW"
c=$(cookie_line)
has "behind TLS: Secure" "$c" "HttpOnly; SameSite=Strict; Path=/; Secure"
req officer DELETE /session
has "logout cookie Secure too" "$(cookie_line)" "Max-Age=0"
has "logout cookie Secure too" "$(cookie_line)" "Secure"
serve_stop

fails "--tls-cert without --tls-key refused" 2 serve --tls-cert /nonexistent --listen 127.0.0.1:0
has "names the missing option" "$ERR" "tls-key"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null \
  || fail "openssl makes a certificate"
"$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --tls-cert "$T/cert.pem" \
  --tls-key "$T/key.pem" >"$T/serve.out" 2>"$T/serve.log" &
SERVE_PID=$!
for _ in $(seq 100); do grep -q '^listening on ' "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/^listening on https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$T/serve.out")
[ -n "$PORT" ] && pass "listening on https://" || fail "listening on https://" "$(cat "$T/serve.out" "$T/serve.log")"
S="https://127.0.0.1:$PORT/api/v1"
body=$(jq -nc --arg l officer --arg p "$PW" '{login:$l,password:$p}')
code=$(curl -sk -o "$T/body" -D "$T/hdrs" -w '%{http_code}' -c "$T/jar" -H 'Content-Type: application/json' \
  --data-raw "$body" "$S/session")
eq "login over HTTPS" "$code" "200"
c=$(cookie_line)
has "__Host- cookie, Secure, Path=/" "$c" "__Host-ow_session="
has "__Host- cookie flags" "$c" "HttpOnly; SameSite=Strict; Path=/; Secure"
hasnt "no Domain" "$c" "Domain"
code=$(curl -sk -o "$T/body" -w '%{http_code}' -b "$T/jar" "$S/session")
eq "the __Host- cookie authenticates" "$code" "200"
code=$(curl -sk -o "$T/body" -w '%{http_code}' -H "Cookie: ow_session=$(awk '$6 == "__Host-ow_session" {print $7}' "$T/jar")" "$S/session")
eq "the plain cookie name does not" "$code" "401"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$PORT/api/v1/session")
[ "$code" != "200" ] && [ "$code" != "401" ] && pass "plain HTTP to the TLS port gets no answer ($code)" \
  || fail "plain HTTP to the TLS port" "$code"
