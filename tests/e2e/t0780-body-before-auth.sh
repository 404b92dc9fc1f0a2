#!/usr/bin/env bash
# t0780-body-before-auth.sh - request bodies are refused before they are
# read when the request cannot go on: unauthenticated uploads get 401 with
# the server's memory bounded (its peak RSS measured), a missing CSRF token
# 403, a body that does not fit the buffered-body memory 503 (declared
# length or chunked); the login body is still read before authentication.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
RAW="$ORGWORK_TOP/tests/http-abuse/rawhttp.py"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start --body-memory 4
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVE_PID/status"; }

req - GET /session
before=$(hwm)
# 12 parallel unauthenticated 60 MiB uploads, body sent at once (no Expect)
out=$(python3 "$RAW" flood "$PORT" 12 $((60 * 1024 * 1024)) /api/v1/import)
eq "every unauthenticated upload answered 401" "$(echo "$out" | sort | uniq -c | awk '{print $1, $2}')" "12 401"
after=$(hwm)
growth=$(( (after - before) / 1024 ))
[ "$growth" -lt 48 ] && pass "peak RSS grew by $growth MiB (< 48) for 720 MiB refused" \
  || fail "peak RSS bounded" "grew by $growth MiB"

# with curl (Expect: 100-continue) the body is never sent
head -c $((8 * 1024 * 1024)) /dev/zero > "$T/big.csv"
req - POST /import "@$T/big.csv" text/csv
eq "unauthenticated import: 401" "$CODE" "401"
eq "401 JSON body" "$(echo "$BODY" | jq -r .error.code)" "unauthenticated"

login top "$PW"
eq "login body read before authentication" "$CODE" "200"
# a session but no CSRF token: refused before the body
code=$(curl -s -o "$T/b" -w '%{http_code}' -b "$T/jar-top" -H 'Content-Type: text/csv' \
  --data-binary "@$T/big.csv" "$U/import")
eq "import without CSRF token: 403" "$code" "403"
# more than the buffered-body memory (--body-memory 4 MiB): 503, declared or chunked
req top POST /import "@$T/big.csv" text/csv
eq "body over the buffered-body memory: 503" "$CODE" "503"
eq "503 code" "$(echo "$BODY" | jq -r .error.code)" "unavailable"
has "503 Retry-After" "$HDRS" "Retry-After: 5"
code=$(curl -s -o "$T/b" -w '%{http_code}' -b "$T/jar-top" -H "X-CSRF-Token: ${CSRF[top]}" \
  -H 'Content-Type: text/csv' -H 'Transfer-Encoding: chunked' --data-binary "@$T/big.csv" "$U/import")
eq "chunked body over the buffered-body memory: 503" "$code" "503"
# the memory is given back: a small import goes through
printf 'not,a,template\n' > "$T/small.csv"
req top POST /import "@$T/small.csv" text/csv
case "$CODE" in 503|401|403) fail "small import after the refusals" "$CODE $BODY" ;; *) pass "small import after the refusals ($CODE)" ;; esac
