#!/usr/bin/env bash
# t0115-field-limits.sh - the command line refuses an over-long text field
# exactly as the HTTP API does (the limits of model/ person_set_text and
# org_set_text): same field, same message, exit 1 against 422, and nothing
# is stored (the command line used to cut the value short silently).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

rep() { local s=$1 n=$2 out=; for _ in $(seq "$n"); do out+=$s; done; printf '%s' "$out"; }
A300=$(rep a 300)

ow init
ow org add --code R --name 省委 --kind committee --established 1949-10-01; OR=$OUT
ow member add --name 张三 --sex 男 --ethnicity 01 --education 21 --occupation workers \
  --birth-date 1980-01-01 --org R --status full --admitted 2000-01-01; P1=$OUT
ORGWORK_INSECURE_DEMO=1 ow user add --login officer --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
[ -n "$OR" ] && [ -n "$P1" ] && [ "$RC" -eq 0 ] || fail "fixture" "$ERR"
serve_start
login officer "$PW"
eq "login" "$CODE" "200"

persons() { sql "SELECT count(*) FROM persons"; }
orgs() { sql "SELECT count(*) FROM orgs"; }
state() { sql "SELECT group_concat(name, '|') FROM (SELECT name FROM orgs UNION ALL SELECT name FROM persons)"; }

# same DESC FIELD MESSAGE: the last CLI run ($ERR, $RC) and the last request
# ($CODE, $BODY) refused the field with MESSAGE, and nothing changed.
same() {
  local d=$1 field=$2 msg=$3
  eq "$d: CLI exit 1" "$RC" "1"
  eq "$d: CLI message" "$ERR" "orgwork: invalid: $field: $msg"
  eq "$d: API 422" "$CODE" "422"
  eq "$d: API field and message" "$(echo "$BODY" | jq -r '.error.field + ": " + .error.message')" "$field: $msg"
  eq "$d: nothing stored" "$(persons) $(orgs) $(state)" "$before"
}
before="$(persons) $(orgs) $(state)"
member='--sex 男 --ethnicity 01 --education 21 --occupation workers --birth-date 1980-01-01'
body() { jq -nc --arg k "$1" --arg v "$2" --argjson o "$OR" '{name:"李四",sex:"male",ethnicity:"han",education:"bachelor",occupation:"workers",birth_date:"1980-01-01",org_id:$o,status:"full",admitted:"2000-01-01"} + {($k):$v}'; }

# ---- person fields ----
# shellcheck disable=SC2086
ow member add --name "$A300" $member
req officer POST /members "$(body name "$A300")"
same "member name of 300 characters" name "name is longer than 30 characters"
ow member add --name "$(rep 张 31)" $member
req officer POST /members "$(body name "$(rep 张 31)")"
same "member name of 31 Hanzi" name "name is longer than 30 characters"
ow member add --name 李四 --address "$A300" $member
req officer POST /members "$(body address "$A300")"
same "address of 300 bytes" address "address is longer than 255 bytes"
ow member add --name 李四 --phone "$(rep 1 30)" $member
req officer POST /members "$(body phone "$(rep 1 30)")"
same "phone of 30 digits" phone "phone is longer than 23 bytes"
ow member add --name 李四 --id-number 11010519800101001X9 $member
req officer POST /members "$(body id_number 11010519800101001X9)"
same "ID number of 19 characters" id_number "id_number is longer than 18 bytes"
ow member edit "$P1" --name "$A300"
req officer PATCH "/members/$P1" "$(jq -nc --arg v "$A300" '{name:$v}')"
same "edit: name of 300 characters" name "name is longer than 30 characters"
ow member edit "$P1" --address "$(rep 地 90)"
req officer PATCH "/members/$P1" "$(jq -nc --arg v "$(rep 地 90)" '{address:$v}')"
same "edit: address of 270 bytes" address "address is longer than 255 bytes"

# what fits is stored whole, by both (255 bytes of address)
ow member edit "$P1" --address "$(rep 地 85)"
eq "address of 255 bytes accepted" "$RC" "0"
ow --format json member show "$P1" --reveal
eq "stored whole" "$(echo "$OUT" | jq -r .address)" "$(rep 地 85)"

# ---- organization fields ----
org='--kind branch --parent R --established 2000-01-01'
obody() { jq -nc --arg org "$OR" --arg k "$1" --arg v "$2" --argjson p "$OR" '{code:"B1",name:"支部",kind:"branch",parent_id:$p,sector:"rural",established:"2000-01-01"} + {($k):$v}'; }
before="$(persons) $(orgs) $(state)"
# shellcheck disable=SC2086
ow org add --code "$(rep C 40)" --name 支部 $org
req officer POST /orgs "$(obody code "$(rep C 40)")"
same "org code of 40 characters" code "code is longer than 39 characters"
ow org add --code B1 --name "$(rep 党 81)" $org
req officer POST /orgs "$(obody name "$(rep 党 81)")"
same "org name of 81 Hanzi" name "name is longer than 80 characters"
ow org add --code B1 --name 支部 --division 1101020010011 $org
req officer POST /orgs "$(obody division 1101020010011)"
same "division of 13 digits" division "division is longer than 12 bytes"
ow org add --code B1 --name 支部 --purpose "$A300" $org
req officer POST /orgs "$(obody purpose "$A300")"
same "purpose of 300 bytes" purpose "purpose is longer than 255 bytes"
ow org add --code B1 --name 支部 --label "$A300" $org
req officer POST /orgs "$(obody label "$A300")"
same "label of 300 bytes" label "label is longer than 255 bytes"
ow org rename R --name "$A300"
req officer POST "/orgs/$OR/rename" "$(jq -nc --arg v "$A300" '{name:$v}')"
same "rename to 300 characters" name "name is longer than 80 characters"
