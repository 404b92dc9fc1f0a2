#!/usr/bin/env bash
# t1402-dues-api.sh - POST/GET /members/{id}/dues and GET /orgs/{id}/dues:
# a base with its monthly amount in fen, a payment of three months split
# evenly, a special payment, an exemption, refusals with code and field,
# the member's months with arrears, a member reading their own dues, the
# ledger of an organization with totals; a person or organization outside
# the caller's scope answers exactly like a missing one.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
serve_start
login officer "$PW"
login member "$PW"
cfp() { echo "$BODY" | jq -r '[.error.code, .error.field] + [(.error.params // {}) | to_entries[] | .key + "=" + .value] | join(" ")'; }
du() { req officer POST "/members/$1/dues" "$2"; }

du "$PA" '{"act":"base","category":"salaried","income_fen":300001,"from":"2025-01"}'
eq "base: 201 with 30.00 a month" "$CODE $(jq -c '[.base.monthly_fen,.base.review_month]' <<<"$BODY")" '201 [3000,"2026-01"]'
du "$PA" '{"act":"base","category":"retired","income_fen":500000,"from":"2025-01"}'
eq "retired 5000: 25.00" "$CODE $(jq .base.monthly_fen <<<"$BODY")" "201 2500"
du "$PA" '{"act":"base","category":"farmer","amount_fen":101,"from":"2025-01"}'
eq "farmer above 1 yuan" "$CODE $(cfp)" "422 dues_farmer_amount amount min=0.20 max=1.00"
du "$PA" '{"act":"base","category":"salaried","from":"2025-01"}'
eq "salaried without income" "$CODE $(cfp)" "422 required income"
du "$PA" '{"act":"base","category":"salaried","income_fen":1,"from":"2025-1"}'
eq "a bad month" "$CODE $(cfp)" "422 dues_bad_month from"
du "$PA" '{"act":"fly"}'
eq "unknown act" "$CODE $(cfp)" "422 invalid_choice act"
du "$PA" '{"act":"pay","month":"2024-12","amount_fen":100,"date":"2025-01-02"}'
eq "no base for the month: 409" "$CODE $(cfp)" "409 dues_no_base month month=2024-12"
du "$PA" '{"act":"pay","month":"2025-01","months":3,"amount_fen":7501,"date":"2025-03-10","method":"微信"}'
eq "three months: 201, one batch" "$CODE $(jq -c '[.batch,[.payments[]|.amount_fen]]' <<<"$BODY")" '201 [1,[2501,2500,2500]]'
du "$PA" '{"act":"special","amount_fen":100000,"date":"2025-07-01","note":"自愿"}'
eq "special" "$CODE $(jq -c '[.specials[]|.amount_fen]' <<<"$BODY")" '201 [100000]'
du "$PA" '{"act":"reduce","kind":"exempt","from":"2025-05","to":"2025-05","approval":"党委〔2025〕1号","approved":"2025-04-01"}'
eq "exemption" "$CODE $(jq -c '.relief|[.kind,.from,.to]' <<<"$BODY")" '201 ["exempt","2025-05","2025-05"]'
du "$PA" '{"act":"reduce","kind":"reduce","from":"2025-05","amount_fen":10,"approved":"2025-04-01"}'
eq "no approval" "$CODE $(cfp)" "422 required approval"

req officer GET "/members/$PA/dues?month=2025-06"
eq "months to June" "$CODE $(jq -c '[.months[]|[.month,.due_fen,.paid_fen,.arrears_months]]' <<<"$BODY")" \
  '200 [["2025-01",2500,2501,0],["2025-02",2500,2500,0],["2025-03",2500,2500,0],["2025-04",2500,0,1],["2025-05",0,0,1],["2025-06",2500,0,2]]'
req member GET "/members/$PA/dues?month=2025-06"
eq "a member reads their own dues" "$CODE $(jq '.months|length' <<<"$BODY")" "200 6"
req member GET "/members/$PA1/dues"
eq "not another's" "$CODE" "404"
req officer GET "/members/$PB/dues"
eq "a person outside the scope: 404" "$CODE" "404"
BB=$(jq -c .error <<<"$BODY" | sed "s/\b$PB\b/N/g")
req officer GET "/members/999999/dues"
eq "like a missing one" "$(jq -c .error <<<"$BODY" | sed 's/999999/N/g')" "$BB"
du "$PB" '{"act":"special","amount_fen":1,"date":"2025-07-01"}'
eq "no write outside the scope" "$CODE" "404"
eq "nothing written for PB" "$(sql "SELECT count(*) FROM dues_specials WHERE person_id=$PB")" 0

req officer GET "/orgs/$OA/dues?month=2025-06"
eq "ledger of A in June" "$CODE $(jq -c '[.items[]|[.person_id,.due_fen,.paid_fen,.arrears_fen]]' <<<"$BODY")" "200 [[$PA,2500,0,5000]]"
eq "totals" "$(jq -c .totals <<<"$BODY")" '{"members":1,"due_fen":2500,"paid_fen":0,"arrears_fen":5000,"in_arrears":1}'
req officer GET "/orgs/$OA/dues?month=June"
eq "a bad month" "$CODE $(cfp)" "422 dues_bad_month month"
req officer GET "/orgs/$OB/dues?month=2025-06"
eq "an organization outside the scope: 404" "$CODE" "404"
req member GET "/orgs/$OA/dues?month=2025-06"
eq "a member has no ledger" "$CODE" "403"
eq "the read is logged" "$(sql "SELECT count(*) FROM access_log WHERE object = 'person/$PA/dues'")" 2
req officer GET "/orgs/$OA/todo"
eq "the workbench's to-do: A's member six months short" "$(jq -c '[.items[]|select(.key|startswith("dues"))|[.key,.count,.link]]' <<<"$BODY")" \
  "[[\"dues_arrears_3m\",0,\"/org/$OA/findings?rule=dues_arrears_3m\"],[\"dues_arrears_6m\",1,\"/org/$OA/findings?rule=dues_arrears_6m\"]]"
# paid up: the next count sees it (nothing remembered from the request before)
du "$PA" '{"act":"pay","month":"2025-04","months":12,"amount_fen":30000,"date":"2026-11-20"}'
du "$PA" '{"act":"pay","month":"2026-04","months":7,"amount_fen":17500,"date":"2026-11-20"}'
eq "paid up to October 2026" "$CODE" "201"
req officer GET "/orgs/$OA/todo"
eq "no dues to-do any more" "$(jq -c '[.items[]|select(.key|startswith("dues"))|.count]' <<<"$BODY")" "[0,0]"
