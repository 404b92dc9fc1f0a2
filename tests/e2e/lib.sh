# lib.sh - helpers for the end-to-end scripts (sourced, not run).
#
# Each script runs the real binary ($ORGWORK) against a database in its own
# temporary directory ($T) and asserts with the functions below. Results go
# to $OW_RESULT as "passed failed" when the script exits; a script also runs
# alone: `ORGWORK=build/orgwork bash tests/e2e/t0001-init.sh`.
set -u
: "${ORGWORK:?set ORGWORK to the orgwork binary}"
: "${ORGWORK_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
T=$(mktemp -d)
DB="$T/test.db"
FIX="$ORGWORK_TOP/tests/fixtures"
export ORGWORK_TODAY=${ORGWORK_TODAY:-2026-11-25}
_pass=0; _fail=0
_finish() {
  [ -n "${OW_RESULT:-}" ] && echo "$_pass $_fail" > "$OW_RESULT"
  echo "# $_pass passed, $_fail failed"
  rm -rf "$T"
}
trap _finish EXIT

pass() { _pass=$((_pass + 1)); echo "ok - $1"; }
fail() { _fail=$((_fail + 1)); echo "not ok - $1"; shift; [ $# -gt 0 ] && printf '    %s\n' "$@"; return 0; }

# ow ARGS...: runs orgwork on $DB; output in $OUT, stderr in $ERR, status in $RC.
ow() {
  "$ORGWORK" --db "$DB" "$@" >"$T/out" 2>"$T/err"; RC=$?
  OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
  if grep -qE 'Sanitizer|runtime error:' "$T/err"; then fail "sanitizer clean: $*" "$ERR"; fi
  return 0
}
# ok DESC ARGS...: orgwork must exit 0.
ok() { local d=$1; shift; ow "$@"; if [ "$RC" -eq 0 ]; then pass "$d"; else fail "$d" "exit $RC" "$ERR"; fi; }
# fails DESC CODE ARGS...: orgwork must exit with CODE.
fails() { local d=$1 c=$2; shift 2; ow "$@"; if [ "$RC" -eq "$c" ]; then pass "$d"; else fail "$d" "exit $RC, wanted $c" "$OUT" "$ERR"; fi; }
# eq DESC ACTUAL EXPECTED
eq() { if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "got:      $2" "expected: $3"; fi; }
# has DESC HAYSTACK NEEDLE
has() { case "$2" in *"$3"*) pass "$1" ;; *) fail "$1" "missing '$3' in:" "$2" ;; esac; }
# hasnt DESC HAYSTACK NEEDLE
hasnt() { case "$2" in *"$3"*) fail "$1" "unexpected '$3' in:" "$2" ;; *) pass "$1" ;; esac; }
# sql QUERY: runs sqlite3 on $DB, prints the result.
sql() { sqlite3 "$DB" "$1"; }
# xlsx_rows FILE: the rows of the first sheet of an XLSX file as CSV lines
# (shared strings resolved, empty cells empty), read with python3's zipfile.
xlsx_rows() {
  python3 - "$1" <<'PY'
import csv, re, sys, zipfile, xml.etree.ElementTree as ET
m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
z = zipfile.ZipFile(sys.argv[1])
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    shared = ["".join(t.text or "" for t in si.iter(m + "t"))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(m + "si")]
def col(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group():
        n = n * 26 + ord(ch) - 64
    return n - 1
w = csv.writer(sys.stdout, lineterminator="\n")
for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(m + "row"):
    cells = {}
    for c in row.findall(m + "c"):
        v, t = c.find(m + "v"), c.get("t")
        if t == "s":
            text = shared[int(v.text)]
        elif t == "inlineStr":
            text = "".join(x.text or "" for x in c.iter(m + "t"))
        else:
            text = "" if v is None else v.text
        cells[col(c.get("r"))] = text
    w.writerow([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
PY
}
