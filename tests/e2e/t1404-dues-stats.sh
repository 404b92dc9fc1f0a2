#!/usr/bin/env bash
# t1404-dues-stats.sh - dues collected and arrears by subtree and month from
# the statistics engine: 'orgwork dues stats' in text, JSON and CSV, each
# month equal to the sum of the ledgers of the subtree's organizations, the
# refusals of a range as usage errors naming their field; GET
# /orgs/{id}/dues/stats with the same answer, kept current after a payment
# through the API, after one by another process (the dues read again) and
# after a member's death (the organization's cells recomputed from the
# change, no rebuild); an organization outside the caller's scope answering
# exactly like a missing one; a snapshot holding the dues, a start from it
# reading none, and a start after a dues write reading them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
ok "A: salaried 3000 (15.00 a month)" dues base "$PA" --category salaried --income 3000 --from 2025-01
ok "A1: student (0.20)" dues base "$PA1" --category student --from 2025-01
ok "B: retired 5000 (25.00)" dues base "$PB" --category retired --income 5000 --from 2025-01
ok "A pays January to March" dues pay "$PA" --month 2025-01 --months 3 --amount 45 --date 2025-03-10
ok "A1 pays the half year" dues pay "$PA1" --month 2025-01 --months 6 --amount 1.2 --date 2025-01-10
ok "B pays January" dues pay "$PB" --month 2025-01 --amount 25 --date 2025-01-10
ok "A is exempt in May" dues reduce "$PA" --kind exempt --from 2025-05 --to 2025-05 --approval "党委〔2025〕3号" --approved 2025-04-20
ok "A1 reduced to 0.10 from April" dues reduce "$PA1" --kind reduce --from 2025-04 --amount 0.1 --approval "党委〔2025〕4号" --approved 2025-03-20
ok "A's special payment in March" dues special "$PA" --amount 100 --date 2025-03-15

cols='[.months[]|[.month,.members_due,.due_fen,.paid_fen,.paid_full,.arrears_members,.arrears_fen,.special_fen]]'
ow --format json dues stats --org A --from 2025-01 --to 2025-06
eq "A's subtree by month" "$(jq -c "$cols" <<<"$OUT")" \
  '[["2025-01",2,1520,1520,2,0,0,0],["2025-02",2,1520,1520,2,0,0,0],["2025-03",2,1520,1520,2,0,0,10000],["2025-04",2,1510,20,1,1,1500,0],["2025-05",1,10,20,1,1,1500,0],["2025-06",2,1510,20,1,1,3000,0]]'
eq "totals: sums of the months, arrears of the last" "$(jq -c .totals <<<"$OUT")" \
  '{"due_fen":7590,"paid_fen":4620,"special_fen":10000,"arrears_members":1,"arrears_fen":3000}'
CLI_A=$(jq -c .months <<<"$OUT")
# every month: the sum of the ledgers of A and A1
for m in 2025-01 2025-03 2025-04 2025-05 2025-06; do
  ow --format json dues ledger --org A --month $m; la=$(jq -c '.totals' <<<"$OUT")
  ow --format json dues ledger --org A1 --month $m; l1=$(jq -c '.totals' <<<"$OUT")
  sum=$(jq -nc --argjson a "$la" --argjson b "$l1" '[$a.due_fen+$b.due_fen,$a.paid_fen+$b.paid_fen,$a.arrears_fen+$b.arrears_fen,$a.in_arrears+$b.in_arrears]')
  ow --format json dues stats --org A --from $m --to $m
  eq "$m equals the ledgers of A and A1" "$(jq -c '.months[0]|[.due_fen,.paid_fen,.arrears_fen,.arrears_members]' <<<"$OUT")" "$sum"
done
ow --format json dues stats --org R --from 2025-01 --to 2025-02
eq "R's subtree holds B too" "$(jq -c '[.months[]|[.members_due,.due_fen,.paid_fen,.arrears_fen]]' <<<"$OUT")" '[[3,4020,4020,0],[3,4020,1520,2500]]'
ow --format json dues stats --org U --from 2025-01 --to 2025-02
eq "nothing in U" "$(jq -c '[.months[]|.due_fen]' <<<"$OUT")" '[0,0]'
ok "text" dues stats --org A --from 2025-04 --to 2025-04
has "text row" "$OUT" "2025-04	2 due	due 15.10	paid 0.20 (1 in full)	arrears 15.00 (1 in arrears)	special 0.00"
ok "csv" dues stats --org A --from 2025-03 --to 2025-04 --format csv
eq "csv rows" "$OUT" "month,members_due,due_fen,paid_fen,paid_full,arrears_members,arrears_fen,special_fen
2025-03,2,1520,1520,2,0,0,10000
2025-04,2,1510,20,1,1,1500,0"
fails "no --from" 2 dues stats --org A --to 2025-04
has "names from" "$ERR" "from"
fails "37 months" 2 dues stats --org A --from 2024-01 --to 2027-01
has "names to" "$ERR" "to"
fails "to before from" 2 dues stats --org A --from 2025-04 --to 2025-03
has "names to" "$ERR" "to"
fails "a bad month" 2 dues stats --org A --from 2025-13 --to 2025-14
has "names from" "$ERR" "from"
fails "unknown org" 1 dues stats --org NOPE --from 2025-01 --to 2025-02
fails "a bad format" 2 dues stats --org A --from 2025-01 --to 2025-02 --format xlsx

serve_start
login officer "$PW"
login auditor "$PW"
login member "$PW"
cfp() { echo "$BODY" | jq -r '[.error.code, .error.field] + [(.error.params // {}) | to_entries[] | .key + "=" + .value] | join(" ")'; }
req officer GET "/orgs/$OA/dues/stats?from=2025-01&to=2025-06"
eq "the API answers as the command line" "$CODE $(jq -c .months <<<"$BODY")" "200 $CLI_A"
req auditor GET "/orgs/$OA1/dues/stats?from=2025-04&to=2025-04"
eq "an auditor reads the statistics of A1" "$CODE $(jq -c '.months[0]|[.due_fen,.paid_fen]' <<<"$BODY")" "200 [10,20]"
req member GET "/orgs/$OA/dues/stats?from=2025-01&to=2025-06"
eq "a member has none" "$CODE" "403"
req officer GET "/orgs/$OA/dues/stats?from=2025-01&to=2028-01"
eq "too long a range" "$CODE $(cfp)" "422 out_of_range to max=36"
req officer GET "/orgs/$OA/dues/stats?to=2025-01"
eq "from required" "$CODE $(cfp)" "422 required from"
req officer GET "/orgs/$OA/dues/stats?from=June&to=2025-01"
eq "a bad month" "$CODE $(cfp)" "422 dues_bad_month from"
req officer GET "/orgs/$OB/dues/stats?from=2025-01&to=2025-06"
eq "a sibling outside the scope: 404" "$CODE" "404"
BB=$(jq -c .error <<<"$BODY" | sed "s/\b$OB\b/N/g")
req officer GET "/orgs/999999/dues/stats?from=2025-01&to=2025-06"
eq "a missing one: 404" "$CODE" "404"
eq "the same answer" "$(jq -c .error <<<"$BODY" | sed 's/999999/N/g')" "$BB"
req officer GET "/orgs/$OR/dues/stats?from=2025-01&to=2025-06"
eq "the parent outside the scope: 404" "$CODE" "404"

# a payment through the API: the engine's cell of A follows at once
req officer POST "/members/$PA/dues" '{"act":"pay","month":"2025-04","amount_fen":1500,"date":"2025-04-10"}'
eq "A pays April" "$CODE" "201"
req officer GET "/orgs/$OA/dues/stats?from=2025-04&to=2025-06"
eq "April paid, June owes one month" "$(jq -c '[.months[]|[.paid_fen,.paid_full,.arrears_members,.arrears_fen]]' <<<"$BODY")" \
  '[[1520,2,0,0],[20,1,0,0],[20,1,1,1500]]'
# a payment by another process (the command line while the server runs)
ok "A pays June from the command line" dues pay "$PA" --month 2025-06 --amount 15 --date 2025-06-10
req officer GET "/orgs/$OA/dues/stats?from=2025-06&to=2025-06"
eq "seen by the server" "$(jq -c '.months[0]|[.paid_fen,.arrears_fen]' <<<"$BODY")" '[1520,0]'
has "read again after the other process wrote" "$(cat "$T/serve.log")" "dues read again"
# a member leaving A: the cells of A lose the member's dues
req officer POST "/members/$PA/dues" '{"act":"special","amount_fen":500,"date":"2025-06-20"}'
req officer GET "/orgs/$OA/dues/stats?from=2025-06&to=2025-06"
eq "the special payment counted" "$(jq -c '.months[0].special_fen' <<<"$BODY")" '500'
# a member leaving: the organization's cells lose the member's dues at once
req officer GET "/orgs/$OA/dues/stats?from=2025-04&to=2025-04"
before=$(jq -c '.months[0]|[.members_due,.due_fen]' <<<"$BODY")
eq "A's subtree before: A and A1 due in April" "$before" '[2,1510]'
req officer POST "/members/$PA1/end" "$(jq -nc --argjson by "$OA" '{kind:"death",date:"2025-05-01",by_org_id:$by}')"
eq "A1's member dies" "$CODE" "200"
req officer GET "/orgs/$OA/dues/stats?from=2025-04&to=2025-04"
eq "no longer counted (a current member's dues only, as the ledger)" "$(jq -c '.months[0]|[.members_due,.due_fen]' <<<"$BODY")" '[1,1500]'
ow --format json dues ledger --org A1 --month 2025-04
eq "the ledger of A1 agrees" "$(jq -c '.totals.members' <<<"$OUT")" '0'
eq "read again once only: for the other process's write, never for the server's own" "$(grep -c 'dues read again' "$T/serve.log")" "1"
eq "and built once, at the start: the writes reached it as changes" "$(grep -c 'statistics engine built' "$T/serve.log")" "1"

# ---- a snapshot holds the dues: a start from it answers without reading them ----
req officer GET "/orgs/$OA/dues/stats?from=2025-01&to=2025-06"
want=$BODY
serve_stop
serve_start --snapshot "$T/s.snap"
has "the first start builds" "$(cat "$T/serve.log")" "statistics engine built"
serve_stop
[ -s "$T/s.snap" ] && pass "snapshot written at the stop" || fail "snapshot written at the stop"
serve_start --snapshot "$T/s.snap"
has "the second start: dues from the snapshot" "$(cat "$T/serve.log")" "dues from the snapshot"
login officer "$PW"
req officer GET "/orgs/$OA/dues/stats?from=2025-01&to=2025-06"
eq "the same months after the start from the snapshot" "$BODY" "$want"
serve_stop
ok "a dues payment while the server is stopped" dues pay "$PA" --month 2025-07 --amount 15 --date 2025-07-10
serve_start --snapshot "$T/s.snap"
has "dues written since the snapshot: read from the database" "$(cat "$T/serve.log")" "dues read from the database"
login officer "$PW"
req officer GET "/orgs/$OA/dues/stats?from=2025-07&to=2025-07"
eq "and the new payment counted" "$(jq -c '.months[0].paid_fen >= 1500' <<<"$BODY")" 'true'
serve_stop
