#!/usr/bin/env bash
# t0981-transfer-cross-province.sh - a transfer from Beijing to Hebei done by
# two officers, each scoped to one province: the sender finds the
# destination by the destination search (codes and names only; a code,
# the start of a code or a name, or any part of a name), issues the
# letter; the receiver sees the incoming transfer and the member's record
# from then on, and nothing else of Beijing; a branch of Hebei takes the
# member in; afterwards the sender still reads its letter but no longer the
# member. A returned letter ends the receiver's view of the member. Foreign
# transfer ids answer exactly like missing ones.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

ow init
ow org add --code BJ --name 北京市委 --kind committee --established 1949-10-01; OBJ=$OUT
ow org add --code BJ1 --name 北京第一支部 --kind branch --parent BJ --established 1990-01-01; OBJ1=$OUT
ow org add --code HB --name 河北省委 --kind committee --established 1949-10-01; OHB=$OUT
ow org add --code HB1 --name 河北第一支部 --kind branch --parent HB --established 1990-01-01; OHB1=$OUT
ow org add --code HB2 --name 河北第二支部 --kind branch --parent HB --established 1990-01-01; OHB2=$OUT
ow org add --code HB3 --name 河北第三支部 --kind branch --parent HB --established 1990-01-01
ow org dissolve HB3 --date 2020-01-01
add() { ow member add --name "$1" --sex 女 --ethnicity 01 --education 21 --occupation workers \
  --org BJ1 --status full --admitted 1990-01-01 --id-number "$(idnum "$2")"; }
add 张转出 11010519700101002; P1=$OUT
add 李留下 11010519700101004; P2=$OUT
add 王退回 11010519700101006; P3=$OUT
ORGWORK_INSECURE_DEMO=1 ow user add --login bjofficer --role org_officer --scope BJ --no-totp --password-stdin <<< "$PW"
ORGWORK_INSECURE_DEMO=1 ow user add --login hbofficer --role org_officer --scope HB --no-totp --password-stdin <<< "$PW"
[ "$RC" -eq 0 ] || fail "fixture users" "$ERR"
ORGWORK_INSECURE_DEMO=1 ow user add --login hb2sec --role branch_secretary --scope HB2 --no-totp --password-stdin <<< "$PW"
[ "$RC" -eq 0 ] || fail "fixture users" "$ERR"
serve_start
login bjofficer "$PW"; login hbofficer "$PW"; login hb2sec "$PW"

# ---- the sender finds the destination: codes and names only ----
req bjofficer GET "/transfer-destinations?q=%E6%B2%B3%E5%8C%97"
eq "destination search answers 200" "$CODE" "200"
eq "destination search: codes and names of Hebei" "$(echo "$BODY" | jq -c '[.items[] | [.code, .name]]')" '[["HB","河北省委"],["HB1","河北第一支部"],["HB2","河北第二支部"]]'
eq "destination search: no other field" "$(echo "$BODY" | jq -c '[.items[] | keys] | unique')" '[["code","name"]]'
req bjofficer GET "/transfer-destinations?q=HB1"
eq "an exact code first" "$(echo "$BODY" | jq -r '.items[0].code')" "HB1"
req bjofficer GET "/transfer-destinations?q=H"
eq "code prefixes" "$(echo "$BODY" | jq -r '[.items[].code] | join(",")')" "HB,HB1,HB2"
req bjofficer GET "/transfer-destinations?q=%E7%AC%AC%E4%B8%80%E6%94%AF%E9%83%A8"
eq "a name found by any part of it (第一支部), in name order" "$CODE $(echo "$BODY" | jq -c '[[.items[] | [.code, .name]], .partial]')" \
  '200 [[["BJ1","北京第一支部"],["HB1","河北第一支部"]],false]'
req bjofficer GET "/transfer-destinations?q=%E5%8C%97"
eq "names starting with it first (北京…), then those holding it (河北…)" "$(echo "$BODY" | jq -r '[.items[].code] | join(",")')" "BJ,BJ1,HB,HB1,HB2"
req bjofficer GET "/transfer-destinations?q=%E7%AC%AC%E4%B8%89%E6%94%AF%E9%83%A8"
eq "a dissolved organization is no destination (第三支部)" "$CODE $(echo "$BODY" | jq -c .items)" "200 []"
req bjofficer GET "/transfer-destinations?q="
eq "an empty search refused" "$CODE $(echo "$BODY" | jq -r .error.field)" "422 q"
req bjofficer GET "/orgs/$OHB"
eq "the sender cannot read Hebei's organization" "$CODE" "404"

# ---- start ----
req bjofficer POST /transfers "$(jq -nc --argjson p "$P1" '{person_id:$p,to:"HB",date:"2025-03-01",letter:"京组转〔2025〕7号"}')"
eq "the sender starts the letter: 201" "$CODE" "201"
T1=$(echo "$BODY" | jq -r .id)
eq "the sender sees Hebei by code and name only" "$(echo "$BODY" | jq -c .to)" '{"code":"HB","name":"河北省委"}'
req hbofficer POST /transfers "$(jq -nc --argjson p "$P2" '{person_id:$p,to:"HB",date:"2025-03-01"}')"
eq "the receiver cannot start a letter for a Beijing member" "$CODE $(echo "$BODY" | jq -r .error.field)" "404 person_id"
req bjofficer POST /transfers "$(jq -nc --argjson p "$P2" '{person_id:$p,to:"abroad",date:"2025-03-01"}')"
eq "abroad refused with its code" "$CODE $(echo "$BODY" | jq -r .error.code)" "422 transfer_abroad"
req bjofficer POST /transfers "$(jq -nc --argjson p "$P2" '{person_id:$p,to:"military",date:"2025-03-01"}')"
eq "military system refused with its code" "$CODE $(echo "$BODY" | jq -r .error.code)" "422 transfer_military"

# ---- the receiver sees the incoming transfer and the member, nothing else ----
req hbofficer GET "/transfers?org=$OHB&direction=in"
eq "incoming at Hebei" "$(echo "$BODY" | jq -r '[.items[] | .id] | join(",")')" "$T1"
eq "the sender shown by code and name only" "$(echo "$BODY" | jq -c '.items[0].from')" '{"code":"BJ1","name":"北京第一支部"}'
req hbofficer GET "/members/$P1"
eq "the receiver reads the member in transit" "$CODE $(echo "$BODY" | jq -r .name)" "200 张转出"
req hbofficer GET "/members/$P2"
eq "but no other Beijing member" "$CODE" "404"
req bjofficer GET "/transfers?org=$OBJ&direction=out"
eq "the province's outgoing letters hold its branches' (the subtree)" "$(echo "$BODY" | jq -r '[.items[].id] | join(",")')" "$T1"
req bjofficer GET "/transfers?org=$OBJ&direction=out&subtree=0"
eq "subtree=0: the province itself sent none" "$CODE $(echo "$BODY" | jq -c .items)" "200 []"
req bjofficer GET "/transfers?org=$OBJ&subtree=2"
eq "subtree is 0 or 1" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 subtree"

# ---- the member's transfers (GET /members/{id}/transfers), as reading the member ----
req bjofficer GET "/members/$P1/transfers"
eq "the sender lists the member's transfers" \
  "$CODE $(echo "$BODY" | jq -c '[.items[] | [.id, .letter_no, .from.code, .to.code, .issued, .valid_until, .status, .received, .readable]]')" \
  "200 [[$T1,\"京组转〔2025〕7号\",\"BJ1\",\"HB\",\"2025-03-01\",\"2025-05-31\",\"in_transit\",null,true]]"
eq "the sender sees its own branch with its id, Hebei by code and name" \
  "$(echo "$BODY" | jq -c '[.items[0].from.id, .items[0].to]')" "[$OBJ1,{\"code\":\"HB\",\"name\":\"河北省委\"}]"
req hbofficer GET "/members/$P1/transfers"
eq "the receiving officer sees the incoming transfer on the member" \
  "$CODE $(echo "$BODY" | jq -c '[.items[] | [.id, .status, .readable]]')" "200 [[$T1,\"in_transit\",true]]"
eq "the sending branch by code and name only" "$(echo "$BODY" | jq -c '.items[0].from')" '{"code":"BJ1","name":"北京第一支部"}'
req hbofficer GET "/members/$P2/transfers"
eq "not the transfers of another Beijing member" "$CODE" "404"
req hb2sec GET "/members/$P1/transfers"
sib="$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')"
req hb2sec GET "/members/999999/transfers"
eq "a sibling-scoped user: the same 404 as a missing id" "$sib" "$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')"
eq "which is a 404" "$CODE" "404"
req hbofficer GET "/orgs/$OBJ1"
eq "nor the sending branch" "$CODE" "404"
req hbofficer GET "/orgs/$OBJ1/members"
eq "nor its member list" "$CODE" "404"
req hbofficer GET "/transfers?org=$OBJ1"
eq "nor the sender's transfer list" "$CODE" "404"
req hbofficer PATCH "/members/$P1" '{"occupation":"farmers"}'
eq "the grant is to read, not to edit" "$CODE" "404"
req bjofficer POST "/transfers/$T1/receive" '{"date":"2025-04-01"}'
eq "the sender cannot receive its own letter" "$CODE" "404"
req hbofficer POST "/transfers/$T1/receive" "$(jq -nc --argjson o "$OBJ1" '{date:"2025-04-01",org_id:$o}')"
eq "the receiver cannot name a Beijing organization" "$CODE $(echo "$BODY" | jq -r .error.field)" "404 org_id"

# ---- receive into a Hebei branch ----
req hbofficer POST "/transfers/$T1/receive" "$(jq -nc --argjson o "$OHB1" '{date:"2025-04-01",org_id:$o}')"
eq "received into HB1" "$CODE $(echo "$BODY" | jq -r '[.status, .received, .received_org.code] | join(" ")')" "200 received 2025-04-01 HB1"
eq "the member is at HB1" "$(sql "select org_id from persons where id=$P1")" "$OHB1"
req hbofficer GET "/members/$P1"
eq "the receiver reads the member (now its own)" "$CODE" "200"
req bjofficer GET "/members/$P1"
eq "the sender no longer reads the member" "$CODE" "404"
req hbofficer GET "/members/$P1/transfers"
eq "the member's transfers after receipt: received on the day, into HB1 (with its id)" \
  "$CODE $(echo "$BODY" | jq -c '[.items[] | [.status, .received, .received_org.id]]')" "200 [[\"received\",\"2025-04-01\",$OHB1]]"
req bjofficer GET "/members/$P1/transfers"
bjm="$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')"
req bjofficer GET "/members/999999/transfers"
eq "the sender no longer reads the member's transfers: 404 as a missing id" "$bjm" "$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')"
req hb2sec GET "/members/$P1/transfers"
eq "a sibling branch of the receiver still gets 404" "$CODE" "404"
req bjofficer GET "/transfers/$T1"
eq "the sender still reads its letter, the receiver's side by code and name" \
  "$CODE $(echo "$BODY" | jq -c '[.status, .received_org]')" '200 ["received",{"code":"HB1","name":"河北第一支部"}]'
req hbofficer GET "/transfers/$T1"
eq "the receiver reads it with its own organization's id" "$CODE $(echo "$BODY" | jq -r .received_org.id)" "200 $OHB1"

# ---- a returned letter ----
req bjofficer POST /transfers "$(jq -nc --argjson p "$P3" '{person_id:$p,to:"HB",date:"2025-05-01"}')"
T3=$(echo "$BODY" | jq -r .id)
req hbofficer GET "/members/$P3"
eq "in transit: the receiver reads the member" "$CODE" "200"
req hbofficer POST "/transfers/$T3/return" '{"reason":""}'
eq "a return needs a reason" "$CODE $(echo "$BODY" | jq -r '.error.code + " " + .error.field')" "422 required reason"
req hbofficer POST "/transfers/$T3/return" '{"reason":"介绍信抬头有误","date":"2025-05-05"}'
eq "returned" "$CODE $(echo "$BODY" | jq -r .status)" "200 returned"
req hbofficer GET "/members/$P3"
eq "after the return the receiver no longer reads the member" "$CODE" "404"
eq "a return moves nothing" "$(sql "select org_id from persons where id=$P3")" "$OBJ1"
req bjofficer GET "/members/$P3/transfers"
eq "the member's returned letter, with its date" "$(echo "$BODY" | jq -c '[.items[] | [.status, .returned, .return_reason]]')" '[["returned","2025-05-05","介绍信抬头有误"]]'
req hbofficer GET "/members/$P3/transfers"
eq "after the return the receiver no longer reads the member's transfers" "$CODE" "404"
req bjofficer GET "/transfers?org=$OBJ1&direction=out&status=returned"
eq "the sender sees its returned letter" "$(echo "$BODY" | jq -r '[.items[] | .id] | join(",")')" "$T3"

# ---- foreign ids answer like missing ones ----
ow org add --code SH --name 上海市委 --kind committee --established 1949-10-01
ow member add --name 赵其他 --sex 女 --ethnicity 01 --education 21 --occupation workers \
  --org SH --status full --admitted 1990-01-01 --id-number "$(idnum 11010519700101008)"; P4=$OUT
ow --format json transfer start "$P4" --to BJ --date 2025-06-01; T4=$(echo "$OUT" | jq -r .id)
req hbofficer GET "/transfers/$T4"
foreign="$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')"
req hbofficer GET "/transfers/999999"
eq "a transfer of neither side: the same 404 as a missing one" "$foreign" "$CODE $(echo "$BODY" | jq -c '.error | del(.message, .params, .errors)')"
req bjofficer GET "/transfers/$T4"
eq "the destination's officer reads an incoming letter" "$CODE" "200"
