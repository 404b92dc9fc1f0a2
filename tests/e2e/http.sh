# http.sh - helpers for the end-to-end scripts of the HTTP API (sourced
# after lib.sh, not run). Starts 'orgwork serve' on 127.0.0.1 with a port
# the server picks, stops it when the script exits, and wraps curl.
#
#   serve_start            starts the server on $DB; sets $PORT and $U (API base)
#   login NAME PASS [TOTP] logs in as NAME, keeps its cookie jar and CSRF token
#   req AS METHOD PATH [BODY [CONTENT-TYPE]]
#                          one request as user AS ("-" = no session); sets
#                          $CODE (HTTP status), $BODY (response body), $HDRS
export ORGWORK_PWHASH=fast
# libxlsxwriter keeps a few strings to the end (export, template).
export LSAN_OPTIONS="suppressions=$FIX/import/lsan-xlsxwriter.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
declare -A CSRF
SERVE_PID=

serve_start() {
  "$ORGWORK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 "$@" >"$T/serve.out" 2>"$T/serve.log" &
  SERVE_PID=$!
  for _ in $(seq 100); do
    grep -q '^listening on ' "$T/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  PORT=$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$T/serve.out")
  U="http://127.0.0.1:$PORT/api/v1"
  [ -n "$PORT" ] || { fail "server started" "$(cat "$T/serve.log")"; exit 1; }
}

serve_stop() {
  [ -n "$SERVE_PID" ] || return 0
  kill -TERM "$SERVE_PID" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SERVE_PID" 2>/dev/null; then
    kill -KILL "$SERVE_PID"; fail "server stops on SIGTERM"
  fi
  wait "$SERVE_PID" 2>/dev/null; SERVE_RC=$?
  SERVE_PID=
  if grep -qE 'Sanitizer|runtime error:' "$T/serve.log"; then
    fail "server sanitizer clean" "$(grep -E -A20 'Sanitizer|runtime error:' "$T/serve.log" | head -40)"
  fi
}
trap 'serve_stop; _finish' EXIT

req() {
  local as=$1 method=$2 path=$3 body=${4-} ctype=${5:-application/json}
  local args=(-s -o "$T/body" -D "$T/hdrs" -w '%{http_code}' --max-time 20 -X "$method")
  if [ "$as" != "-" ]; then
    args+=(-b "$T/jar-$as" -c "$T/jar-$as")
    [ -n "${CSRF[$as]:-}" ] && args+=(-H "X-CSRF-Token: ${CSRF[$as]}")
  fi
  if [ -n "$body" ]; then
    if [ "${body:0:1}" = "@" ]; then args+=(--data-binary "$body"); else args+=(--data-raw "$body"); fi
    args+=(-H "Content-Type: $ctype")
  fi
  CODE=$(curl "${args[@]}" "$U$path")
  BODY=$(tr -d '\000' < "$T/body")
  HDRS=$(cat "$T/hdrs")
}

login() {
  local name=$1 pw=$2 totp=${3-} b
  if [ -n "$totp" ]; then
    b=$(jq -nc --arg l "$name" --arg p "$pw" --arg t "$totp" '{login:$l,password:$p,totp:$t}')
  else
    b=$(jq -nc --arg l "$name" --arg p "$pw" '{login:$l,password:$p}')
  fi
  CSRF[$name]=
  req "$name" POST /session "$b"
  CSRF[$name]=$(echo "$BODY" | jq -r '.csrf_token // empty' 2>/dev/null)
}

# idnum 17DIGITS: the 18-character citizen ID with its check character.
idnum() {
  local d=$1 w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c=(1 0 X 9 8 7 6 5 4 3 2) s=0 i
  for i in $(seq 0 16); do s=$((s + ${d:$i:1} * ${w[$i]})); done
  echo "$d${c[$((s % 11))]}"
}

# make_tree: R > A > A1 (branch), R > B (sibling of A), U (unrelated root);
# one full member in each of A, A1, R, B, U (ids in PA PA1 PR PB PU; org ids
# in OR OA OA1 OB OU); users with password $PW: officer, secretary,
# auditor (scope A), member (person PA), sysadmin and secadmin (no TOTP,
# demo mode).
PW='correct horse battery staple'
make_tree() {
  ow init
  ow org add --code R --name 省委 --kind committee --established 1949-10-01; OR=$OUT
  ow org add --code A --name 市委甲 --kind committee --parent R --established 1980-01-01; OA=$OUT
  ow org add --code A1 --name 第一支部 --kind branch --parent A --established 1990-01-01; OA1=$OUT
  ow org add --code B --name 市委乙 --kind committee --parent R --established 1980-01-01; OB=$OUT
  ow org add --code U --name 另一党委 --kind committee --established 1980-01-01; OU=$OUT
  local n=1 o
  for o in A A1 R B U; do
    ow member add --name "党员$o" --sex 女 --ethnicity 01 --education 21 --occupation workers \
      --org "$o" --status full --admitted 1975-01-01 --phone "1381234567$n" --address "地址$o" \
      --id-number "$(idnum "11010519500101$(printf '%03d' $((2 * n)))")"
    printf -v "P$o" '%s' "$OUT"
    n=$((n + 1))
  done
  [ -n "$PA" ] && [ -n "$PU" ] || fail "fixture members" "$ERR"
  ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope A --no-totp --password-stdin <<< "$PW"
  ORGWORK_INSECURE_DEMO=1 ow user add --login secretary --role branch_secretary --scope A --no-totp --password-stdin <<< "$PW"
  ow user add --login auditor --role auditor --scope A --password-stdin <<< "$PW"
  ow user add --login member --role member --person "$PA" --password-stdin <<< "$PW"
  ORGWORK_INSECURE_DEMO=1 ow user add --login sysadmin --role sysadmin --no-totp --password-stdin <<< "$PW"
  ORGWORK_INSECURE_DEMO=1 ow user add --login secadmin --role secadmin --no-totp --password-stdin <<< "$PW"
  [ "$RC" -eq 0 ] || fail "fixture users" "$ERR"
}
