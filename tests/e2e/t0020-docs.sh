#!/usr/bin/env bash
# t0020-docs.sh - the documentation follows the tables: every command of
# `orgwork help` has a row in docs/cli.md, and every route the server lists
# (`orgwork serve --print-routes`) has a section in docs/api.md, and no
# section documents a route that does not exist.
source "$(dirname "$0")/lib.sh"
doc="$ORGWORK_TOP/docs/cli.md"
api="$ORGWORK_TOP/docs/api.md"

"$ORGWORK" help > "$T/help"
cmds=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$T/help")
[ -n "$cmds" ] && pass "help lists commands" || fail "help lists commands"
for c in $cmds; do
  if grep -q "^| \`$c\` |" "$doc"; then pass "docs/cli.md has a row for $c"; else fail "docs/cli.md has a row for $c"; fi
done
rows=$(grep -c '^| `[a-z]*` |' "$doc")
eq "docs/cli.md has no rows for commands that do not exist" "$rows" "$(echo "$cmds" | wc -w)"

ok "init" init
ow serve --print-routes
eq "serve --print-routes works" "$RC" "0"
[ "$(wc -l <<<"$OUT")" -ge 30 ] && pass "the server lists its routes" || fail "the server lists its routes" "$OUT"
# one section "### METHOD /api/v1/PATH[?query]" per route, and no section for a route that does not exist
eq "docs/api.md has one section per route, no more" \
  "$(sed -n 's/^### \([A-Z]*\) \(\/api\/v1\/[^ ?]*\).*/\1 \2/p' "$api" | sort)" "$(awk '{print $1, $2}' <<<"$OUT" | sort)"
while read -r method path _; do
  [ -n "$method" ] || continue
  rel=${path#/api/v1}
  if grep -qF -- "$method $rel" "$api" || grep -qF -- "$method $path" "$api"; then
    pass "docs/api.md documents $method $path"
  else
    fail "docs/api.md documents $method $path"
  fi
done <<< "$OUT"
