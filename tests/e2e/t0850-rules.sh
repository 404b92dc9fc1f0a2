#!/usr/bin/env bash
# t0850-rules.sh - the rules catalogue: list in force by date, overrides with
# a reason (audited, dated, superseding the default from their day), refusals
# of unknown keys and bad values, the API's read, and docs/rules.md listing
# exactly the rules of the code (key, and the value of each version).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"
ok "init" init

ok "rules list json" --format json rules list
J=$OUT
eq "term.branch today is 3" "$(jq -r '.items[]|select(.key=="term.branch").value' <<<"$J")" 3
eq "village/community term today is 5 (2018 Opinions)" \
  "$(jq -r '.items[]|select(.key=="term.village_community")|[.value,.applies_from,.overridden]|@tsv' <<<"$J")" \
  "$(printf '5\t2018-07-12\tfalse')"
eq "every rule names a source" "$(jq '[.items[]|select(.source|length<10)]|length' <<<"$J")" 0
ok "rules list of 2016" --format json rules list --date 2016-05-01
eq "village/community term in 2016 is 3" \
  "$(jq -r '.items[]|select(.key=="term.village_community").value' <<<"$OUT")" 3

# docs/rules.md has one row per default version and no other (uses rules show)
doc="$ORGWORK_TOP/docs/rules.md"
code_keys=$(jq -r '.items[].key' <<<"$J" | sort)
doc_keys=$(sed -n 's/^| `\([a-z0-9_.]*\)` |.*/\1/p' "$doc" | sort -u)
eq "docs/rules.md lists exactly the rules of the code" "$doc_keys" "$code_keys"
# every version of every key (rules show), not only those in force on some days
for k in $code_keys; do
  "$ORGWORK" --db "$DB" --format json rules show "$k" |
    jq -r '.versions[]|"| `\(.key)` | \(if .value=="" then "—" else .value end) | \(.unit) | \(.applies_from) |"'
done | sort -u > "$T/versions"
while read -r row; do
  grep -qF -- "$row" "$doc" && pass "docs row: $row" || fail "docs/rules.md lacks the row" "$row"
done < "$T/versions"
eq "docs/rules.md has no versions the code lacks" "$(grep -c '^| `[a-z]' "$doc")" "$(wc -l < "$T/versions")"

# overrides
fails "unknown rule refused" 1 rules set no.such.rule 3 --reason "x"
has "names the key" "$ERR" "no rule 'no.such.rule'"
fails "years take a number" 1 rules set term.branch three --reason "x"
has "names the rule" "$ERR" "value: rule term.branch takes a whole number of years (0-99)"
fails "kinds must be known" 1 rules set structure.parents.branch committee,nonsense --reason "x"
fails "a reason is required (usage)" 2 rules set term.branch 4
fails "an empty reason is refused" 1 rules set term.branch 4 --reason " "
has "names the reason" "$ERR" "reason"
ok "override from 2020" rules set term.branch 4 --from 2020-01-01 --reason "provincial rule 2020/7"
eq "set prints the rule" "$OUT" "term.branch = 4 from 2020-01-01"
ok "list" --format json rules list
eq "override in force" "$(jq -c '.items[]|select(.key=="term.branch")|[.value,.applies_from,.overridden,.reason]' <<<"$OUT")" \
  '["4","2020-01-01",true,"provincial rule 2020/7"]'
ok "list 2019" --format json rules list --date 2019-12-31
eq "default before the override's day" "$(jq -c '.items[]|select(.key=="term.branch")|[.value,.overridden]' <<<"$OUT")" '["3",false]'
ok "audit show" audit show --limit 5
eq "the override is audited once, with its actor, value, day and reason" \
  "$(awk -F'\t' '$4=="rule.set" {print $3, $5, $7}' <<<"$OUT")" \
  "cli:$(id -un) rule/1 {\"key\":\"term.branch\",\"value\":\"4\",\"applies_from\":\"2020-01-01\",\"reason\":\"provincial rule 2020/7\",\"actor\":\"cli:$(id -un)\"}"

# the API reads (any logged-in user); no route writes
ok "org" org add --code P --name 省委 --kind committee --established 1949-10-01
ORGWORK_INSECURE_DEMO=1 ok "user" user add --login officer --role org_officer --scope P --no-totp --password-stdin <<< "$PW"
serve_start
login officer "$PW"
req officer GET /rules
eq "GET /rules 200" "$CODE" 200
eq "API gives the override" "$(jq -r '.items[]|select(.key=="term.branch").value' <<<"$BODY")" 4
req officer GET "/rules?date=2019-01-01"
eq "API by date" "$(jq -r '.items[]|select(.key=="term.branch").value' <<<"$BODY")" 3
