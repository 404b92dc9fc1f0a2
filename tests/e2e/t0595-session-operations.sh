#!/usr/bin/env bash
# t0595-session-operations.sh - GET /session (and the login reply) list
# the operations of the user's role in its scope, and they are exactly what
# the server then allows: for every role, the list equals the role's
# operations as tools/authz-matrix states them, and one request per
# operation, on a target in the scope, is allowed when the operation is
# listed and refused (403, or 404 for the member's hidden records) when not.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
MATRIX="$ORGWORK_TOP/tools/authz-matrix"

make_tree
ORGWORK_INSECURE_DEMO=1 ow user add --login top --role org_officer --scope R --no-totp --password-stdin <<< "$PW"
serve_start

ALL="org.read org.create org.change member.read member.write member.reveal self.read export import stats.read user.admin audit.read user.read user.approve"
printf 'code,name,kind,parent,sector,established\n' > "$T/empty.csv"

# probe OP AS: one request that needs OP, on a target inside the caller's scope.
probe() {
  local as=$1
  case $2 in
    org.read) req "$as" GET "/orgs/$OA1" ;;
    org.create) req "$as" POST /orgs "{\"code\":\"M1\",\"name\":\"x\",\"kind\":\"nonsense\",\"parent_id\":$OA1,\"sector\":\"agency\"}" ;;
    org.change) req "$as" POST "/orgs/$OA1/rename" '{"name":""}' ;;
    member.read) req "$as" GET "/orgs/$OA1/members" ;;
    member.write) req "$as" PATCH "/members/$PA1" '{"sex":"robot"}' ;;
    member.reveal) req "$as" GET "/members/$PA?reveal=1" ;;
    self.read) req "$as" GET "/members/$PA/timeline" ;;
    export) req "$as" GET "/export?org=$OA1&reason=check" ;;
    import) req "$as" POST "/import?dry_run=1" "@$T/empty.csv" text/csv ;;
    stats.read) req "$as" GET "/stats/rollup?org=$OA1&by=sex" ;;
    user.admin) req "$as" PATCH "/users/$(sql "select id from users where login='officer'")" '{"role":"nonsense"}' ;;
    user.read) req "$as" GET /users ;;
    user.approve) req "$as" POST /user-requests/999999/reject '{"reason":""}' ;;
    audit.read) req "$as" GET "/audit?limit=1" ;;
  esac
  case $CODE in
    200|201|409|422) echo allowed ;;
    403|404) echo refused ;;
    *) echo "http$CODE" ;;
  esac
}

declare -A ROLE=([officer]=org_officer [top]=org_officer [secretary]=branch_secretary
                 [member]=member [auditor]=auditor [sysadmin]=sysadmin [secadmin]=secadmin)
for who in officer top secretary member auditor sysadmin secadmin; do
  login "$who" "$PW"
  from_login=$(echo "$BODY" | jq -r '.operations|join(" ")')
  req "$who" GET /session
  ops=$(echo "$BODY" | jq -r '.operations|join(" ")')
  eq "$who: the login reply and the session list the same operations" "$from_login" "$ops"
  [ "$who" = top ] && scope=top || scope=
  want=$("$MATRIX" --operations "${ROLE[$who]}" $scope | tr '\n' ' ' | sed 's/ $//')
  eq "$who: the session lists the role's operations" "$(echo "$ops" | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "$(echo "$want" | tr ' ' '\n' | sort | tr '\n' ' ')"
  bad=
  for op in $ALL; do
    case " $ops " in *" $op "*) listed=allowed ;; *) listed=refused ;; esac
    # self.read is implied by member.read for everyone but a member
    [ "$op" = self.read ] && [ "$listed" = refused ] && [ "$who" != member ] && continue
    got=$(probe "$who" "$op")
    [ "$got" = "$listed" ] || bad+="$op: listed $listed, server $got; "
  done
  eq "$who: each operation is allowed exactly when listed" "$bad" ""
done

# The examples of the documentation, spelled out.
login auditor "$PW"
eq "an auditor may read the audit log" "$(echo "$BODY" | jq -r '.operations|index("audit.read") != null')" "true"
eq "an auditor may not write members" "$(echo "$BODY" | jq -r '.operations|index("member.write") != null')" "false"
req auditor PATCH "/members/$PA1" '{"sex":"robot"}'
eq "and a member write by the auditor answers 403" "$CODE" "403"
login officer "$PW"
eq "an officer below the top of the tree does not import" "$(echo "$BODY" | jq -r '.operations|index("import") != null')" "false"
req officer POST "/import?dry_run=1" "@$T/empty.csv" text/csv
eq "and an import by the officer answers 403" "$CODE" "403"
