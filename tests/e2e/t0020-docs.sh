#!/usr/bin/env bash
# t0020-docs.sh - the documentation follows the tables: every command of
# `orgwork help` has a row in docs/cli.md, every subcommand it lists a row in
# the docs/cli-*.md reference of its command (and no row there is left
# without a subcommand), and every route the server lists (`orgwork serve
# --print-routes`) has a section in docs/api.md, and no section documents a
# route that does not exist.
source "$(dirname "$0")/lib.sh"
doc="$ORGWORK_TOP/docs/cli.md"
api="$ORGWORK_TOP/docs/api.md"

"$ORGWORK" help > "$T/help"
cmds=$(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' "$T/help")
[ -n "$cmds" ] && pass "help lists commands" || fail "help lists commands"
for c in $cmds; do
  if grep -q "^| \`$c\` |" "$doc"; then pass "docs/cli.md has a row for $c"; else fail "docs/cli.md has a row for $c"; fi
done
rows=$(grep -c '^| `[a-z]*` |' "$doc")
eq "docs/cli.md has no rows for commands that do not exist" "$rows" "$(echo "$cmds" | wc -w)"

subs=$(sed -n 's/^    \([a-z][a-z]* [a-z][a-z-]*\) .*/\1/p' "$T/help")
[ "$(echo "$subs" | wc -l)" -ge 20 ] && pass "help lists subcommands" || fail "help lists subcommands" "$subs"
while read -r sub; do
  if grep -q "^| \`$sub[\` ]" "$ORGWORK_TOP"/docs/cli-*.md; then pass "docs have a row for $sub"; else fail "docs have a row for $sub"; fi
done <<< "$subs"
# ... with the synopsis of the subcommand's usage (continuation lines joined)
while read -r sub; do
  syn=$("$ORGWORK" help $sub | sed -n '1{s/^usage: orgwork //;p;}; 2,${/^                /{s/^ *//;p;};}' | paste -sd' ')
  row=$(grep -ohE "^\| \`$sub( [^\`]*)?\`" "$ORGWORK_TOP"/docs/cli-*.md | sed 's/^| `//; s/`$//; s/\\|/|/g')
  eq "docs row of $sub shows its usage" "$row" "$syn"
done <<< "$subs"
parents=$(echo "$subs" | cut -d' ' -f1 | sort -u | paste -sd'|')
doc_subs=$(grep -ohE "^\| \`($parents) [a-z-]+" "$ORGWORK_TOP"/docs/cli-*.md | sed 's/^| `//' | sort -u)
eq "docs have no rows for subcommands that do not exist" "$doc_subs" "$(echo "$subs" | sort -u)"

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
