#!/usr/bin/env bash
# t0906-error-catalogue.sh - every error code the server can send has a
# wording in both catalogues of the UI. Collects the code literals of the
# C sources (error_setc / error_add / imp_tag calls, the reasons of
# idcard_check_why, the codes of statuses in reply_http_status and
# status_code) and checks that web/i18n/zh-CN.json and en.json hold
# "err.<code>" (specific codes) or "error.<code>" (codes of statuses) for
# each; also that the collector finds the codes it must (so that a broken
# collector cannot pass by finding nothing).
source "$(dirname "$0")/lib.sh"

codes=$(python3 - "$ORGWORK_TOP" <<'PY'
import os, re, sys
top = sys.argv[1]
found = {}
call = re.compile(r'\berror_(?:setc|add)\s*\(([^;]*?)\)\s*;', re.S)
lit = re.compile(r'"((?:[^"\\]|\\.)*)"')
def args(text):
    out, depth, cur, q, i = [], 0, '', False, 0
    while i < len(text):
        c = text[i]
        if q:
            cur += c
            if c == '\\': cur += text[i + 1]; i += 1
            elif c == '"': q = False
        elif c == '"': q = True; cur += c
        elif c in '([': depth += 1; cur += c
        elif c in ')]': depth -= 1; cur += c
        elif c == ',' and depth == 0: out.append(cur.strip()); cur = ''
        else: cur += c
        i += 1
    out.append(cur.strip())
    return out
for d, _, files in os.walk(os.path.join(top, 'src')):
    for f in files:
        if not f.endswith('.c'): continue
        p = os.path.join(d, f)
        s = open(p, encoding='utf-8').read()
        for m in call.finditer(s):
            a = args(m.group(1))
            if len(a) < 4: continue
            for l in lit.findall(a[3]):   # "x" or cond ? "x" : "y"
                found.setdefault('err.' + l, p)
        for m in re.finditer(r'\bimp_tag1?\([^,]+,[^,]+,\s*"([a-z_0-9]+)"', s):
            found.setdefault('err.' + m.group(1), p)
        # person.c's FAIL(field, code, ...) is error_add
        for m in re.finditer(r'\bFAIL\(\s*(?:"[^"]*"|[^,"]+)\s*,\s*"([a-z_0-9]+)"', s):
            found.setdefault('err.' + m.group(1), p)
        for m in re.finditer(r'why_set\(\s*why\s*,\s*"([a-z_0-9]+)"', s):
            found.setdefault('err.' + m.group(1), p)
        if f == 'reply.c':
            for m in re.finditer(r'\{\s*ST_[A-Z_]+\s*,\s*\d+\s*,\s*"([a-z_]+)"\s*\}', s):
                found.setdefault('error.' + m.group(1), p)
        if f == 'error.c':
            for m in re.finditer(r'return "([a-z_]+)";', s):
                if m.group(1) != 'ok':   # ST_OK is never an error
                    found.setdefault('error.' + m.group(1), p)
# error_add(..., why.code ? why.code : "invalid", ...) names "invalid" too
for k, p in sorted(found.items()):
    print(k, os.path.relpath(p, top))
PY
)
n=$(echo "$codes" | grep -c .)
has "collector finds the check-digit code" "$codes" "err.id_number_check_digit"
has "collector finds error_add codes" "$codes" "err.required"
has "collector finds status codes" "$codes" "error.not_found"
has "collector finds HTTP codes" "$codes" "error.method_not_allowed"
[ "$n" -gt 40 ] && pass "collector finds $n codes" || fail "collector finds only $n codes"

for lang in zh-CN en; do
  cat="$ORGWORK_TOP/web/i18n/$lang.json"
  missing=$(echo "$codes" | while read -r key file; do
    jq -e --arg k "$key" 'has($k) and (.[$k] | type == "string" and length > 0)' "$cat" >/dev/null || echo "$key ($file)"
  done)
  eq "$lang catalogue words every server error code" "$missing" ""
done
