#!/usr/bin/env bash
# t0721-export-abandoned.sh - an export whose client has gone stops: two
# XLSX exports of 20,000 members over the API, on a server of two worker
# threads, abandoned by their clients after 0.2 s. Both stop (logged as
# 499 with the rows written), a request that follows is answered within
# 1 s, and the server's CPU is idle afterwards. The subtree also holds
# names of long equal collation keys (30 x "ﬃ") at a page boundary.
# test: serial (timing, load or kills: runs alone; see tests/run)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

ow init
ow org add --code R --name 党委 --kind committee --established 1949-10-01; OR=$OUT
ow org add --code L --name 长名支部 --kind branch --parent R --established 1990-01-01; OL=$OUT
ow org add --code N --name 普通支部 --kind branch --parent R --established 1990-01-01
ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
[ "$RC" -eq 0 ] || fail "fixture" "$ERR"
python3 - "$T/members.csv" <<'PY'
import sys
rows = [("ﬃ" * 30, "L")] * 4 + [(chr(0x4e00 + i % 900) + chr(0x5000 + i % 1300), "N")
                                for i in range(20000)]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("姓名,性别,公民身份号码,出生日期,民族,学历,职业,手机号码,联系地址,所在党组织,"
            "党员状态,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,出党或去世日期,备注\n")
    for i, (n, o) in enumerate(rows):
        f.write(f"{n},男,,1980-05-12,汉族,大学本科毕业,工人,139{i:08d},某地{i}号,{o},正式党员,,,,"
                "2002-07-01,2003-07-01,,\n")
PY
ok "import 20,004 members" import "$T/members.csv"

serve_start
login officer "$PW"
cpu() { awk '{print $14 + $15}' "/proc/$SERVE_PID/stat"; }   # clock ticks
for i in 1 2; do
  curl -s -o /dev/null -b "$T/jar-officer" --max-time 0.2 \
    "$U/export?org=$OR&subtree=1&format=xlsx&reason=check" &
done
wait_curls() { for p in $(jobs -p); do [ "$p" = "$SERVE_PID" ] || wait "$p"; done; }
wait_curls
start=$(date +%s%N)
code=$(curl -s -o /dev/null -b "$T/jar-officer" --max-time 10 -w '%{http_code}' "$U/orgs/$OL")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
eq "a request after two abandoned exports is answered" "$code" "200"
[ "$ms" -lt 1000 ] && pass "within 1 s (${ms} ms)" || fail "within 1 s" "took ${ms} ms"

# both exports stopped (before they could have finished) and said so
for _ in $(seq 50); do
  [ "$(grep -c 'the client has gone' "$T/serve.log")" -ge 2 ] && break
  sleep 0.2
done
eq "both abandoned exports stopped" "$(grep -c 'export stopped after [0-9]* rows: the client has gone' "$T/serve.log")" "2"
eq "logged as 499" "$(grep -c '"status":499' "$T/serve.log")" "2"
rows=$(sed -n 's/.*export stopped after \([0-9]*\) rows.*/\1/p' "$T/serve.log" | sort -n | tail -1)
[ -n "$rows" ] && [ "$rows" -lt 20004 ] && pass "stopped early (at most $rows of 20,004 rows)" \
  || fail "stopped early" "rows: $rows"
# idle: less than 0.2 s of CPU over the next second
c0=$(cpu); sleep 1; c1=$(cpu)
tick=$(getconf CLK_TCK)
[ $(( (c1 - c0) * 1000 / tick )) -lt 200 ] && pass "server idle afterwards ($(( (c1 - c0) * 1000 / tick )) ms CPU in 1 s)" \
  || fail "server idle afterwards" "$(( (c1 - c0) * 1000 / tick )) ms CPU in 1 s"
eq "nothing was recorded as exported" "$(sql "select count(*) from access_log where action = 'export'")" "0"

# an export that stays to the end is complete
req officer GET "/export?org=$OL&format=csv&reason=check"
eq "a small export afterwards" "$CODE $(echo "$HDRS" | tr -d '\r' | sed -n 's/^X-Row-Count: //Ip')" "200 4"
serve_stop
