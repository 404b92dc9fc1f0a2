#!/usr/bin/env bash
# t0911-member-sort.sh - the member lists sorted on the server: GET
# /orgs/{id}/members and GET /members take sort=name|birth_date|admitted|
# full|education|status|org and order=asc|desc; paged by cursor with small
# pages, every order gives each row of the whole list exactly once, in the
# order SQLite gives for the same rule (rows without a value last in both
# directions, ties broken by id in the direction of the order), for a
# subtree, one organization and a search; unknown sort keys and orders
# are 400 naming the field; a cursor made for one order is refused with
# another (code cursor_other_sort), and malformed ones stay refused; the
# default order and its cursors are unchanged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
make_tree
ok "second branch" org add --code A2 --name 第二支部 --kind branch --parent A --established 1990-01-01
OA2=$OUT
# ties on every key: equal birth dates, admission dates and educations;
# applicants without admission or full-membership dates; several statuses
add() { # name org status birth education [dates...]
  local name=$1 org=$2 status=$3 birth=$4 edu=$5; shift 5
  ow member add --name "$name" --sex 男 --ethnicity 01 --education "$edu" --occupation workers \
    --birth-date "$birth" --org "$org" --status "$status" "$@"
  [ "$RC" -eq 0 ] || fail "member $name" "$ERR"
}
add 张三 A1 full 1970-05-01 21 --admitted 1995-01-01 --full 1996-01-01
add 李四 A2 full 1970-05-01 31 --admitted 1995-01-01 --full 1996-01-01
add 王五 A1 applicant 1990-01-01 21 --applied 2020-01-01
add 赵六 A2 probationary 1985-03-03 14 --admitted 2024-01-01
add 钱七 A full 1960-01-01 21 --admitted 1990-07-01 --full 1991-07-01
add 孙八 A2 activist 1999-09-09 31 --applied 2021-01-01 --activist 2021-06-01
add 周九 A1 applicant 1970-05-01 21 --applied 2022-01-01
add 吴十 A2 full 1980-02-02 11 --admitted 2000-01-01 --full 2001-01-01
add 郑一 A1 target 1995-01-01 41 --applied 2019-01-01 --activist 2019-06-01 --target 2020-06-01
add 冯二 A2 full 1970-05-01 21 --admitted 1995-01-01 --full 1996-01-01
add 陈三 A full 1975-01-01 21 --admitted 1999-01-01 --full 2000-01-01
add 褚四 A1 probationary 1988-08-08 21 --admitted 2024-06-01

serve_start
login officer "$PW"

SUB="(select id from orgs where code in ('A','A1','A2'))"
declare -A KEXPR=(
  [name]="sort_key" [birth_date]="birth_date" [admitted]="admitted" [full]="full_date"
  [education]="education" [org]="(select code from orgs o where o.id = p.org_id)"
  [status]="case status when 'applicant' then 1 when 'activist' then 2 when 'target' then 3 when 'probationary' then 4 when 'full' then 5 end"
)
# expected ids of the subtree in one order, from SQLite
expect() { # key dir [where]
  local k=${KEXPR[$1]} d=$2 w=${3:-1}
  sql "select p.id from persons p where p.org_id in $SUB and ($w) order by ($k) is null, ($k) $d, p.id $d" | tr '\n' ' '
}
# all ids of a list read page by page (pages of 3) from PATH (with its query)
walk() { # path
  local path=$1 cursor= ids= sep='?' pages=0
  case "$path" in *\?*) sep='&' ;; esac
  while :; do
    req officer GET "$path${cursor:+${sep}cursor=$cursor}"
    [ "$CODE" = 200 ] || { echo "HTTP $CODE $BODY"; return; }
    ids+=$(echo "$BODY" | jq -r '.items[].id' | tr '\n' ' ')
    cursor=$(echo "$BODY" | jq -r '.next_cursor // empty | @uri')
    pages=$((pages + 1))
    [ -n "$cursor" ] && [ "$pages" -lt 50 ] || break
  done
  echo "$ids"
}

total=$(sql "select count(*) from persons where org_id in $SUB")
eq "the subtree holds the fixture" "$total" "14"
for k in name birth_date admitted full education status org; do
  for d in asc desc; do
    got=$(walk "/orgs/$OA/members?subtree=1&limit=3&sort=$k&order=$d")
    eq "subtree sorted by $k $d over pages of 3" "$got" "$(expect "$k" "$d")"
  done
done
# the same orders in the search (scope A)
for k in birth_date full org; do
  got=$(walk "/members?limit=4&sort=$k&order=desc")
  eq "search sorted by $k desc" "$got" "$(expect "$k" desc)"
done
got=$(walk "/members?q=%E4%B8%89&limit=1&sort=birth_date")
eq "search text 三 sorted by birth date" "$got" "$(expect birth_date asc "instr(name, '三') > 0")"
# one organization (no subtree)
got=$(walk "/orgs/$OA2/members?limit=2&sort=admitted&order=desc")
eq "one organization by admission desc" "$got" \
  "$(expect admitted desc "p.org_id = (select id from orgs where code = 'A2')")"

# hand checks of the rules (not only agreement with SQLite)
req officer GET "/orgs/$OA/members?subtree=1&limit=100&sort=admitted&order=desc"
eq "admitted desc: newest first" "$(echo "$BODY" | jq -r '.items[0].name')" "褚四"
eq "admitted desc: the four without a date last" \
  "$(echo "$BODY" | jq -r '[.items[-5:][].admitted] | map(. // "none") | join(",")')" "1975-01-01,none,none,none,none"
req officer GET "/orgs/$OA/members?subtree=1&limit=100&sort=admitted"
eq "admitted asc: the ones without a date last too" \
  "$(echo "$BODY" | jq -r '[.items[-5:][].admitted] | map(. // "none") | join(",")')" "2024-06-01,none,none,none,none"
req officer GET "/orgs/$OA/members?subtree=1&limit=100&sort=birth_date"
ties=$(echo "$BODY" | jq -r '[.items[] | select(.birth_date == "1970-05-01") | .id] | join(" ")')
eq "birth date ties in id order" "$ties" "$(echo "$ties" | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//')"
eq "total unchanged by the order" "$(echo "$BODY" | jq .total)" "14"
req officer GET "/orgs/$OA/members?subtree=1&limit=100&sort=status&order=desc"
eq "status desc: full members first, applicants last" \
  "$(echo "$BODY" | jq -r '[.items[0].status, .items[-1].status] | join(",")')" "full,applicant"

# a row from page 2 comes first when the order is reversed
req officer GET "/orgs/$OA/members?subtree=1&limit=5&sort=birth_date"
first_asc=$(echo "$BODY" | jq -r '.items[0].id')
req officer GET "/orgs/$OA/members?subtree=1&limit=5&sort=birth_date&order=desc"
eq "birth date desc starts with the youngest" "$(echo "$BODY" | jq -r '.items[0].birth_date')" "1999-09-09"
hasnt "the first row of asc is not on the first page of desc" " $(echo "$BODY" | jq -r '[.items[].id] | join(" ")') " " $first_asc "

# the default order is unchanged: no sort = sort=name&order=asc, same cursor
req officer GET "/orgs/$OA/members?subtree=1&limit=3"
c_default=$(echo "$BODY" | jq -r .next_cursor); ids_default=$(echo "$BODY" | jq -c '[.items[].id]')
req officer GET "/orgs/$OA/members?subtree=1&limit=3&sort=name&order=asc"
eq "sort=name asc is the default" "$(echo "$BODY" | jq -c '[.items[].id]') $(echo "$BODY" | jq -r .next_cursor)" "$ids_default $c_default"
has "default cursor keeps its form HEX.ID" "$(echo "$c_default" | grep -E '^[0-9a-f]+\.[1-9][0-9]*$')" "."

# refusals
req officer GET "/orgs/$OA/members?sort=party_age"
eq "unknown sort key: 400" "$CODE" "400"
eq "unknown sort key: field and code" "$(echo "$BODY" | jq -r '[.error.field, .error.code] | join(" ")')" "sort invalid_choice"
req officer GET "/members?sort=phone"
eq "search, unknown sort key: 400 naming sort" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 sort"
req officer GET "/orgs/$OA/members?sort=name&order=up"
eq "unknown order: 400 naming order" "$CODE $(echo "$BODY" | jq -r '[.error.field, .error.code] | join(" ")')" "400 order invalid_choice"
req officer GET "/orgs/$OA/members?subtree=1&limit=3&sort=birth_date"
c_birth=$(echo "$BODY" | jq -r .next_cursor)
has "birth date cursor names its order" "$c_birth" "birth_date.a."
req officer GET "/orgs/$OA/members?subtree=1&limit=3&sort=admitted&cursor=$c_birth"
eq "birth date cursor with sort=admitted: 400 cursor_other_sort" \
  "$CODE $(echo "$BODY" | jq -r '[.error.field, .error.code] | join(" ")')" "400 cursor cursor_other_sort"
req officer GET "/orgs/$OA/members?subtree=1&limit=3&sort=birth_date&order=desc&cursor=$c_birth"
eq "asc cursor with order=desc: refused" "$CODE $(echo "$BODY" | jq -r .error.code)" "400 cursor_other_sort"
req officer GET "/orgs/$OA/members?subtree=1&limit=3&cursor=$c_birth"
eq "sorted cursor in the default order: refused" "$CODE $(echo "$BODY" | jq -r .error.code)" "400 cursor_other_sort"
req officer GET "/members?limit=3&sort=full&cursor=$c_default"
eq "default cursor with sort=full (search): refused" "$CODE $(echo "$BODY" | jq -r .error.code)" "400 cursor_other_sort"
for bad in "birth_date.a.zz.1" "birth_date.a.3139.0" "birth_date.x.3139.1" "education.a.1a.3" "nosuch.a.00.1" "birth_date.a.-.01"; do
  req officer GET "/orgs/$OA/members?subtree=1&sort=birth_date&cursor=$bad"
  eq "malformed cursor $bad: 400 cursor" "$CODE $(echo "$BODY" | jq -r .error.field)" "400 cursor"
done
# scope: a sorted list of an organization outside the officer's scope is
# answered like a missing one
for o in "$OR" "$OB" "$OU"; do
  req officer GET "/orgs/$o/members?sort=birth_date&order=desc"; out_o="$CODE ${BODY//$o/ID}"
  req officer GET "/orgs/99999999/members?sort=birth_date&order=desc"
  eq "sorted list of $o outside the scope = missing organization" "$out_o" "$CODE ${BODY//99999999/ID}"
done
req officer GET "/members?org=$OB&sort=org"; out_o="$CODE ${BODY//$OB/ID}"
req officer GET "/members?org=99999999&sort=org"
eq "sorted search in an organization outside the scope = missing one" "$out_o" "$CODE ${BODY//99999999/ID}"
req officer GET "/orgs/$OA1/members?sort=org&order=desc"
eq "sorted list of a child organization: 200" "$CODE" "200"
