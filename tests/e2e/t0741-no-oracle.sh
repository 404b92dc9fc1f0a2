#!/usr/bin/env bash
# t0741-no-oracle.sh - a duplicate ID number is refused without telling
# anything outside the caller's scope: a branch secretary of A who adds
# or edits a person with the ID number of a person in their own scope
# learns which person it is; with one registered in the parent, a sibling
# or an unrelated organization the answer gives no person id, no name and
# not the number. The command line (whole tree) names the person.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

make_tree
declare -A IDN=([A]=$(idnum 11010519500101002) [A1]=$(idnum 11010519500101004)
                [R]=$(idnum 11010519500101006) [B]=$(idnum 11010519500101008)
                [U]=$(idnum 11010519500101010))
declare -A PID=([A]=$PA [A1]=$PA1 [R]=$PR [B]=$PB [U]=$PU)
declare -A NAME=([A]=党员A [A1]=党员A1 [R]=党员R [B]=党员B [U]=党员U)

serve_start
login secretary "$PW"
eq "secretary logs in" "$CODE" "200"

new() {
  jq -nc --arg id "$1" --argjson org "$OA1" '{name:"李四",sex:"female",ethnicity:"han",
    education:"bachelor",occupation:"workers",birth_date:"1950-01-01",org_id:$org,
    status:"applicant",applied:"2020-01-01",id_number:$id}'
}

# outside the scope: refused, and nothing about the other record
for where in R B U; do
  for how in add edit; do
    if [ $how = add ]; then
      req secretary POST /members "$(new "${IDN[$where]}")"
    else
      req secretary PATCH "/members/$PA1" "$(jq -nc --arg id "${IDN[$where]}" '{id_number:$id}')"
    fi
    eq "$how with the ID number of $where: 409" "$CODE" "409"
    eq "$how $where: field id_number" "$(echo "$BODY" | jq -r .error.field)" "id_number"
    eq "$how $where: code id_number_taken" "$(echo "$BODY" | jq -r .error.code)" "id_number_taken"
    hasnt "$how $where: no ID number in the answer" "$BODY" "${IDN[$where]}"
    hasnt "$how $where: not the first 14 digits either" "$BODY" "${IDN[$where]:0:14}"
    hasnt "$how $where: no name" "$BODY" "${NAME[$where]}"
    hasnt "$how $where: no person id" "$BODY" "person ${PID[$where]}"
    eq "$how $where: no digits in the message" \
      "$(echo "$BODY" | jq -r .error.message | tr -cd '0-9')" ""
    has "$how $where: says who resolves it" "$BODY" "organization department above"
  done
done

# inside the scope: the person may be named
req secretary POST /members "$(new "${IDN[A]}")"
eq "add with the ID number of A (own scope): 409" "$CODE" "409"
has "own scope: names the person" "$BODY" "person $PA"
req secretary PATCH "/members/$PA1" "$(jq -nc --arg id "${IDN[A]}" '{id_number:$id}')"
eq "edit with the ID number of A: 409" "$CODE" "409"
has "own scope edit: names the person" "$BODY" "person $PA"
hasnt "own scope: the number itself is not echoed" "$BODY" "${IDN[A]}"

# nothing was written
eq "no person was added" "$(sql "select count(*) from persons")" "5"

# the command line has the whole tree in scope
fails "CLI add with the ID number of U" 1 member add --name 李四 --sex 女 --ethnicity 01 \
  --education 21 --occupation workers --org A1 --status applicant --applied 2020-01-01 \
  --birth-date 1950-01-01 --id-number "${IDN[U]}"
has "CLI names the person" "$ERR" "person $PU"
