#!/usr/bin/env bash
# t0820-fuzz-corpus.sh - every fuzz corpus (tests/fuzz/corpus/<harness>/)
# replayed once through its harness built without libFuzzer
# (corpus-<harness>, tests/fuzz/replay.c), under the sanitizers of the
# build: an input that once crashed a parser stays a test.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$ORGWORK")
corpus="$ORGWORK_TOP/tests/fuzz/corpus"
export ORGWORK_TODAY
for src in "$ORGWORK_TOP"/tests/fuzz/fuzz-*.c; do
  h=$(basename "$src" .c); h=${h#fuzz-}
  if [ ! -x "$build/corpus-$h" ]; then fail "harness $h is built" "no $build/corpus-$h"; continue; fi
  n=$(find "$corpus/$h" -type f 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] && pass "corpus of $h has inputs ($n)" || fail "corpus of $h has inputs"
  out=$("$build/corpus-$h" "$corpus/$h" 2>&1); rc=$?
  if [ $rc -eq 0 ] && ! grep -qE 'Sanitizer|runtime error:' <<< "$out"; then
    pass "corpus $h replays clean"
  else
    fail "corpus $h replays clean" "exit $rc" "$(tail -20 <<< "$out")"
  fi
  has "every input of $h fed" "$out" "replayed $n inputs"
done
